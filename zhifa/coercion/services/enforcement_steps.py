"""行政强制执行, second half: service of the decision, 代履行 (强制法第五十至五十二条), the 实施 step
under the night/holiday ban (第四十三条), performance, the 执行协议 (第四十二条), 中止/恢复/终结
(第三十九、四十条)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhifa.cases.paperwork.service import ServiceInput
from zhifa.cases.paperwork.words import cn_date
from zhifa.core.audit import Actor
from zhifa.core.errors import ValidationError
from zhifa.core.workdays import PeriodUnit
from zhifa.documents.services import document_serve
from zhifa.worklist.models import Deadline, DeadlineState
from zhifa.worklist.rules import DeadlineRule
from zhifa.worklist.services import (
    deadline_cancel,
    deadline_meet,
    deadline_meet_rule,
    deadline_start,
    tasks_close_for_subject,
)

from .. import execution_rules as xr
from ..models import Enforcement, EnforcementKind, EnforcementState, SubstituteState
from ..paperwork import cn_moment, issued
from .enforcement import STEP_TASK, amount, next_task
from .enforcement_common import lock, require_executor, save, surcharge
from .enforcement_papers import issue_plain

OPEN_FOR_AGREEMENT = (EnforcementState.DEMANDED, EnforcementState.DECIDED)
SUSPENDABLE = (
    EnforcementState.DEMANDED,
    EnforcementState.DECIDED,
    EnforcementState.AGREEMENT,
    EnforcementState.COURT_APPLIED,
)
SUSPEND_GROUNDS = {  # 第三十九条第一款
    "hardship": "当事人履行行政决定确有困难或者暂无履行能力",
    "third_party": "第三人对执行标的主张权利，确有理由",
    "irreparable": "执行可能造成难以弥补的损失，且中止执行不损害公共利益",
    "other": "行政机关认为需要中止执行的其他情形",
}
TERMINATE_GROUNDS = {  # 第四十条; 第三十九条第二款
    "death": "公民死亡，无遗产可供执行，又无义务承受人",
    "dissolved": "法人或者其他组织终止，无财产可供执行，又无义务承受人",
    "object_lost": "执行标的灭失",
    "revoked": "据以执行的行政决定被撤销",
    "suspended_3y": "中止执行满三年未恢复执行（第三十九条第二款）",
    "other": "行政机关认为需要终结执行的其他情形",
}


def _close_clocks(actor: Actor, row: Enforcement, on: date, *, meet: bool) -> None:
    for clock in Deadline.objects.filter(
        subject_type="coercion.enforcement",
        subject_id=row.pk,
        state__in=(
            DeadlineState.RUNNING,
            DeadlineState.DUE_SOON,
            DeadlineState.OVERDUE,
            DeadlineState.SUSPENDED,
        ),
    ):
        if meet:
            deadline_meet(actor=actor, deadline=clock, on=on)
        else:
            deadline_cancel(actor=actor, deadline=clock, reason="强制执行已结束")
    tasks_close_for_subject(actor=actor, subject=row, kind=STEP_TASK)


def enforcement_serve_decision(
    *, actor: Actor, user: Any, enforcement: Enforcement, served_on: date, method: str = "direct"
) -> Enforcement:
    """The 强制执行决定书 (第三十七条) or the 代履行决定书 (第五十一条第一款第一项: 送达决定书) served."""
    with transaction.atomic():
        row = lock(enforcement, EnforcementState.DECIDED)
        require_executor(user, row)
        if row.decision_served_on:
            raise ValidationError("决定书已送达")
        code = "10.07" if row.substitute_state else "10.06"
        document = issued(row, code)
        if document is None:
            raise ValidationError("尚未签发决定书")
        if row.decided_at and served_on < timezone.localtime(row.decided_at).date():
            raise ValidationError("送达日期不能早于决定日期")
        document_serve(
            actor=actor,
            document=document,
            method=method,
            served_at=ServiceInput(method, served_on, served_on, row.party_name).served_at,
            recipient=row.party_name,
        )
        row.decision_served_on = served_on
        if row.substitute_state:
            row.substitute_served_on = served_on
            next_task(actor, row, "代履行三个工作日前催告当事人履行（第五十一条）", None)
        else:
            next_task(actor, row, "实施强制执行（不得在夜间或法定节假日，第四十三条）", None)
        return save(actor, row, "decision_serve", served_on=served_on.isoformat())


def enforcement_substitute_demand(
    *, actor: Actor, user: Any, enforcement: Enforcement, on: date
) -> Enforcement:
    """第五十一条第一款第三项: 代履行三日前，催告当事人履行 — 3 working days (第六十九条)."""
    with transaction.atomic():
        row = lock(enforcement, EnforcementState.DECIDED)
        require_executor(user, row)
        if row.substitute_state != SubstituteState.DECIDED or row.substitute_served_on is None:
            raise ValidationError("代履行决定书送达后方可催告（行政强制法第五十一条第一款第一项）")
        if on < row.substitute_served_on:
            raise ValidationError("催告日期不能早于代履行决定书送达日")
        row.substitute_state, row.substitute_demand_on = SubstituteState.DEMANDED, on
        clock = deadline_start(
            actor=actor, subject=row, organisation=row.organisation, rule=xr.SUBSTITUTE_NOTICE, started_on=on
        )
        next_task(actor, row, "实施代履行（催告三个工作日后）", clock.due_on)
        return save(
            actor,
            row,
            "substitute_demand",
            on=on.isoformat(),
            earliest=xr.substitute_earliest(on).isoformat(),
        )


def enforcement_carry_out(
    *,
    actor: Actor,
    user: Any,
    enforcement: Enforcement,
    at: datetime | None = None,
    emergency: bool = False,
    emergency_reason: str = "",
    note: str = "",
) -> Enforcement:
    """实施 (第四十三条第一款: 不得在夜间或者法定节假日实施，情况紧急的除外). 代履行: not before 3 working
    days after its 催告 (第五十一条)."""
    at = at or timezone.now()
    with transaction.atomic():
        row = lock(enforcement, EnforcementState.DECIDED)
        require_executor(user, row)
        problems = xr.enforcement_time_problems(at, emergency=emergency, reason=emergency_reason)
        day = timezone.localtime(at).date()
        if row.decision_served_on is None:
            problems.append("决定书送达后方可实施（行政强制法第三十七条、第五十一条）")
        if row.substitute_state:
            if row.substitute_state != SubstituteState.DEMANDED or row.substitute_demand_on is None:
                problems.append("代履行前须催告当事人履行（行政强制法第五十一条第一款第三项）")
            elif day < xr.substitute_earliest(row.substitute_demand_on):
                earliest = xr.substitute_earliest(row.substitute_demand_on)
                problems.append(
                    f"代履行须在催告三个工作日后实施，最早{earliest:%Y年%m月%d日}（行政强制法第五十一条、第六十九条）"
                )
        if problems:
            raise ValidationError("；".join(problems))
        row.enforced_at, row.emergency, row.emergency_reason = at, emergency, emergency_reason.strip()
        if row.substitute_state:
            row.substitute_state = SubstituteState.PERFORMED
        row.state, row.executed_on = EnforcementState.EXECUTED, day
        _close_clocks(actor, row, day, meet=True)
        return save(actor, row, "carry_out", at=at.isoformat(), emergency=emergency, note=note.strip())


def enforcement_substitute_immediately(
    *,
    actor: Actor,
    user: Any,
    enforcement: Enforcement,
    at: datetime,
    reason: str,
    performer: str,
    cost: Any = None,
    measure_text: str = "立即清除",
) -> Enforcement:
    """第五十二条: 需要立即清除道路、河道、航道或者公共场所的遗洒物、障碍物或者污染物，当事人不能清除的，
    可以决定立即实施代履行；当事人不在场的，事后立即通知 — the 代履行决定书 issued and served after."""
    with transaction.atomic():
        row = lock(enforcement, EnforcementState.STARTED, EnforcementState.DEMANDED)
        require_executor(user, row)
        if row.kind != EnforcementKind.ACT:
            raise ValidationError(
                "立即代履行适用于清除遗洒物、障碍物或者污染物等行为义务（行政强制法第五十二条）"
            )
        if not reason.strip() or not performer.strip():
            raise ValidationError("请填写需要立即清除的情形和代履行人（行政强制法第五十二条）")
        day = timezone.localtime(at).date()
        row.substitute_immediate, row.substitute_state = True, SubstituteState.PERFORMED
        row.substitute_performer, row.substitute_cost = performer.strip()[:200], amount(cost, "代履行费用")
        row.measure_text = measure_text.strip()[:255] or "立即清除"
        row.enforced_at, row.emergency, row.emergency_reason = at, True, reason.strip()
        row.decided_at, row.state, row.executed_on = at, EnforcementState.EXECUTED, day
        row.decision_served_on = row.substitute_served_on = day
        _close_clocks(actor, row, day, meet=True)
        save(actor, row, "substitute_immediately", at=at.isoformat())
        issue_plain(actor, row, "10.07", today=day, served_on=day, extra={"performed_at": cn_moment(at)})
        return row


def enforcement_record_performance(
    *, actor: Actor, user: Any, enforcement: Enforcement, on: date, note: str = ""
) -> Enforcement:
    """The party performed (after the 催告, under the agreement, or after the court's ruling)."""
    from ..models.enforcement import OPEN_ENFORCEMENT_STATES

    with transaction.atomic():
        row = lock(enforcement, *OPEN_ENFORCEMENT_STATES)
        require_executor(user, row)
        row.state, row.executed_on = EnforcementState.EXECUTED, on
        _close_clocks(actor, row, on, meet=True)
        return save(actor, row, "performed", on=on.isoformat(), note=note.strip())


def enforcement_agree(
    *,
    actor: Actor,
    user: Any,
    enforcement: Enforcement,
    on: date,
    plan: list[dict[str, Any]],
    waive: Any = None,
    remedied: bool = False,
) -> Enforcement:
    """执行协议 (第四十二条第一款): 分阶段履行; 当事人采取补救措施的，可以减免加处的罚款或者滞纳金."""
    with transaction.atomic():
        row = lock(enforcement, *OPEN_FOR_AGREEMENT)
        require_executor(user, row)
        stages: list[dict[str, str]] = []
        for item in plan:
            due = item.get("due_on")
            content = str(item.get("content", "")).strip()
            if not due or not content:
                continue
            stages.append({"due_on": str(due), "content": content[:200]})
        problems: list[str] = []
        try:
            dates = [date.fromisoformat(s["due_on"]) for s in stages]
        except ValueError:
            raise ValidationError("履行期限格式应为YYYY-MM-DD") from None
        if not stages:
            problems.append("请填写履行安排（期限和内容）")
        if dates != sorted(set(dates)) or (dates and dates[0] < on):
            problems.append("各阶段履行期限须晚于协议签订日并逐期递增")
        waived = amount(waive, "减免加处罚款")
        if waived:
            charge = surcharge(row, on)
            if not remedied:
                problems.append("当事人采取补救措施的，方可减免加处罚款（行政强制法第四十二条第一款）")
            if charge is None or waived > charge.amount:
                problems.append(f"减免数额不能超过已加处罚款{charge.amount if charge else Decimal(0)}元")
        if problems:
            raise ValidationError("；".join(problems))
        row.agreement_on, row.agreement_plan, row.surcharge_waived = on, stages, waived
        row.agreement_broken_on, row.state = None, EnforcementState.AGREEMENT
        rule = DeadlineRule(
            "coercion.agreement",
            "执行协议履行期限",
            max(0, (dates[-1] - on).days),
            PeriodUnit.CALENDAR_DAYS,
            "行政强制法第四十二条：执行协议约定的履行期限",
        )
        deadline_start(actor=actor, subject=row, organisation=row.organisation, rule=rule, started_on=on)
        save(actor, row, "agree", stages=len(stages), waived=str(waived or ""))
        issue_plain(actor, row, "10.08", today=on)
        next_task(actor, row, "督促执行协议履行", dates[-1])
        return row


def enforcement_agreement_broken(
    *, actor: Actor, user: Any, enforcement: Enforcement, on: date
) -> Enforcement:
    """第四十二条第二款: 当事人不履行执行协议的，行政机关应当恢复强制执行."""
    with transaction.atomic():
        row = lock(enforcement, EnforcementState.AGREEMENT)
        require_executor(user, row)
        row.agreement_broken_on = on
        row.state = EnforcementState.DECIDED if row.decided_at else EnforcementState.DEMANDED
        deadline_meet_rule(actor=actor, subject=row, rule_code="coercion.agreement", on=on)
        next_task(actor, row, "执行协议未履行：恢复强制执行（第四十二条第二款）", None)
        return save(actor, row, "agreement_broken", on=on.isoformat())


def _stage_doc(
    actor: Actor, row: Enforcement, *, title: str, reason: str, basis: str, verb: str, on: date
) -> None:
    issue_plain(
        actor,
        row,
        "10.09",
        today=on,
        served_on=on,
        extra={
            "stage_title": title,
            "stage_reason": reason,
            "stage_basis": basis,
            "stage_verb": verb,
            "stage_on": cn_date(on),
        },
    )


def enforcement_suspend(
    *, actor: Actor, user: Any, enforcement: Enforcement, on: date, ground: str, reason: str = ""
) -> Enforcement:
    """中止执行 (第三十九条第一款); the 3-year clock of 第三十九条第二款 starts."""
    with transaction.atomic():
        row = lock(enforcement, *SUSPENDABLE)
        require_executor(user, row)
        if ground not in SUSPEND_GROUNDS:
            raise ValidationError("请选择中止执行的情形（行政强制法第三十九条）")
        row.suspended_state, row.state = row.state, EnforcementState.SUSPENDED
        row.suspended_on, row.resumed_on = on, None
        row.suspension_reason = SUSPEND_GROUNDS[ground] + (f"（{reason.strip()}）" if reason.strip() else "")
        deadline_start(
            actor=actor, subject=row, organisation=row.organisation, rule=xr.SUSPENSION, started_on=on
        )
        save(actor, row, "suspend", ground=ground, on=on.isoformat())
        _stage_doc(
            actor,
            row,
            title="中止执行决定",
            reason=row.suspension_reason,
            basis="第三十九条第一款",
            verb="中止执行",
            on=on,
        )
        next_task(actor, row, "中止情形消失后恢复执行（第三十九条第二款）", xr.suspension_lapses_on(on))
        return row


def enforcement_resume(
    *, actor: Actor, user: Any, enforcement: Enforcement, on: date, reason: str
) -> Enforcement:
    """中止的情形消失后，行政机关应当恢复执行 (第三十九条第二款) — before the three years lapse."""
    with transaction.atomic():
        row = lock(enforcement, EnforcementState.SUSPENDED)
        require_executor(user, row)
        assert row.suspended_on is not None
        if on > xr.suspension_lapses_on(row.suspended_on):
            raise ValidationError("中止执行已满三年，不再执行，应当终结执行（行政强制法第三十九条第二款）")
        if not reason.strip():
            raise ValidationError("请说明中止情形已消失")
        row.state, row.resumed_on = row.suspended_state or EnforcementState.DEMANDED, on
        deadline_meet_rule(actor=actor, subject=row, rule_code=xr.SUSPENSION.code, on=on)
        save(actor, row, "resume", on=on.isoformat())
        _stage_doc(
            actor,
            row,
            title="恢复执行决定",
            reason=reason.strip(),
            basis="第三十九条第二款",
            verb="恢复执行",
            on=on,
        )
        next_task(actor, row, "恢复执行后继续办理", None)
        return row


def enforcement_terminate(
    *, actor: Actor, user: Any, enforcement: Enforcement, on: date, ground: str, reason: str = ""
) -> Enforcement:
    """终结执行 (第四十条); after three years of suspension without resumption 不再执行 (第三十九条第二款)."""
    from ..models.enforcement import OPEN_ENFORCEMENT_STATES

    with transaction.atomic():
        row = lock(enforcement, *OPEN_ENFORCEMENT_STATES)
        require_executor(user, row)
        if ground not in TERMINATE_GROUNDS:
            raise ValidationError("请选择终结执行的情形（行政强制法第四十条）")
        if ground == "suspended_3y":
            lapses = xr.suspension_lapses_on(row.suspended_on) if row.suspended_on else None
            if row.state != EnforcementState.SUSPENDED or lapses is None or on <= lapses:
                when = f"{lapses:%Y年%m月%d日}" if lapses else ""
                raise ValidationError(f"中止执行满三年（{when}）后方可不再执行（行政强制法第三十九条第二款）")
        text = TERMINATE_GROUNDS[ground] + (f"（{reason.strip()}）" if reason.strip() else "")
        row.state, row.terminated_on, row.termination_reason = EnforcementState.TERMINATED, on, text
        if ground == "suspended_3y":
            deadline_meet_rule(actor=actor, subject=row, rule_code=xr.SUSPENSION.code, on=on)
        _close_clocks(actor, row, on, meet=False)
        save(actor, row, "terminate", ground=ground, on=on.isoformat())
        basis = "第三十九条第二款" if ground == "suspended_3y" else "第四十条"
        _stage_doc(actor, row, title="终结执行决定", reason=text, basis=basis, verb="终结执行", on=on)
        return row
