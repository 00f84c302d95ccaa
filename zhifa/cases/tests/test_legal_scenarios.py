"""Legal scenarios of the penalty procedure, one per gate or clock, each naming its article.

Dates are worked out by hand against the 2026 schedule (国办 notice of 2025-11-04): 春节 Feb 15–23
off with Sat Feb 14 and Sat Feb 28 working; 国庆 Oct 1–7 off with Sun Sep 20 and Sat Oct 10 working.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from zhifa.cases.rules.decision import Proposal, discretion_check, heavier_problems, notice_problems
from zhifa.cases.rules.execution import (
    court_application_problems,
    court_application_window,
    late_surcharge,
    payment_due,
)
from zhifa.cases.rules.hearing import (
    HearingThresholds,
    earliest_hearing_date,
    hearing_notice_problems,
    hearing_request_deadline,
    hearing_request_in_time,
    hearing_right,
)
from zhifa.cases.rules.limitation import limitation_check
from zhifa.cases.rules.officers import officer_team_problems
from zhifa.cases.rules.review import (
    ReviewGrounds,
    collective_discussion_reasons,
    legal_review_reasons,
    reviewer_problems,
)
from zhifa.cases.rules.summary import SummaryLimits, cash_on_spot_allowed, summary_procedure_violations
from zhifa.core.errors import CalendarYearUnknown
from zhifa.legal.rules.discretion import PenaltyKind as K
from zhifa.parties.choices import PartyKind as P

pytestmark = pytest.mark.django_db
D = date
NEW = SummaryLimits(Decimal(200), Decimal(3000), "行政处罚法第五十一条")
OLD = SummaryLimits(Decimal(50), Decimal(1000), "原行政处罚法第三十三条")
GUANGDONG = HearingThresholds(
    citizen_fine=Decimal(5000),
    organisation_fine=Decimal(100000),
    citizen_confiscation=Decimal(5000),
    organisation_confiscation=Decimal(100000),
    basis="广东省行政处罚听证程序实施办法",
    confirmed=False,
)


# -- 简易程序 (Art. 51) and 当场收缴 (Art. 68) -------------------------------------------------------


def test_art51_summary_fine_of_200_yuan_on_a_citizen_is_allowed_201_is_not() -> None:
    assert (
        summary_procedure_violations(
            party_kind=P.NATURAL_PERSON, penalty_kinds=[K.FINE], fine=Decimal(200), limits=NEW
        )
        == []
    )
    problems = summary_procedure_violations(
        party_kind=P.NATURAL_PERSON, penalty_kinds=[K.FINE], fine=Decimal(201), limits=NEW
    )
    assert problems == ["对公民当场罚款不得超过200元（行政处罚法第五十一条），应适用普通程序"]


def test_art51_organisation_fine_up_to_3000_and_an_individual_business_counts_as_a_citizen() -> None:
    assert (
        summary_procedure_violations(
            party_kind=P.LEGAL_PERSON, penalty_kinds=[K.FINE], fine=Decimal(3000), limits=NEW
        )
        == []
    )
    assert summary_procedure_violations(
        party_kind=P.LEGAL_PERSON, penalty_kinds=[K.FINE], fine=Decimal("3000.01"), limits=NEW
    )
    assert summary_procedure_violations(
        party_kind=P.INDIVIDUAL_BUSINESS, penalty_kinds=[K.FINE], fine=Decimal(500), limits=NEW
    )


def test_art51_summary_procedure_allows_only_warning_or_fine() -> None:
    assert (
        summary_procedure_violations(
            party_kind=P.LEGAL_PERSON, penalty_kinds=[K.WARNING], fine=None, limits=NEW
        )
        == []
    )
    problems = summary_procedure_violations(
        party_kind=P.LEGAL_PERSON, penalty_kinds=[K.WARNING, K.SUSPEND_LICENCE], fine=None, limits=NEW
    )
    assert any("暂扣许可证件" in p for p in problems)


def test_old_art33_thresholds_50_and_1000_apply_to_decisions_before_2021_07_15() -> None:
    assert summary_procedure_violations(
        party_kind=P.NATURAL_PERSON, penalty_kinds=[K.FINE], fine=Decimal(100), limits=OLD
    )
    assert (
        summary_procedure_violations(
            party_kind=P.OTHER_ORG, penalty_kinds=[K.FINE], fine=Decimal(1000), limits=OLD
        )
        == []
    )


def test_art68_cash_on_the_spot_only_up_to_100_yuan_in_summary_procedure_or_when_hard_to_enforce() -> None:
    assert cash_on_spot_allowed(summary=True, fine=Decimal(100))[0] is True
    assert cash_on_spot_allowed(summary=True, fine=Decimal(150))[0] is False
    assert cash_on_spot_allowed(summary=True, fine=Decimal(150), hard_to_enforce_later=True)[0] is True
    assert cash_on_spot_allowed(summary=False, fine=Decimal(50))[0] is False
    assert (
        cash_on_spot_allowed(summary=False, fine=Decimal(5000), remote_area_party_request=True)[0] is True
    )  # 第69条


# -- 第42条 two certified officers -------------------------------------------------------------------


class _Officer:
    def __init__(self, name: str, valid_to: date, active: bool = True) -> None:
        self.name, self.valid_to, self.is_active = name, valid_to, active

    def certificate_valid_on(self, day: date) -> bool:
        return day <= self.valid_to


def test_art42_one_officer_is_not_enough_and_an_expired_certificate_blocks() -> None:
    a, b = _Officer("张三", D(2027, 1, 1)), _Officer("李四", D(2026, 9, 30))
    assert officer_team_problems([a], on=D(2026, 9, 1)) == ["执法人员不得少于2人（行政处罚法第四十二条）"]
    assert officer_team_problems([a, b], on=D(2026, 9, 30)) == []
    assert officer_team_problems([a, b], on=D(2026, 10, 8)) == [
        "李四的行政执法证在2026年10月08日无效或已过期（行政处罚法第四十二条）"
    ]
    assert officer_team_problems([a, a], on=D(2026, 9, 1))  # the same person twice is one officer


def test_art42_officer_without_the_case_domain_is_refused() -> None:
    a, b = _Officer("张三", D(2027, 1, 1)), _Officer("李四", D(2027, 1, 1))
    codes = {id(a): {"market"}, id(b): {"ecology"}}
    assert officer_team_problems([a, b], on=D(2026, 9, 1), domain_codes=codes, domain="market") == [
        "李四不具备本案执法领域的执法资格"
    ]


# -- 第36条 limitation -------------------------------------------------------------------------------


def test_art36_two_years_from_the_act_and_from_the_end_of_a_continuing_act() -> None:
    assert (
        limitation_check(act_on=D(2024, 3, 1), discovered_on=D(2026, 3, 2)).expired is False
    )  # ends Mon 03-02
    assert limitation_check(act_on=D(2024, 2, 27), discovered_on=D(2026, 3, 2)).expired is True
    continuing = limitation_check(
        act_on=D(2023, 1, 1), act_ended_on=D(2025, 6, 1), discovered_on=D(2026, 11, 1)
    )
    assert continuing.expired is False
    assert continuing.runs_from == D(2025, 6, 1)


def test_art36_five_years_when_life_health_or_financial_security_was_harmed() -> None:
    late = limitation_check(act_on=D(2022, 5, 10), discovered_on=D(2026, 11, 1))
    assert late.expired is True
    assert "行政处罚法第三十六条" in late.message
    assert (
        limitation_check(
            act_on=D(2022, 5, 10), discovered_on=D(2026, 11, 1), life_health_or_financial_harm=True
        ).expired
        is False
    )


# -- 第63–64条 hearings ------------------------------------------------------------------------------


def test_art63_fine_of_5000_on_a_citizen_reaches_the_guangdong_threshold() -> None:
    right = hearing_right(
        party_kind=P.NATURAL_PERSON, penalty_kinds=[K.FINE], fine=Decimal(5000), thresholds=GUANGDONG
    )
    assert right.applies is True
    assert right.unconfirmed_threshold is True  # [secondary] figure: flagged for legal review
    assert (
        hearing_right(
            party_kind=P.NATURAL_PERSON, penalty_kinds=[K.FINE], fine=Decimal(4999), thresholds=GUANGDONG
        ).applies
        is False
    )
    assert (
        hearing_right(
            party_kind=P.LEGAL_PERSON, penalty_kinds=[K.FINE], fine=Decimal(99999), thresholds=GUANGDONG
        ).applies
        is False
    )


def test_art63_revoking_a_licence_or_ordering_closure_always_gives_a_hearing() -> None:
    right = hearing_right(
        party_kind=P.LEGAL_PERSON, penalty_kinds=[K.WARNING, K.REVOKE_LICENCE], thresholds=GUANGDONG
    )
    assert right.applies is True
    assert right.reasons == ["吊销许可证件（第六十三条第一款第三项）"]


def test_art63_a_missing_threshold_keeps_the_partys_hearing_right() -> None:
    right = hearing_right(
        party_kind=P.LEGAL_PERSON, penalty_kinds=[K.FINE], fine=Decimal(10), thresholds=None
    )
    assert right.applies is True
    assert right.unconfirmed_threshold is True


def test_art64_hearing_request_within_5_working_days_across_spring_festival() -> None:
    # 告知 served Thu 2026-02-12: Fri 13 (1), Sat 14 调休 (2), Feb 15–23 off,
    # Tue 24 (3), Wed 25 (4), Thu 26 (5).
    assert hearing_request_deadline(D(2026, 2, 12)) == D(2026, 2, 26)
    assert hearing_request_in_time(notice_served_on=D(2026, 2, 12), requested_on=D(2026, 2, 26)) is True
    assert hearing_request_in_time(notice_served_on=D(2026, 2, 12), requested_on=D(2026, 2, 27)) is False


def test_art64_hearing_notice_7_working_days_before_across_national_day() -> None:
    # Notice served Mon 2026-09-28: Tue 29 (1), Wed 30 (2), Oct 1–7 off, Thu 8 (3), Fri 9 (4),
    # Sat 10 调休 (5), Mon 12 (6), Tue 13 (7): the hearing may be held on 10-13 at the earliest.
    assert earliest_hearing_date(D(2026, 9, 28)) == D(2026, 10, 13)
    assert hearing_notice_problems(notice_served_on=D(2026, 9, 28), hearing_on=D(2026, 10, 13)) == []
    assert hearing_notice_problems(notice_served_on=D(2026, 9, 28), hearing_on=D(2026, 10, 12))


def test_working_day_deadlines_in_an_unknown_year_fail_closed() -> None:
    with pytest.raises(CalendarYearUnknown):
        hearing_request_deadline(D(2027, 3, 1))


# -- 第44、45、62条 notice, statement window, not heavier --------------------------------------------


def test_art62_no_decision_without_a_served_advance_notice() -> None:
    problems = notice_problems(
        notice_served_on=None,
        today=D(2026, 5, 1),
        window_working_days=5,
        waived=False,
        hearing_requested=False,
        hearing_concluded=False,
    )
    assert "第六十二条" in problems[0]


def test_statement_window_of_5_working_days_counts_the_may_9_adjustment_saturday() -> None:
    # 告知 served Wed 2026-05-06: Thu 7 (1), Fri 8 (2), Sat 9 调休 (3), Mon 11 (4), Tue 12 (5).
    def problems(today: date, waived: bool) -> list[str]:
        return notice_problems(
            notice_served_on=D(2026, 5, 6),
            today=today,
            window_working_days=5,
            waived=waived,
            hearing_requested=False,
            hearing_concluded=False,
        )

    assert problems(D(2026, 5, 12), waived=False)
    assert problems(D(2026, 5, 13), waived=False) == []
    assert problems(D(2026, 5, 7), waived=True) == []  # express waiver


def test_art65_a_requested_hearing_must_be_held_before_the_decision() -> None:
    problems = notice_problems(
        notice_served_on=D(2026, 3, 2),
        today=D(2026, 4, 1),
        window_working_days=5,
        waived=False,
        hearing_requested=True,
        hearing_concluded=False,
    )
    assert problems == ["当事人已要求听证，听证结束前不得作出处罚决定（行政处罚法第六十三条、第六十五条）"]


def test_art45_a_statement_never_makes_the_penalty_heavier() -> None:
    notified = Proposal.of([K.FINE], Decimal(8000))
    assert (
        heavier_problems(
            notified=notified, decided=Proposal.of([K.FINE], Decimal(6000)), after_statement=True
        )
        == []
    )
    problems = heavier_problems(
        notified=notified, decided=Proposal.of([K.FINE], Decimal(9000)), after_statement=True
    )
    assert problems[-1] == "不得因当事人陈述、申辩而给予更重的处罚（行政处罚法第四十五条第二款）"
    added = heavier_problems(
        notified=notified,
        decided=Proposal.of([K.FINE, K.REVOKE_LICENCE], Decimal(8000)),
        after_statement=False,
    )
    assert "吊销许可证件" in added[0]
    assert "重新告知" in added[-1]


def test_art34_fine_outside_the_tier_needs_a_written_justification() -> None:
    inside = discretion_check(
        fine=Decimal(30000), tier_lo=Decimal(20000), tier_hi=Decimal(50000), justification=""
    )
    assert inside.inside is True
    outside = discretion_check(
        fine=Decimal(60000), tier_lo=Decimal(20000), tier_hi=Decimal(50000), justification=""
    )
    assert outside.needs_justification is True
    justified = discretion_check(
        fine=Decimal(60000), tier_lo=Decimal(20000), tier_hi=Decimal(50000), justification="多次违法"
    )
    assert (justified.inside, justified.needs_justification) == (False, False)


# -- 第57、58条 review and collective discussion ------------------------------------------------------


def test_art58_legal_review_after_a_hearing_on_major_rights() -> None:
    assert legal_review_reasons(ReviewGrounds(major_rights=True, hearing_held=False)) == []
    assert legal_review_reasons(ReviewGrounds(major_rights=True, hearing_held=True)) == [
        "直接关系当事人或者第三人重大权益，经过听证程序（第五十八条第一款第二项）"
    ]
    assert len(legal_review_reasons(ReviewGrounds(major_public_interest=True, complex_case=True))) == 2


def test_art58_reviewer_needs_the_legal_qualification_and_must_not_have_handled_the_case() -> None:
    assert (
        reviewer_problems(
            reviewer_name="王五", has_legal_qualification=True, handled_case=False, legal_review=True
        )
        == []
    )
    assert reviewer_problems(
        reviewer_name="王五", has_legal_qualification=False, handled_case=False, legal_review=True
    )
    assert reviewer_problems(
        reviewer_name="张三", has_legal_qualification=True, handled_case=True, legal_review=False
    )
    # an ordinary 案件审核 does not need the qualification
    assert (
        reviewer_problems(
            reviewer_name="赵六", has_legal_qualification=False, handled_case=False, legal_review=False
        )
        == []
    )


def test_art57_serious_violations_go_to_collective_discussion() -> None:
    assert collective_discussion_reasons(complex_or_serious=False, reduced_below_minimum=False) == []
    assert collective_discussion_reasons(complex_or_serious=True, reduced_below_minimum=False)


# -- 第67、72、73条 payment, surcharge; 强制法 第53、54条 court -----------------------------------------


def test_art67_payment_15_days_from_receipt_rolls_past_national_day() -> None:
    # Received Tue 2026-09-22: day 15 is Wed 10-07 (holiday) → next working day Thu 10-08.
    assert payment_due(D(2026, 9, 22)) == D(2026, 10, 8)
    # Received Fri 2026-01-30: day 15 is Sat 02-14, a 调休 working Saturday → stays 02-14.
    assert payment_due(D(2026, 1, 30)) == D(2026, 2, 14)


def test_art72_surcharge_3_percent_a_day_capped_at_the_fine() -> None:
    ten = late_surcharge(fine=Decimal(1000), due_on=D(2026, 3, 1), as_of=D(2026, 3, 11))
    assert (ten.days, ten.amount, ten.capped) == (10, Decimal("300.00"), False)
    capped = late_surcharge(fine=Decimal(1000), due_on=D(2026, 3, 1), as_of=D(2026, 6, 1))
    assert (capped.amount, capped.capped) == (Decimal("1000.00"), True)
    assert late_surcharge(fine=Decimal(1000), due_on=D(2026, 3, 1), as_of=D(2026, 3, 1)).days == 0


def test_art73_surcharge_does_not_run_during_reconsideration() -> None:
    paused = [(D(2026, 3, 5), D(2026, 3, 9))]  # 5 days of 复议
    s = late_surcharge(fine=Decimal(1000), due_on=D(2026, 3, 1), as_of=D(2026, 3, 11), paused=paused)
    assert (s.days, s.amount) == (5, Decimal("150.00"))
    still_pending = late_surcharge(
        fine=Decimal(1000), due_on=D(2026, 3, 1), as_of=D(2026, 3, 11), paused=[(D(2026, 3, 5), None)]
    )
    assert still_pending.days == 3


def test_coercion_law_art54_court_application_10_working_days_after_the_demand_and_within_3_months() -> None:
    # Decision received 2026-03-20: six months later is Sun 09-20, a 调休 working day → the
    # litigation period ends that day.
    window = court_application_window(decision_received_on=D(2026, 3, 20), demand_served_on=D(2026, 9, 28))
    assert window.litigation_ends_on == D(2026, 9, 20)
    # 催告 served Mon 09-28: 10 WD = 29, 30, Oct 8, 9, 10 (调休), 12, 13, 14, 15, 16
    # → the agency may apply from Sat 10-17.
    assert window.opens_on == D(2026, 10, 17)
    assert window.closes_on == D(2026, 12, 21)  # 12-20 is a Sunday → Monday
    assert court_application_problems(
        window=window, demand_served_on=D(2026, 9, 28), applying_on=D(2026, 10, 16)
    )
    assert (
        court_application_problems(
            window=window, demand_served_on=D(2026, 9, 28), applying_on=D(2026, 10, 19)
        )
        == []
    )
    assert court_application_problems(window=window, demand_served_on=None, applying_on=D(2026, 10, 19))
