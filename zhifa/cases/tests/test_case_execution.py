"""Execution of a served fine and the decision-period extension, each step naming its article:
延期缴纳 (处罚法第66条第二款), 加处罚款 (第72条第一款第一项), 催告 (强制法第54条), 申请法院强制执行
(强制法第53条, 行诉法第46条), 延长办案期限 (SAMR程序规定第64条)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from zhifa.cases.choices import CaseState as S
from zhifa.cases.execution import execution_status
from zhifa.cases.models import Case
from zhifa.core.errors import ValidationError
from zhifa.documents.models import Document, ServiceRecord
from zhifa.worklist.models import Deadline

from .test_case_engine import to_notified

pytestmark = pytest.mark.django_db
D = date


def served_case(w: Any) -> Case:
    """6,000 元 fine decided 04-10, served Mon 2026-04-13: pay by Tue 04-28 (15 days, 第67条)."""
    case = to_notified(w, w.register())
    case = w.act(w.user_a, case, "submit_decision", D(2026, 4, 10), decided_fine="6000")
    case = w.approve_all(case, D(2026, 4, 10), w.leader, w.head)
    return w.act(w.user_a, case, "serve_decision", D(2026, 4, 13), served_on="2026-04-13")


def payment_clock(case: Case) -> Deadline:
    return Deadline.objects.get(subject_type="cases.case", subject_id=case.pk, rule_code="penalty.payment")


def test_late_surcharge_is_3_percent_a_day_from_the_day_after_the_due_date_capped_at_the_fine(
    case_world: Any,
) -> None:
    case = served_case(case_world)
    status = execution_status(case, D(2026, 4, 28))
    assert status is not None
    assert (status.due_on, status.overdue, status.surcharge.amount) == (
        D(2026, 4, 28),
        False,
        Decimal("0.00"),
    )
    status = execution_status(case, D(2026, 5, 8))  # 04-29 … 05-08: 10 days (劳动节 counts: calendar days)
    assert status is not None
    assert (status.surcharge.days, status.surcharge.amount) == (10, Decimal("1800.00"))
    status = execution_status(case, D(2026, 8, 1))
    assert status is not None
    assert (status.surcharge.amount, status.surcharge.capped) == (
        Decimal("6000.00"),
        True,
    )  # 不得超出罚款数额


def test_demand_only_after_the_due_date_then_court_after_the_litigation_period_within_3_months(
    case_world: Any,
) -> None:
    w = case_world
    case = served_case(w)
    with pytest.raises(ValidationError, match="尚未届满，不能催告（行政强制法第五十四条）"):
        w.act(w.user_a, case, "demand_payment", D(2026, 4, 28), served_on="2026-04-28")
    case = w.act(w.user_a, case, "demand_payment", D(2026, 5, 6), served_on="2026-05-06")
    assert case.demand_served_on == D(2026, 5, 6)
    demand = Document.objects.get(subject_type="cases.case", subject_id=case.pk, type_code="10.04")
    assert "催字" in demand.number
    assert ServiceRecord.objects.filter(document=demand).exists()
    # 行诉法第46条: 6 months to sue from receipt (04-13) → 10-13; only then may the agency apply (强制法53).
    with pytest.raises(ValidationError, match="最早可于2026年10月14日申请"):
        w.act(w.leader, case, "apply_to_court", D(2026, 6, 1), applied_on="2026-06-01")
    with pytest.raises(ValidationError, match="申请期限已于2027年01月13日届满"):
        w.act(w.leader, case, "apply_to_court", D(2027, 1, 14), applied_on="2027-01-14")
    case = w.act(w.leader, case, "apply_to_court", D(2026, 10, 14), applied_on="2026-10-14")
    assert case.court_applied_on == D(2026, 10, 14)
    case = w.act(w.user_a, case, "submit_close", D(2026, 10, 15))  # 结案 once handed to the court
    assert case.state == S.CLOSING


def test_a_deferral_approved_by_the_head_moves_the_payment_clock_and_the_demand(case_world: Any) -> None:
    w = case_world
    case = served_case(w)
    with pytest.raises(ValidationError, match="应晚于原缴款期限2026年04月28日"):
        w.act(w.user_a, case, "request_deferral", D(2026, 4, 20), deferred_to="2026-04-25", note="经营困难")
    case = w.act(
        w.user_a, case, "request_deferral", D(2026, 4, 20), deferred_to="2026-06-30", note="经营困难"
    )
    assert w.pending_run(case).approval_type == "cases.deferral"
    case = w.approve(w.head, case, D(2026, 4, 21))
    assert case.payment_deferred_to == D(2026, 6, 30)
    assert payment_clock(case).due_on == D(2026, 6, 30)
    with pytest.raises(ValidationError, match="缴款期限2026年06月30日尚未届满"):
        w.act(w.user_a, case, "demand_payment", D(2026, 5, 6), served_on="2026-05-06")
    status = execution_status(case, D(2026, 7, 2))
    assert status is not None
    assert (status.due_on, status.surcharge.days) == (D(2026, 6, 30), 2)


def test_the_decision_period_is_extended_by_30_days_with_the_heads_approval(case_world: Any) -> None:
    w = case_world
    case = w.act(w.user_a, w.register(), "open", D(2026, 3, 10))
    case = w.approve_all(case, D(2026, 3, 10), w.leader, w.head)
    decision_clock = Deadline.objects.get(subject_id=case.pk, rule_code="penalty.decision")
    assert decision_clock.due_on == D(2026, 6, 8)
    with pytest.raises(ValidationError, match="没有延长办案期限的规定"):  # no sector rule: 第60条 90 days
        w.act(w.user_a, case, "request_extension", D(2026, 5, 20), note="需检验检测")
    Case.objects.filter(pk=case.pk).update(sector="market")  # SAMR's 第64条 applies to market cases
    case = w.act(w.user_a, case, "request_extension", D(2026, 5, 20), note="案情复杂，需检验检测")
    case = w.approve(w.head, case, D(2026, 5, 21))
    decision_clock.refresh_from_db()
    assert decision_clock.due_on == D(2026, 7, 8)  # 90 + 30 days from 立案 03-10


def test_testing_time_does_not_count_toward_the_decision_period(case_world: Any) -> None:
    """SAMR程序规定第64条第三款: 检测、检验、检疫、鉴定 time is not counted (a suspension ledger row)."""
    w = case_world
    case = w.act(w.user_a, w.register(), "open", D(2026, 3, 10))
    case = w.approve_all(case, D(2026, 3, 10), w.leader, w.head)
    with pytest.raises(ValidationError, match="不计入办案期限的事由"):
        w.act(
            w.user_a,
            case,
            "suspend_decision_period",
            D(2026, 4, 1),
            suspension_reason="x",
            suspended_on="2026-04-01",
        )
    w.act(
        w.user_a,
        case,
        "suspend_decision_period",
        D(2026, 4, 1),
        suspension_reason="testing",
        suspended_on="2026-04-01",
    )
    clock = Deadline.objects.get(subject_id=case.pk, rule_code="penalty.decision")
    assert clock.state == "suspended"
    w.act(w.user_a, case, "resume_decision_period", D(2026, 4, 21), resumed_on="2026-04-21")
    clock.refresh_from_db()
    # 06-08 + 20 days = Sun 06-28, a rest day: the period ends on Mon 06-29 (处罚法第85条; 民法典第203条)
    assert (clock.state != "suspended", clock.due_on) == (True, D(2026, 6, 29))


def test_the_lead_verification_clock_runs_15_working_days_and_extends_by_15_with_approval(
    case_world: Any,
) -> None:
    """SAMR程序规定第18条: 15 WD from discovery to the decision whether to open; +15 WD with approval."""
    from zhifa.orgs.tests.factories import domain

    w = case_world
    w.unit.domains.add(domain("market", "市场监管"))  # a market unit: SAMR's rule applies
    case = w.register(discovered_on=D(2026, 3, 9))
    clock = Deadline.objects.get(subject_id=case.pk, rule_code="penalty.lead_verification")
    assert clock.due_on == D(2026, 3, 30)  # Mon 03-09 + 15 WD
    case = w.act(w.user_a, case, "request_lead_extension", D(2026, 3, 25), note="需调取平台交易数据")
    case = w.approve(w.head, case, D(2026, 3, 26))
    clock.refresh_from_db()
    assert clock.due_on == D(2026, 4, 21)  # + 15 WD across 清明 (Apr 4–6 off)
    case = w.act(w.user_a, case, "open", D(2026, 4, 1))
    w.approve_all(case, D(2026, 4, 2), w.leader, w.head)
    clock.refresh_from_db()
    assert clock.state == "met"


def test_without_a_sector_rule_there_is_no_lead_clock(case_world: Any) -> None:
    w = case_world
    case = w.register()
    assert not Deadline.objects.filter(subject_id=case.pk, rule_code="penalty.lead_verification").exists()
    with pytest.raises(ValidationError, match="没有正在计算的核查期限"):
        w.act(w.user_a, case, "request_lead_extension", D(2026, 3, 10), note="x")


def test_the_surcharge_pauses_while_reconsideration_is_pending(case_world: Any) -> None:
    """处罚法第73条第三款: 加处罚款 is not counted while 复议 or 诉讼 is pending."""
    w = case_world
    case = served_case(w)  # due 04-28
    w.act(
        w.user_a,
        case,
        "record_remedy",
        D(2026, 5, 1),
        remedy_kind="reconsideration",
        remedy_from="2026-05-01",
    )
    with pytest.raises(ValidationError, match="未结束的复议或诉讼"):
        w.act(
            w.user_a, case, "record_remedy", D(2026, 5, 2), remedy_kind="litigation", remedy_from="2026-05-02"
        )
    w.act(w.user_a, case, "end_remedy", D(2026, 6, 30), remedy_to="2026-06-30", note="复议维持")
    status = execution_status(case, D(2026, 7, 10))
    assert status is not None
    # 04-29 … 07-10 is 73 days; 05-01 … 06-30 (61 days) paused → 12 days × 3 % × 6,000 = 2,160
    assert (status.surcharge.days, status.surcharge.amount) == (12, Decimal("2160.00"))


def test_instalments_approved_by_the_head_are_tracked_and_surcharged_only_when_missed(
    case_world: Any,
) -> None:
    """处罚法第66条第二款: 分期缴纳 on application and approval; an instalment not paid on its date
    accrues 加处罚款 on its unpaid part (第72条第一款第一项)."""
    w = case_world
    case = served_case(w)  # 6,000 元, due 04-28
    with pytest.raises(ValidationError, match=r"合计5000\.00元，应等于罚款6000\.00元"):
        w.act(
            w.user_a,
            case,
            "request_instalments",
            D(2026, 4, 20),
            instalments="2026-05-15 2000\n2026-06-15 3000",
            note="困难",
        )
    plan = "2026-05-15 2000\n2026-06-15 2000\n2026-07-15 2000"
    case = w.act(
        w.user_a, case, "request_instalments", D(2026, 4, 20), instalments=plan, note="经营困难，申请分三期"
    )
    case = w.approve(w.head, case, D(2026, 4, 21))
    assert [i["due_on"] for i in case.payment_plan] == ["2026-05-15", "2026-06-15", "2026-07-15"]
    assert payment_clock(case).due_on == D(2026, 7, 15)
    case = w.act(
        w.user_a, case, "record_instalment_payment", D(2026, 5, 14), paid_on="2026-05-14", paid_amount="2000"
    )
    status = execution_status(case, D(2026, 6, 20))  # second instalment 5 days late
    assert status is not None
    assert [paid for _, _, paid in status.plan] == [True, False, False]
    assert (status.due_on, status.overdue) == (D(2026, 6, 15), True)
    assert (status.surcharge.days, status.surcharge.amount) == (5, Decimal("300.00"))  # 2,000 × 3 % × 5
    case = w.act(
        w.user_a, case, "record_instalment_payment", D(2026, 6, 20), paid_on="2026-06-20", paid_amount="2000"
    )
    case = w.act(w.user_a, case, "record_payment", D(2026, 7, 10), paid_on="2026-07-10")
    assert (case.state, case.paid_amount) == (S.EXECUTED, Decimal("6000.00"))
