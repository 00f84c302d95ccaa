"""The deadlines each action starts, suspends, resumes or meets (ARCHITECTURE §5: deadlines are rows
in zhifa.worklist, computed with core.workdays). Periods come from the CasePeriod configuration
(sector → province → national), so a sector's own figure applies where it is configured."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.utils import timezone

from zhifa.core.audit import Actor
from zhifa.core.workdays import PeriodUnit
from zhifa.worklist.models import Deadline
from zhifa.worklist.models.deadlines import OPEN_STATES
from zhifa.worklist.services import (
    DeadlineRule,
    deadline_cancel,
    deadline_extend,
    deadline_meet_rule,
    deadline_resume_rule,
    deadline_start,
    deadline_suspend_rule,
    open_deadline,
)

from .config import case_period
from .models import Case

# rule code of the deadline → CasePeriod code
DECISION = "penalty.decision"  # 行政处罚法 第60条: 90日 from 立案
STATEMENT = "penalty.statement"  # SAMR 第57条第二款: 5 WD from service of the 告知书
SERVICE = "penalty.service"  # 行政处罚法 第61条: 7 WD
PAYMENT = "penalty.payment"  # 行政处罚法 第67条第三款: 15日 from receipt
CLOSING = "penalty.closing"  # SAMR 第77条: 15 WD from execution
SUMMARY_FILING = "penalty.summary_filing"  # SAMR 第70条: 7 WD
LEAD = "penalty.lead_verification"  # SAMR 第18条: 15 WD from discovery to the decision to open or not
PERIOD_OF = {
    DECISION: "decision",
    STATEMENT: "statement_window",
    SERVICE: "service",
    PAYMENT: "payment",
    CLOSING: "closing",
    SUMMARY_FILING: "summary_filing",
    LEAD: "lead_verification",
}
# SAMR程序规定第64条第三款: 听证、公告和检测、检验、检疫、鉴定、权利人辨认或者鉴别、责令退款等时间
# 不计入办案期限.
SUSPENSION_REASONS = {
    "testing": "检测、检验、检疫、鉴定",
    "public_notice": "公告",
    "identification": "权利人辨认或者鉴别",
    "refund": "责令退款",
}


def rule_for(case: Case, rule_code: str, on: date) -> DeadlineRule:
    period = case_period(PERIOD_OF[rule_code], on=on, region_code=case.region_code, sector=case.sector)
    return DeadlineRule(rule_code, period.title + "期限", period.amount, period.unit, period.basis)


def start(actor: Actor, case: Case, rule_code: str, on: date) -> None:
    deadline_start(
        actor=actor,
        subject=case,
        organisation=case.organisation,
        rule=rule_for(case, rule_code, on),
        started_on=on,
    )


def meet(actor: Actor, case: Case, rule_code: str, on: date) -> None:
    deadline_meet_rule(actor=actor, subject=case, rule_code=rule_code, on=on)


def cancel_all(actor: Actor, case: Case, reason: str) -> None:
    open_ones = Deadline.objects.filter(
        subject_type=case._meta.label_lower, subject_id=case.pk, state__in=OPEN_STATES
    )
    for deadline in open_ones:
        deadline_cancel(actor=actor, deadline=deadline, reason=reason)


def start_lead_verification(actor: Actor, case: Case) -> None:
    """Where a sector sets one (SAMR: 15 WD), the clock from discovery to 立案 or 不予立案 runs from
    registration; elsewhere there is no such period and no clock."""
    from zhifa.core.errors import ValidationError

    try:
        rule = rule_for(case, LEAD, case.discovered_on)
    except ValidationError:
        return
    deadline_start(
        actor=actor, subject=case, organisation=case.organisation, rule=rule, started_on=case.discovered_on
    )


def on_approve_open(actor: Actor, case: Case) -> None:
    assert case.opened_on is not None
    meet(actor, case, LEAD, case.opened_on)
    start(actor, case, DECISION, case.opened_on)


def on_decline(actor: Actor, case: Case) -> None:
    meet(actor, case, LEAD, timezone.localdate())
    on_end(actor, case)


def _extend_by_period(actor: Actor, case: Case, rule_code: str, period_code: str, reason: str) -> None:
    """An approved extension of a running clock by the configured period (sector → province → national)."""
    deadline = open_deadline(case, rule_code)
    if deadline is None:
        return
    on = case.opened_on or case.discovered_on
    period = case_period(period_code, on=on, region_code=case.region_code, sector=case.sector)
    deadline_extend(
        actor=actor,
        deadline=deadline,
        amount=period.amount,
        unit=period.unit,
        reason=reason,
        basis=period.basis,
    )


def on_extend_lead_verification(actor: Actor, case: Case) -> None:
    """SAMR程序规定第18条: 经负责人批准 the verification may take another 15 WD."""
    _extend_by_period(actor, case, LEAD, "lead_verification_extension", "经批准延长核查期限")


def suspend_decision_period(actor: Actor, case: Case, data: dict[str, Any]) -> None:
    from zhifa.core.errors import ValidationError

    from .services.effects import parse_date

    reason = SUSPENSION_REASONS.get(str(data.get("suspension_reason", "")))
    if reason is None:
        raise ValidationError("请选择不计入办案期限的事由（市场监督管理行政处罚程序规定第六十四条）")
    deadline_suspend_rule(
        actor=actor,
        subject=case,
        rule_code=DECISION,
        reason=f"{reason}（期间不计入办案期限）",
        on=parse_date(data["suspended_on"], "起始日"),
    )


def resume_decision_period(actor: Actor, case: Case, data: dict[str, Any]) -> None:
    from .services.effects import parse_date

    deadline_resume_rule(
        actor=actor, subject=case, rule_code=DECISION, on=parse_date(data["resumed_on"], "结束日")
    )


def on_notify(actor: Actor, case: Case) -> None:
    assert case.notice_served_on is not None
    start(actor, case, STATEMENT, case.notice_served_on)


def on_schedule_hearing(actor: Actor, case: Case) -> None:
    # SAMR 第64条第二款: 听证 time does not count toward the decision period.
    assert case.hearing_notice_served_on is not None
    deadline_suspend_rule(
        actor=actor,
        subject=case,
        rule_code=DECISION,
        reason="听证（期间不计入办案期限）",
        on=case.hearing_notice_served_on,
    )


def on_hold_hearing(actor: Actor, case: Case) -> None:
    assert case.hearing_concluded_on is not None
    deadline_resume_rule(actor=actor, subject=case, rule_code=DECISION, on=case.hearing_concluded_on)


def on_submit_decision(actor: Actor, case: Case) -> None:
    meet(actor, case, STATEMENT, case.notice_served_on or case.opened_on or case.discovered_on)


def on_decide(actor: Actor, case: Case) -> None:
    assert case.decided_on is not None
    meet(actor, case, DECISION, case.decided_on)
    start(actor, case, SERVICE, case.decided_on)


def on_serve(actor: Actor, case: Case) -> None:
    assert case.decision_served_on is not None
    meet(actor, case, SERVICE, case.decision_served_on)
    if case.decided_fine:
        start(actor, case, PAYMENT, case.decision_served_on)
    else:
        start(actor, case, CLOSING, case.decision_served_on)


def on_decide_on_spot(actor: Actor, case: Case) -> None:
    assert case.decided_on is not None
    start(actor, case, SUMMARY_FILING, case.decided_on)
    if case.decided_fine and not case.cash_collected_on_spot:
        start(actor, case, PAYMENT, case.decided_on)


def on_payment(actor: Actor, case: Case) -> None:
    assert case.executed_on is not None
    meet(actor, case, PAYMENT, case.executed_on)
    if case.procedure == "general":
        start(actor, case, CLOSING, case.executed_on)


def on_close(actor: Actor, case: Case) -> None:
    assert case.closed_on is not None
    meet(actor, case, CLOSING, case.closed_on)
    meet(actor, case, SUMMARY_FILING, case.closed_on)


def on_extend_decision_period(actor: Actor, case: Case) -> None:
    """SAMR程序规定第64条: the head's approval adds the configured period to the 90 days."""
    _extend_by_period(actor, case, DECISION, "decision_extension", "经批准延长办案期限")


def on_grant_deferral(actor: Actor, case: Case) -> None:
    """处罚法第66条第二款: the payment clock runs to the approved date."""
    deadline = open_deadline(case, PAYMENT)
    if deadline is not None and case.payment_deferred_to and case.payment_deferred_to > deadline.due_on:
        deadline_extend(
            actor=actor,
            deadline=deadline,
            amount=(case.payment_deferred_to - deadline.due_on).days,
            unit=PeriodUnit.CALENDAR_DAYS,
            reason="经批准延期缴纳罚款",
            basis="行政处罚法第六十六条第二款",
        )


def on_end(actor: Actor, case: Case) -> None:
    cancel_all(actor, case, reason="案件撤销、终止、移送或不予立案")


CLOCKS: dict[str, Callable[[Actor, Case], None]] = {
    "approve_open": on_approve_open,
    "notify": on_notify,
    "schedule_hearing": on_schedule_hearing,
    "hold_hearing": on_hold_hearing,
    "submit_decision": on_submit_decision,
    "decide": on_decide,
    "decide_no_penalty": on_decide,
    "serve_decision": on_serve,
    "decide_on_spot": on_decide_on_spot,
    "record_payment": on_payment,
    "close": on_close,
    "extend_decision_period": on_extend_decision_period,
    "grant_deferral": on_grant_deferral,
    "grant_instalments": on_grant_deferral,  # the payment clock runs to the last instalment
    "withdraw": on_end,
    "transfer_out": on_end,
    "decline": on_decline,
    "extend_lead_verification": on_extend_lead_verification,
}
# clocks that need the action's input (dates, reasons) rather than the case alone
DATA_CLOCKS: dict[str, Callable[[Actor, Case, dict[str, Any]], None]] = {
    "suspend_decision_period": suspend_decision_period,
    "resume_decision_period": resume_decision_period,
}
