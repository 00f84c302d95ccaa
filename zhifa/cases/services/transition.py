"""case_transition: the only place a case's state changes (ARCHITECTURE §4).

Two doors lead in. `case_transition` is a user taking an action offered to them; it checks the
version they saw, their permission and scope. `case_transition_by_approval` is an approval run
finishing (zhifa.worklist): the run's steps already checked who may decide, so it takes only the
actions marked `by_approval`. Both go through `_perform`: input, gates, state, timeline, deadlines,
audit and — for actions that need one — the start of the approval run, all or nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhifa.core.audit import Actor, audit_append
from zhifa.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from zhifa.orgs.scopes import has_perm

from ..choices import CaseState
from ..clocks import CLOCKS, DATA_CLOCKS
from ..gates import GATES, GateContext
from ..models import Case, CaseEvent, CaseHandler
from ..paperwork import issue_action_papers
from ..permissions import CasePerm
from ..procedures import Action, procedure_of
from ..selectors import case_in_scope
from .effects import EFFECTS

INPUT_LABELS = {
    "note": "说明/意见",
    "served_on": "送达日期",
    "requested_on": "申请日期",
    "notice_served_on": "通知送达日期",
    "hearing_on": "听证日期",
    "concluded_on": "结束日期",
    "decided_on": "决定日期",
    "paid_on": "缴款日期",
    "discussed_on": "讨论日期",
    "deferred_to": "延期缴纳至",
    "instalments": "分期计划",
    "paid_amount": "缴款金额",
    "applied_on": "申请日期",
    "suspended_on": "起始日",
    "remedy_kind": "复议或诉讼",
    "remedy_from": "申请/起诉日",
    "remedy_to": "结束日",
    "resumed_on": "结束日",
    "suspension_reason": "事由",
}


def _handlers(case: Case) -> list[CaseHandler]:
    return list(
        CaseHandler.objects.filter(case=case).select_related("officer").prefetch_related("officer__domains")
    )


def case_available_actions(
    user: Any,
    case: Case,
    *,
    handlers: list[CaseHandler] | None = None,
    pending_approvals: set[str] | None = None,
) -> list[Action]:
    """The actions `user` may take on `case` now: the state allows it, the user holds the permission
    and the case is in that permission's scope, the action is not one only an approval run takes
    and no run it would start is already pending. Gates are checked when the action is taken."""
    definition = procedure_of(case.procedure, case.procedure_version)
    owners = {h.user_id for h in (handlers if handlers is not None else _handlers(case)) if h.user_id}
    pending = pending_approvals or set()
    allowed: list[Action] = []
    for action in definition.actions.values():
        if action.by_approval or (action.approval and action.approval in pending):
            continue
        if case.state not in action.sources or not has_perm(user, action.perm):
            continue
        if case_in_scope(user, case, action.perm, handler_user_ids=owners):
            allowed.append(action)
    return allowed


def _locked_case(case_id: int) -> Case:
    case = Case.objects.select_for_update().filter(pk=case_id).first()
    if case is None:
        raise NotFound()
    return case


def case_transition(
    *,
    actor: Actor,
    user: Any,
    case_id: int,
    action: str,
    version: int | None,
    data: dict[str, Any] | None = None,
    today: date | None = None,
) -> Case:
    """Take `action` on the case: lock it, check the version the user saw, the state, permission and
    scope, apply the input, run the gates, then write the state, the timeline and the audit event —
    all or nothing."""
    data = dict(data or {})
    today = today or timezone.localdate()
    with transaction.atomic():
        case = _locked_case(case_id)
        handlers = _handlers(case)
        owners = {h.user_id for h in handlers if h.user_id}
        act = procedure_of(case.procedure, case.procedure_version).action(action)
        if act is None:
            raise ValidationError("该操作不适用于本案的办案程序")
        if not (has_perm(user, act.perm) and case_in_scope(user, case, act.perm, handler_user_ids=owners)):
            if not case_in_scope(user, case, CasePerm.VIEW, handler_user_ids=owners):
                raise NotFound()
            raise PermissionDenied(f"您没有“{act.label}”的权限")
        if act.by_approval:
            raise PermissionDenied(f"“{act.label}”须在审批流程中办理，请到待办事项中审批")
        if version is not None and case.version != version:
            raise Conflict("案件已被他人更新，请刷新后重试", code="stale_case")
        return _perform(actor=actor, user=user, case=case, handlers=handlers, act=act, data=data, today=today)


def case_transition_by_approval(
    *, actor: Actor, user: Any, case_id: int, action: str, data: dict[str, Any], today: date | None = None
) -> Case:
    """Take an action reserved to an approval run (`Action.by_approval`) for the user who decided the
    run's last step. Called by the approval types' hooks inside the deciding transaction, so a
    failing gate undoes the approval decision too."""
    today = today or timezone.localdate()
    with transaction.atomic():
        case = _locked_case(case_id)
        act = procedure_of(case.procedure, case.procedure_version).action(action)
        if act is None or not act.by_approval:
            raise ValidationError("该操作不能由审批流程办理")
        return _perform(
            actor=actor, user=user, case=case, handlers=_handlers(case), act=act, data=dict(data), today=today
        )


def _perform(
    *,
    actor: Actor,
    user: Any,
    case: Case,
    handlers: list[CaseHandler],
    act: Action,
    data: dict[str, Any],
    today: date,
) -> Case:
    if case.state not in act.sources:
        raise Conflict(
            f"案件当前状态为“{CaseState(case.state).label}”，不能{act.label}", code="action_unavailable"
        )
    missing = [INPUT_LABELS.get(k, k) for k in act.requires if str(data.get(k, "")).strip() == ""]
    if missing:
        raise ValidationError("请填写：" + "、".join(missing))
    from_state = case.state
    effect = EFFECTS.get(act.code)
    if effect is not None:
        effect(case, data, today)
    ctx = GateContext(
        case=case,
        user=user,
        data=data,
        today=today,
        officers=[h.officer for h in handlers],
        flags={"legal_review": act.code == "legal_review_pass"},
    )
    problems = [problem for gate in act.gates for problem in GATES[gate](ctx)]
    if problems:
        raise ValidationError("；".join(problems), code="gate_failed", extra={"problems": problems})
    if ctx.flags.get("supervision_flag"):
        case.supervision_flag = True
    if act.code == "legal_review_pass":
        case.legal_reviewer_id = actor.id
    issue_action_papers(actor=actor, user=user, case=case, action=act.code, data=data, today=today)
    if act.target:
        case.state = act.target
    case.version += 1
    case.save()
    clock = CLOCKS.get(act.code)
    if clock is not None:
        clock(actor, case)
    data_clock = DATA_CLOCKS.get(act.code)
    if data_clock is not None:
        data_clock(actor, case, data)
    CaseEvent.objects.create(
        case=case,
        action=act.code,
        label=act.label,
        from_state=from_state,
        to_state=case.state,
        actor_id=actor.id,
        actor_label=actor.label,
        occurred_at=timezone.now(),
        note=str(data.get("note", "")).strip(),
        payload={k: str(v) for k, v in data.items() if k != "note"},
    )
    audit_append(
        actor=actor,
        action=f"cases.case.{act.code}",
        subject=case,
        payload={"from": from_state, "to": case.state, "version": case.version, **ctx.flags},
    )
    if act.approval:
        from .approvals import case_approval_start

        case_approval_start(actor=actor, case=case, act=act, data=data)
    return case
