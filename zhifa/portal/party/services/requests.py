"""What the party files: a hearing request and a statement go through the cases app's party door
(zhifa.cases.services.party — the case's own rules and timeline); a deferral or instalment
application (处罚法第六十六条第二款) is recorded for the handling officer to take up as the case's
`request_deferral` / `request_instalments` action. Each filing gives the lead officer a 待办."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from zhifa.cases.choices import CaseState
from zhifa.cases.gates import payment_due_on
from zhifa.cases.models import Case, CaseHandler
from zhifa.cases.rules.execution import instalment_problems, parse_instalments
from zhifa.cases.services import case_party_request_hearing, case_party_statement
from zhifa.cases.services.party import party_hearing_deadline
from zhifa.core.audit import Actor, audit_append
from zhifa.core.errors import Conflict, ValidationError
from zhifa.worklist.models import Task, TaskStatus
from zhifa.worklist.services import task_complete, task_create

from ..choices import RequestKind
from ..models import PartyAccess, PartyRequest
from .access import party_actor

REASON_MAX_CHARS = 2000
PAYMENT_KINDS = (RequestKind.DEFERRAL, RequestKind.INSTALMENTS)


def _task(*, actor: Actor, case: Case, kind: str, title: str) -> Task:
    """The 待办 of the case's lead officer (主办人), else any handler, else the unit's team leaders."""
    handlers = list(CaseHandler.objects.filter(case=case, user__isnull=False).select_related("user"))
    handlers.sort(key=lambda h: h.role != "lead")
    url = reverse("cases:detail", args=[case.pk]) + "#party-portal"
    if handlers:
        return task_create(
            actor=actor,
            subject=case,
            organisation=case.organisation,
            kind=kind,
            title=title,
            assignee=handlers[0].user,
            url=url,
        )
    return task_create(
        actor=actor,
        subject=case,
        organisation=case.organisation,
        kind=kind,
        title=title,
        queue_role="team_leader",
        queue_organisation=case.organisation,
        url=url,
    )


def _record(
    *, actor: Actor, access: PartyAccess, case: Case, kind: str, task: Task, ip: str, **fields: Any
) -> PartyRequest:
    request = PartyRequest.objects.create(
        access=access,
        case=case,
        organisation_id=case.organisation_id,
        region_code=case.region_code,
        kind=kind,
        submitted_at=timezone.now(),
        ip=ip[:45],
        task=task,
        **fields,
    )
    audit_append(
        actor=actor,
        action=f"party_portal.request.{kind}",
        subject=request,
        payload={"case": case.pk, "task": task.pk, "window_ends_on": fields.get("window_ends_on")},
    )
    return request


def party_request_hearing(
    *, access: PartyAccess, ip: str = "", note: str = "", today: date | None = None
) -> PartyRequest:
    """申请听证 within 5 working days of the 告知 (处罚法第六十四条第一项); refused after, naming the day."""
    actor = party_actor(access, ip)
    note = (note or "").strip()[:REASON_MAX_CHARS]
    with transaction.atomic():
        case = case_party_request_hearing(actor=actor, case_id=access.case_id, note=note, today=today)
        task = _task(
            actor=actor,
            case=case,
            kind="party_portal.hearing",
            title=f"当事人申请听证：{case.number}（听证通知书应在举行听证七个工作日前送达）",
        )
        return _record(
            actor=actor,
            access=access,
            case=case,
            kind=RequestKind.HEARING,
            task=task,
            ip=ip,
            text=note,
            window_ends_on=party_hearing_deadline(case),
        )


def party_submit_statement(
    *, access: PartyAccess, text: str, ip: str = "", today: date | None = None
) -> PartyRequest:
    """陈述、申辩 until the decision (处罚法第四十五条): the officer must review it (复核)."""
    actor = party_actor(access, ip)
    with transaction.atomic():
        case = case_party_statement(actor=actor, case_id=access.case_id, text=text, today=today)
        task = _task(
            actor=actor,
            case=case,
            kind="party_portal.statement",
            title=f"当事人提出陈述、申辩意见：{case.number}（应当复核，行政处罚法第四十五条）",
        )
        return _record(
            actor=actor,
            access=access,
            case=case,
            kind=RequestKind.STATEMENT,
            task=task,
            ip=ip,
            text=text.strip(),
        )


def _payable_case(access: PartyAccess) -> Case:
    case = Case.objects.select_for_update().get(pk=access.case_id)
    if case.state != CaseState.SERVED or not case.decided_fine or case.executed_on:
        raise Conflict("本案目前没有待缴纳的罚款，无需申请延期或分期缴纳")
    pending = PartyRequest.objects.filter(
        case=case, kind__in=PAYMENT_KINDS, task__status=TaskStatus.OPEN
    ).first()
    if pending is not None:
        raise Conflict(
            f"您已于{timezone.localtime(pending.submitted_at):%Y年%m月%d日}提交{pending.get_kind_display()}，"
            "执法机关正在审查，请勿重复提交"
        )
    return case


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("请说明申请理由（如确有经济困难的情况）", fields={"reason": ["必填"]})
    return reason[:REASON_MAX_CHARS]


def party_apply_deferral(
    *, access: PartyAccess, deferred_to: date, reason: str, ip: str = ""
) -> PartyRequest:
    """延期缴纳罚款 (处罚法第六十六条第二款: 当事人确有经济困难，经当事人申请和行政机关批准): recorded for
    the officer, who files it as the case's `request_deferral` for the head's approval."""
    actor = party_actor(access, ip)
    reason = _reason(reason)
    with transaction.atomic():
        case = _payable_case(access)
        due = payment_due_on(case)
        if due is not None and deferred_to <= due:  # the same test as the case's deferral gate
            raise ValidationError(f"延期缴纳的期限应晚于原缴款期限{due:%Y年%m月%d日}")
        task = _task(
            actor=actor,
            case=case,
            kind="party_portal.deferral",
            title=f"当事人申请延期缴纳罚款至{deferred_to:%Y年%m月%d日}：{case.number}（行政处罚法第六十六条第二款）",
        )
        return _record(
            actor=actor,
            access=access,
            case=case,
            kind=RequestKind.DEFERRAL,
            task=task,
            ip=ip,
            text=reason,
            deferred_to=deferred_to,
            window_ends_on=due,
        )


def party_apply_instalments(
    *, access: PartyAccess, plan_text: str, reason: str, ip: str = ""
) -> PartyRequest:
    """分期缴纳罚款 (处罚法第六十六条第二款), checked by the case's own instalment rules: at least two
    instalments, ascending dates after the decision was received, the last after the due date,
    adding up to the fine."""
    actor = party_actor(access, ip)
    reason = _reason(reason)
    try:
        plan = parse_instalments(plan_text)
    except ValueError as exc:
        raise ValidationError(f"分期计划有误：{exc}") from None
    with transaction.atomic():
        case = _payable_case(access)
        due = payment_due_on(case)
        assert case.decided_fine is not None
        assert case.decision_served_on is not None
        assert due is not None
        problems = instalment_problems(
            plan, fine=case.decided_fine, served_on=case.decision_served_on, due_on=due
        )
        if problems:
            raise ValidationError("分期计划有误：" + "；".join(problems), extra={"problems": problems})
        task = _task(
            actor=actor,
            case=case,
            kind="party_portal.instalments",
            title=f"当事人申请分{len(plan)}期缴纳罚款：{case.number}（行政处罚法第六十六条第二款）",
        )
        return _record(
            actor=actor,
            access=access,
            case=case,
            kind=RequestKind.INSTALMENTS,
            task=task,
            ip=ip,
            text=reason,
            instalments=[{"due_on": i.due_on.isoformat(), "amount": str(i.amount)} for i in plan],
            window_ends_on=due,
        )


def party_request_done(*, actor: Actor, request: PartyRequest) -> PartyRequest:
    """The officer marks the party's filing as dealt with (the hearing noticed, the statement reviewed,
    the application filed for approval or answered): its 待办 is completed, and the party sees
    “已处理” — and may file a new payment application."""
    with transaction.atomic():
        # no join: PostgreSQL refuses FOR UPDATE on the nullable side of an outer join (the task)
        locked = PartyRequest.objects.select_for_update().get(pk=request.pk)
        if locked.task is None or locked.task.status != TaskStatus.OPEN:
            raise Conflict("该申请已处理")
        task_complete(actor=actor, task=locked.task)
        audit_append(
            actor=actor,
            action="party_portal.request.done",
            subject=locked,
            payload={"case": locked.case_id, "kind": locked.kind, "task": locked.task_id},
        )
    locked.task.refresh_from_db()
    return locked
