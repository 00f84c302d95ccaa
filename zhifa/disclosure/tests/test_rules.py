"""The publication rules, each test naming its rule (RULES.md §5 P3/P4, §6.1–6.3, D15)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from zhifa.core.workdays import PeriodUnit
from zhifa.disclosure import rules
from zhifa.disclosure.config import ConfigCache, deadline_spec, low_fine, period_spec, severity_spec
from zhifa.disclosure.models import PeriodRegime, PublicationKind, Severity
from zhifa.disclosure.rules import PenaltyFacts, RepairFacts, period_end, plan_penalty, repair_refusals

pytestmark = pytest.mark.django_db


def plan(facts: PenaltyFacts, *, sector: str = "", region: str = "440303") -> rules.Plan:
    on = facts.decided_on
    deadline = deadline_spec(PublicationKind.PENALTY, on=on, region_code=region, sector=sector)
    policy = severity_spec(on=on, region_code=region, sector=sector)
    regime = rules.regime_for(on, deadline.period_regime)
    low = low_fine(on=on, region_code=region, sector=sector)
    klass = rules.period_class(regime, rules.classify_severity(facts, policy), facts, low)
    period = period_spec(regime, klass, on=on, region_code=region, sector=sector, title=facts.title)
    return plan_penalty(facts, deadline=deadline, severity_policy=policy, period=period, low=low)


def fine(on: date, amount: int, *, person: bool = False, **kw: Any) -> PenaltyFacts:
    return PenaltyFacts(decided_on=on, kinds=("fine",), fine=Decimal(amount), person=person, **kw)


# -- deadlines (P4 7 WD; SAMR Art. 9 20 WD; P3 20 WD) across 国庆 2026 --------------------------------


def test_p4_penalty_published_within_7_working_days_skipping_national_day_2026() -> None:
    spec = deadline_spec(PublicationKind.PENALTY, on=date(2026, 9, 29), region_code="440303")
    assert (spec.amount, spec.unit) == (7, PeriodUnit.WORKING_DAYS)
    # 9-30 (1) · 10-1…10-7 国庆 · 10-8 (2) 10-9 (3) · Sat 10-10 调休上班 (4) · 10-12 (5) 10-13 (6) 10-14 (7)
    due, provisional = ConfigCache().due_on(date(2026, 9, 29), spec.amount, spec.unit)
    assert due == date(2026, 10, 14)
    assert provisional is False


def test_samr_art9_market_supervision_has_20_working_days() -> None:
    spec = deadline_spec(PublicationKind.PENALTY, on=date(2026, 9, 29), region_code="440303", sector="market")
    assert (spec.amount, spec.period_regime) == (20, PeriodRegime.SAMR45)
    assert "第九条" in spec.basis
    due, _ = ConfigCache().due_on(date(2026, 9, 29), spec.amount, spec.unit)
    assert due == date(2026, 11, 2)  # 国庆 and Sunday 10-11 skipped, Saturday 10-10 counted


@pytest.mark.parametrize("kind", [PublicationKind.INSPECTION, PublicationKind.COERCION])
def test_p3_inspection_and_coercion_results_within_20_working_days(kind: str) -> None:
    spec = deadline_spec(kind, on=date(2026, 9, 30), region_code="440303")
    assert (spec.amount, spec.unit) == (20, PeriodUnit.WORKING_DAYS)
    assert ConfigCache().due_on(date(2026, 9, 30), 20, spec.unit)[0] == date(2026, 11, 3)


def test_a_deadline_counted_into_a_year_without_holidays_is_marked_provisional() -> None:
    due, provisional = ConfigCache().due_on(date(2026, 12, 24), 20, PeriodUnit.WORKING_DAYS)
    assert provisional is True  # 2027 is not in chinesecalendar 1.11.0 (RULES §11 item 7)
    assert due.year == 2027


# -- periods on both sides of 2026-04-01 (RULES §6.2) ----------------------------------------------


def test_ndrc58_until_2026_03_31_three_months_to_three_years_from_the_decision() -> None:
    p = plan(fine(date(2026, 3, 31), 20000))
    assert (p.publish, p.regime) == (True, PeriodRegime.NDRC58)
    assert p.repair_from == date(2026, 6, 30)
    assert p.public_until == date(2029, 3, 31)


def test_ndrc58_fire_safety_and_special_equipment_publish_at_least_one_year() -> None:
    assert plan(fine(date(2026, 3, 31), 20000), sector="fire").repair_from == date(2027, 3, 31)
    special = fine(date(2026, 3, 31), 20000, title="使用未经检验的特种设备")
    assert plan(special, sector="market_x").repair_from == date(2027, 3, 31)
    assert plan(fine(date(2026, 3, 31), 20000, title="销售过期食品")).repair_from == date(2026, 6, 30)


def test_ndrc36_from_2026_04_01_ordinary_three_months_to_one_year() -> None:
    p = plan(fine(date(2026, 4, 1), 20000))
    assert (p.publish, p.regime, p.severity) == (True, PeriodRegime.NDRC36, Severity.ORDINARY)
    assert (p.repair_from, p.public_until) == (date(2026, 7, 1), date(2027, 4, 1))


def test_ndrc36_serious_one_to_three_years() -> None:
    p = plan(PenaltyFacts(decided_on=date(2026, 4, 1), kinds=("fine", "revoke_licence"), fine=Decimal(5000)))
    assert p.severity == Severity.SERIOUS
    assert (p.repair_from, p.public_until) == (date(2027, 4, 1), date(2029, 4, 1))
    big = plan(fine(date(2026, 4, 1), 1_000_000))  # an organisation's fine at the serious threshold
    assert big.severity == Severity.SERIOUS


def test_ndrc36_minor_is_not_published_in_principle_but_was_under_ndrc58() -> None:
    warning = PenaltyFacts(decided_on=date(2026, 4, 1), kinds=("warning",))
    p = plan(warning)
    assert (p.publish, p.severity) == (False, Severity.MINOR)
    assert "36号" in p.exempt_reason
    before = plan(PenaltyFacts(decided_on=date(2026, 3, 31), kinds=("warning",)))
    assert before.publish is True  # 58号令 had no 轻微 class
    assert plan(fine(date(2026, 4, 1), 200, person=True, summary=True)).publish is False  # 简易程序 → 轻微


def test_severity_is_configurable_and_serious_wins_over_summary() -> None:
    policy = rules.SeveritySpec(
        minor_kinds=frozenset({"warning"}),
        summary_is_minor=True,
        serious_kinds=frozenset({"order_suspension"}),
        serious_fine_person=Decimal(50000),
        serious_fine_organisation=Decimal(500000),
        collective_is_serious=True,
    )
    on = date(2026, 5, 1)
    assert rules.classify_severity(fine(on, 50000, person=True, summary=True), policy) == Severity.SERIOUS
    assert rules.classify_severity(fine(on, 49999, person=True), policy) == Severity.ORDINARY
    assert rules.classify_severity(fine(on, 100, collective=True), policy) == Severity.SERIOUS
    kinds = PenaltyFacts(decided_on=on, kinds=("warning", "order_suspension"))
    assert rules.classify_severity(kinds, policy) == Severity.SERIOUS


def test_samr_art13_low_fine_three_months_else_three_years_thresholds_inclusive() -> None:
    low = plan(fine(date(2026, 6, 1), 5000, person=True), sector="market")
    assert (low.publish, low.regime) == (True, PeriodRegime.SAMR45)
    assert low.public_until == date(2026, 9, 1)
    assert low.repair_from is None  # runs out by itself
    above = plan(fine(date(2026, 6, 1), 5001, person=True), sector="market")
    assert above.public_until == date(2029, 6, 1)
    assert above.repair_from == date(2026, 12, 1)
    organisation = plan(fine(date(2026, 6, 1), 50000), sector="market")
    assert organisation.public_until == date(2026, 9, 1)


def test_samr_art2_warning_only_and_summary_decisions_are_not_published() -> None:
    warning = plan(PenaltyFacts(decided_on=date(2026, 6, 1), kinds=("warning",)), sector="market")
    assert warning.publish is False
    assert "第二条" in warning.exempt_reason
    summary = plan(fine(date(2026, 6, 1), 200, person=True, summary=True), sector="market")
    assert summary.publish is False
    assert "简易程序" in summary.exempt_reason


def test_samr_art14_no_early_stop_for_a_revoked_licence() -> None:
    p = plan(
        PenaltyFacts(decided_on=date(2026, 6, 1), kinds=("fine", "revoke_licence"), fine=Decimal(100000)),
        sector="market",
    )
    assert p.repair_from is None
    refused = repair_refusals(
        RepairFacts(PeriodRegime.SAMR45, ("fine", "revoke_licence"), None, True, False, True, True, ""),
        date(2029, 1, 1),
    )
    assert "第十四条" in refused[0]


def test_rule_6_3_penalties_on_minors_are_never_published() -> None:
    p = plan(fine(date(2026, 6, 1), 200, person=True, minor_party=True))
    assert p.publish is False
    assert "未成年人" in p.exempt_reason


def test_rule_6_3_inspection_results_go_offline_after_two_years_for_persons_five_otherwise() -> None:
    spec = deadline_spec(PublicationKind.INSPECTION, on=date(2026, 2, 28), region_code="440303")
    assert rules.plan_result(date(2026, 2, 28), deadline=spec, person=True).public_until == date(2028, 2, 28)
    assert rules.plan_result(date(2026, 2, 28), deadline=spec, person=False).public_until == date(2031, 2, 28)


def test_period_ends_follow_civil_code_art202_same_day_or_month_end() -> None:
    assert period_end(date(2026, 11, 30), 3, PeriodUnit.MONTHS) == date(2027, 2, 28)
    assert period_end(date(2028, 2, 29), 1, PeriodUnit.YEARS) == date(2029, 2, 28)
    with pytest.raises(ValueError, match="公示期限"):
        period_end(date(2026, 1, 1), 3, PeriodUnit.WORKING_DAYS)


# -- credit repair (§6.1 Art. 14; §6.2) -------------------------------------------------------------


def _repair(**kw: Any) -> RepairFacts:
    values: dict[str, Any] = {
        "regime": PeriodRegime.NDRC36,
        "kinds": ("fine",),
        "repair_from": date(2026, 7, 1),
        "obligations_performed": True,
        "repeated": False,
        "harm_removed": True,
        "not_listed": True,
        "commitment": "本单位承诺依法诚信经营",
    }
    values.update(kw)
    return RepairFacts(**values)


def test_ndrc36_repair_allowed_once_minimum_reached_obligations_met_and_commitment_made() -> None:
    assert repair_refusals(_repair(), date(2026, 7, 1)) == []


def test_ndrc36_repair_refused_names_every_missing_condition() -> None:
    problems = repair_refusals(
        _repair(obligations_performed=False, commitment="", repeated=True), date(2026, 6, 30)
    )
    text = "；".join(problems)
    assert "2026年07月01日起方可申请" in text
    assert "尚未履行" in text
    assert "信用承诺" in text
    assert "再次受到行政处罚" in text


def test_samr_art14_repair_requires_not_being_on_the_abnormal_list() -> None:
    problems = repair_refusals(_repair(regime=PeriodRegime.SAMR45, not_listed=False), date(2027, 1, 1))
    assert problems == [
        "当事人被列入经营异常名录或严重违法失信名单（市场监督管理行政处罚信息公示规定第十四条）"
    ]


def test_a_decision_older_than_every_rule_version_is_dealt_with_under_the_earliest_and_says_so() -> None:
    p = plan(fine(date(2022, 6, 1), 20000))  # before 58号令 (2023-05-01): its first version, noted
    assert p.regime == PeriodRegime.NDRC58
    assert p.public_until == date(2025, 6, 1)
    assert any("参照适用" in b for b in p.basis)
    assert rules.expired_before_publication(p, date(2026, 11, 20))
    old = deadline_spec(PublicationKind.PENALTY, on=date(2017, 1, 1), region_code="440303")
    assert old.amount == 7
    assert "参照适用" in old.basis
