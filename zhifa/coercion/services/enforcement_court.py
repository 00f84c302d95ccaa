"""申请人民法院强制执行 (强制法第五章; RULES Q15–Q17): the application within the cases app's window
(第五十三条: 3 months after the 复议/诉讼 periods; 第五十四条: 10 working days after the 催告书 was
served), then the court's acceptance (第五十六条: 5日), its ruling (第五十七条: 7日; 第五十八条: 30
days when it hears the parties) tracked as deadlines, and the outcome recorded."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from zhifa.cases.rules.execution import court_application_problems
from zhifa.core.audit import Actor
from zhifa.core.errors import ValidationError
from zhifa.worklist.services import deadline_cancel_rule, deadline_meet_rule, deadline_start

from .. import execution_rules as xr
from ..models import CourtOutcome, Enforcement, EnforcementRoute, EnforcementState
from .enforcement import next_task
from .enforcement_common import court_window, demand_served_on, lock, require_executor, save
from .enforcement_papers import issue_plain


def enforcement_apply_to_court(
    *, actor: Actor, user: Any, enforcement: Enforcement, applied_on: date, court_name: str = ""
) -> Enforcement:
    with transaction.atomic():
        row = lock(enforcement, EnforcementState.DEMANDED)
        require_executor(user, row)
        if row.route != EnforcementRoute.COURT:
            raise ValidationError("本强制执行由行政机关自行执行，无需申请人民法院")
        window = court_window(row)
        if window is None:
            raise ValidationError("请先登记当事人收到行政决定的日期（复议、诉讼期限自该日起算）")
        problems = court_application_problems(
            window=window, demand_served_on=demand_served_on(row), applying_on=applied_on
        )
        if row.statement and row.statement_adopted is None:
            problems.append("当事人的陈述、申辩尚未复核（行政强制法第三十六条）")
        if problems:
            raise ValidationError("；".join(problems))
        row.court_applied_on, row.state = applied_on, EnforcementState.COURT_APPLIED
        if court_name.strip():
            row.court_name = court_name.strip()[:200]
        for code in (xr.COURT_WAIT.code, xr.COURT_APPLICATION.code):
            deadline_meet_rule(actor=actor, subject=row, rule_code=code, on=applied_on)
        clock = deadline_start(
            actor=actor,
            subject=row,
            organisation=row.organisation,
            rule=xr.COURT_ACCEPT,
            started_on=applied_on,
        )
        save(actor, row, "court_apply", applied_on=applied_on.isoformat())
        issue_plain(actor, row, "10.10", today=applied_on)
        next_task(actor, row, "跟踪人民法院受理（五日内，第五十六条）", clock.due_on)
        return row


def enforcement_court_accept(
    *,
    actor: Actor,
    user: Any,
    enforcement: Enforcement,
    on: date,
    accepted: bool = True,
    heard: bool = False,
    note: str = "",
) -> Enforcement:
    """第五十六条: 受理 (or 不予受理, with the agency's 15-day 复议 to the higher court); the ruling clock
    starts — 7 working days (第五十七条), or 30 days when the court hears the parties (第五十八条)."""
    with transaction.atomic():
        row = lock(enforcement, EnforcementState.COURT_APPLIED)
        require_executor(user, row)
        if row.court_accepted_on or row.court_outcome:
            raise ValidationError("已登记法院受理结果")
        assert row.court_applied_on is not None
        if on < row.court_applied_on:
            raise ValidationError("受理日期不能早于申请日期")
        deadline_meet_rule(actor=actor, subject=row, rule_code=xr.COURT_ACCEPT.code, on=on)
        if not accepted:
            row.court_outcome, row.court_note = CourtOutcome.NOT_ACCEPTED, note.strip()
            next_task(
                actor, row, "法院不予受理：可在十五日内向上一级人民法院申请复议（第五十六条第二款）", None
            )
            return save(actor, row, "court_not_accepted", on=on.isoformat())
        row.court_accepted_on, row.court_heard = on, heard
        _ruling_clock(actor, row)
        return save(actor, row, "court_accept", on=on.isoformat(), heard=heard)


def _ruling_clock(actor: Actor, row: Enforcement) -> None:
    assert row.court_accepted_on is not None
    rule = xr.COURT_RULING_HEARD if row.court_heard else xr.COURT_RULING
    clock = deadline_start(
        actor=actor, subject=row, organisation=row.organisation, rule=rule, started_on=row.court_accepted_on
    )
    next_task(actor, row, "跟踪人民法院执行裁定", clock.due_on)


def enforcement_court_hearing(*, actor: Actor, user: Any, enforcement: Enforcement) -> Enforcement:
    """第五十八条第一款: the court hears the agency and the party — its ruling is due within 30 days."""
    with transaction.atomic():
        row = lock(enforcement, EnforcementState.COURT_APPLIED)
        require_executor(user, row)
        if row.court_accepted_on is None or row.court_heard or row.court_ruled_on:
            raise ValidationError("法院受理后、裁定前方可登记听取意见")
        deadline_cancel_rule(actor=actor, subject=row, rule_code=xr.COURT_RULING.code, reason="法院听取意见")
        row.court_heard = True
        _ruling_clock(actor, row)
        return save(actor, row, "court_hearing")


def enforcement_court_ruling(
    *, actor: Actor, user: Any, enforcement: Enforcement, on: date, outcome: str, note: str = ""
) -> Enforcement:
    """The court's ruling (第五十七、五十八条): 准予执行 or 不予执行 (the agency may ask the higher court
    for 复议 within 15 days, 第五十八条第三款)."""
    with transaction.atomic():
        row = lock(enforcement, EnforcementState.COURT_APPLIED)
        require_executor(user, row)
        if outcome not in (CourtOutcome.ENFORCE, CourtOutcome.REFUSE):
            raise ValidationError("请选择法院裁定结果")
        if row.court_accepted_on is None or on < row.court_accepted_on:
            raise ValidationError("裁定日期须在法院受理之后")
        deadline_meet_rule(actor=actor, subject=row, rule_code=xr.COURT_RULING.code, on=on)
        row.court_ruled_on, row.court_outcome, row.court_note = on, outcome, note.strip()
        title = (
            "法院准予执行：跟踪执行结果"
            if outcome == CourtOutcome.ENFORCE
            else "法院不予执行：可在十五日内申请复议"
        )
        next_task(actor, row, title, None)
        return save(actor, row, "court_ruling", on=on.isoformat(), outcome=outcome)
