"""Transfers: request (with the approval its kind needs), send, receipt, the receiver's answer, and
for suspected crimes the 310令 steps after a refusal (reconsideration, procuratorate supervision)
and the hand-over of items. Each write is atomic and audited; each 310令 time limit is a worklist
row on the transfer (RULES §4)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhifa.cases.choices import CaseState
from zhifa.cases.models import Case, CaseHandler
from zhifa.cases.permissions import CasePerm
from zhifa.cases.selectors import case_in_scope
from zhifa.cases.services import case_transition_by_approval
from zhifa.core.audit import Actor, audit_append
from zhifa.core.errors import Conflict, PermissionDenied, ValidationError
from zhifa.orgs.models import Officer, Organisation
from zhifa.orgs.scopes import has_perm, scope_contains
from zhifa.worklist.models import ApprovalDecision, ApprovalRun
from zhifa.worklist.registry import ApprovalStepSpec, register_approval_type
from zhifa.worklist.services import (
    approval_start,
    deadline_meet_rule,
    deadline_resume_rule,
    deadline_start,
    deadline_suspend_rule,
)

from . import rules
from .models import Transfer, TransferKind, TransferState
from .paperwork import issue_transfer_papers
from .permissions import TransferPerm

OPEN_TRANSFER_STATES = (
    TransferState.REQUESTED,
    TransferState.APPROVED,
    TransferState.SENT,
    TransferState.RECONSIDERATION,
)
# 行政移送 and 转办 happen before the decision; a suspected crime is transferred whenever it is found
# (310令第十一条: penalties already imposed keep running).
BEFORE_DECISION = (
    CaseState.REGISTERED,
    CaseState.OPENING,
    CaseState.INVESTIGATING,
    CaseState.INVESTIGATION_CONCLUDED,
    CaseState.IN_REVIEW,
    CaseState.REVIEWED,
    CaseState.NOTIFIED,
    CaseState.HEARING_REQUESTED,
    CaseState.HEARING_SCHEDULED,
    CaseState.HEARING_HELD,
    CaseState.DECIDING,
)
APPROVAL_TYPES = {
    # 310令第五条第二款: 正职负责人或者主持工作的负责人 decides within 3 days.
    TransferKind.CRIMINAL: (
        "transfers.criminal",
        "涉刑案件移送审批",
        (ApprovalStepSpec("agency_head", "机关正职负责人审批"),),
    ),
    # SAMR程序规定第二十二条: 移送有管辖权的部门, 经负责人批准.
    TransferKind.ADMINISTRATIVE: (
        "transfers.administrative",
        "行政案件移送审批",
        (
            ApprovalStepSpec("team_leader", "承办机构负责人审核"),
            ApprovalStepSpec("agency_head", "机关负责人批准"),
        ),
    ),
    TransferKind.INTERNAL: (
        "transfers.internal",
        "处罚转办审批",
        (ApprovalStepSpec("team_leader", "执法机构负责人审批"),),
    ),
}


def _start(actor: Actor, transfer: Transfer, limit: rules.Limit, at: datetime) -> None:
    deadline_start(
        actor=actor,
        subject=transfer,
        organisation=transfer.organisation,
        rule=limit.deadline_rule,
        started_on=timezone.localtime(at).date(),
    )


def _meet(actor: Actor, transfer: Transfer, limit: rules.Limit, at: datetime) -> None:
    deadline_meet_rule(actor=actor, subject=transfer, rule_code=limit.code, on=timezone.localtime(at).date())


def _sender(user: Any, row: Transfer) -> None:
    """The sending unit's officers and leaders act for the sender (and record the police's steps)."""
    perm = TransferPerm.CRIMINAL if row.kind == TransferKind.CRIMINAL else TransferPerm.CREATE
    owners = {
        row.requested_by_id,
        *CaseHandler.objects.filter(case_id=row.case_id).values_list("user_id", flat=True),
    }
    if not (
        has_perm(user, perm)
        and scope_contains(
            user,
            TransferPerm.VIEW,
            organisation_id=row.organisation_id,
            region_code=row.region_code,
            owner_ids={o for o in owners if o},
        )
    ):
        raise PermissionDenied("只有移送机关可以办理此操作")


def _save(actor: Actor, transfer: Transfer, verb: str, **payload: Any) -> Transfer:
    transfer.version += 1
    transfer.save()
    audit_append(
        actor=actor,
        action=f"transfers.transfer.{verb}",
        subject=transfer,
        payload={"state": transfer.state, "case": transfer.case_id, **payload},
    )
    return transfer


def _locked(transfer: Transfer, *states: str) -> Transfer:
    row = Transfer.objects.select_for_update().select_related("organisation").get(pk=transfer.pk)
    if row.version != transfer.version:
        raise Conflict("移送记录已被他人更新，请刷新后重试")
    if states and row.state not in states:
        raise Conflict(f"移送当前状态为“{row.get_state_display()}”，不能办理此操作")
    return row


def transfer_request(
    *,
    actor: Actor,
    user: Any,
    case: Case,
    kind: str,
    reason: str,
    to_organisation: Organisation | None = None,
    to_body: str = "",
    procuratorate: str = "",
    to_officers: Sequence[Officer] = (),
    materials: Sequence[dict[str, Any]] = (),
    evidence_ids: Sequence[int] = (),
    seized_property: str = "",
) -> Transfer:
    """提请移送: checked, recorded, and put to the approval its kind needs."""
    if kind not in TransferKind.values:
        raise ValidationError("移送类型无效")
    perm = TransferPerm.CRIMINAL if kind == TransferKind.CRIMINAL else TransferPerm.CREATE
    handlers = list(CaseHandler.objects.filter(case=case).select_related("officer"))
    owners = {h.user_id for h in handlers if h.user_id}
    if not (has_perm(user, perm) and case_in_scope(user, case, CasePerm.HANDLE, handler_user_ids=owners)):
        raise PermissionDenied("您不能移送本案")
    problems: list[str] = []
    if not reason.strip():
        problems.append("请填写移送理由")
    if kind != TransferKind.CRIMINAL and case.state not in BEFORE_DECISION:
        problems.append("已作出决定的案件不能移送或转办")
    if case.state in (CaseState.CLOSED, CaseState.ARCHIVED, CaseState.TRANSFERRED, CaseState.DECLINED):
        problems.append("案件已终结，不能移送")
    if kind == TransferKind.CRIMINAL:
        if len(handlers) < 2:  # 310令第五条第一款: 2名或者2名以上行政执法人员组成专案组
            problems.append("涉刑移送须由2名以上执法人员组成专案组（310令第五条第一款）")
        if not to_body.strip():
            problems.append("请填写接收的公安机关")
    if kind == TransferKind.ADMINISTRATIVE and (
        to_organisation is None or to_organisation.pk == case.organisation_id
    ):
        problems.append("请选择有管辖权的其他行政机关")
    if kind == TransferKind.INTERNAL:
        own = [o for o in to_officers if o.organisation_id == case.organisation_id and o.is_active]
        if len(own) < 2 or len(own) != len(to_officers):
            problems.append("转办须指定本机关2名以上执法人员（行政处罚法第四十二条）")
    if Transfer.objects.filter(case=case, state__in=OPEN_TRANSFER_STATES).exists():
        problems.append("本案已有进行中的移送")
    if problems:
        raise ValidationError("；".join(problems))
    now = timezone.now()
    with transaction.atomic():
        transfer = Transfer.objects.create(
            kind=kind,
            case=case,
            case_number=case.number,
            party_name=case.party_name,
            organisation=case.organisation,
            region_code=case.region_code,
            to_organisation=to_organisation,
            to_body=(to_organisation.name if to_organisation else to_body.strip()) or case.organisation.name,
            procuratorate=procuratorate.strip(),
            to_officer_ids=[o.pk for o in to_officers],
            reason=reason.strip(),
            materials=list(materials),
            evidence_ids=list(evidence_ids),
            seized_property=seized_property.strip(),
            requested_by_id=user.pk,
            reported_at=now,
        )
        audit_append(
            actor=actor,
            action="transfers.transfer.request",
            subject=transfer,
            payload={"kind": kind, "case": case.pk},
        )
        code, _, _ = APPROVAL_TYPES[TransferKind(kind)]
        approval_start(
            actor=actor,
            subject=transfer,
            organisation=case.organisation,
            approval_type=code,
            summary={
                "案件编号": case.number,
                "当事人": case.party_name,
                "移送类型": TransferKind(kind).label,
                "接收机关": transfer.to_body,
                "移送理由": transfer.reason,
            },
        )
        if kind == TransferKind.CRIMINAL:
            _start(actor, transfer, rules.HEAD_DECISION, now)
    return transfer


def _finished(*, run: ApprovalRun, actor: Actor) -> None:
    """The approval's hook: approved → 待移送 (or, for 转办, the new handlers take over); refused →
    不予移送 with the reason recorded (310令第五条第二款)."""
    last = ApprovalDecision.objects.filter(run=run).order_by("-step_index").first()
    now = last.decided_at if last else timezone.now()
    transfer = Transfer.objects.select_for_update().get(pk=run.subject_id)
    transfer.decided_at = now
    if transfer.kind == TransferKind.CRIMINAL:
        _meet(actor, transfer, rules.HEAD_DECISION, now)
    if run.status != "approved":
        transfer.state = TransferState.REFUSED
        transfer.refusal_reason = last.comment if last else ""
        _save(actor, transfer, "refuse", reason=transfer.refusal_reason)
        return
    if transfer.kind == TransferKind.INTERNAL:
        _reassign(actor, transfer)
        transfer.state = TransferState.DONE
        _save(actor, transfer, "reassign", officers=transfer.to_officer_ids)
        return
    transfer.state = TransferState.APPROVED
    if transfer.kind == TransferKind.CRIMINAL:
        _start(actor, transfer, rules.SEND, now)
    _save(actor, transfer, "approve")


def _reassign(actor: Actor, transfer: Transfer) -> None:
    """处罚转办: the case's handlers become the officers the transfer names (the first leads)."""
    from zhifa.cases.choices import HandlerRole

    officers = {o.pk: o for o in Officer.objects.filter(pk__in=transfer.to_officer_ids)}
    CaseHandler.objects.filter(case_id=transfer.case_id).delete()
    for i, officer_id in enumerate(transfer.to_officer_ids):
        officer = officers[officer_id]
        CaseHandler.objects.create(
            case_id=transfer.case_id,
            officer=officer,
            user_id=officer.user_id,
            role=HandlerRole.LEAD if i == 0 else HandlerRole.ASSIST,
        )


def _withdrawn(*, run: ApprovalRun, actor: Actor) -> None:
    transfer = Transfer.objects.select_for_update().get(pk=run.subject_id)
    transfer.state = TransferState.REFUSED
    transfer.refusal_reason = "提请人撤回"
    _save(actor, transfer, "withdraw")


def register_transfer_approvals() -> None:
    for code, name, steps in APPROVAL_TYPES.values():
        register_approval_type(
            code, name, on_finished=_finished, default_steps=steps, on_withdrawn=_withdrawn
        )


def transfer_send(
    *, actor: Actor, user: Any, transfer: Transfer, procuratorate_copied: bool = True
) -> Transfer:
    """移送: the documents are issued now (the 移送书's 文号 is the transfer's number; paperwork.py); a
    criminal transfer is copied to the procuratorate
    (RULES §4 T14) and the case's decision period stops while the police decide."""
    now = timezone.now()
    with transaction.atomic():
        row = _locked(transfer, TransferState.APPROVED)
        _sender(user, row)
        case = Case.objects.select_related("organisation", "party").get(pk=row.case_id)
        papers = issue_transfer_papers(actor=actor, transfer=row, case=case, today=timezone.localdate(now))
        if papers:  # 11.02 刑移字 / 11.06 移字: the transfer is known by its 移送书's number
            row.number = papers[0].number
        row.state, row.sent_at = TransferState.SENT, now
        if row.kind == TransferKind.CRIMINAL:
            if row.procuratorate and procuratorate_copied:
                row.procuratorate_copied_at = now
            _meet(actor, row, rules.SEND, now)
            deadline_suspend_rule(
                actor=actor,
                subject=case,
                rule_code="penalty.decision",
                reason="涉嫌犯罪移送公安机关",
                on=timezone.localdate(now),
            )
        return _save(actor, row, "send", number=row.number)


def transfer_receive(
    *, actor: Actor, user: Any, transfer: Transfer, received_at: datetime | None = None
) -> Transfer:
    """接收: the police's signed receipt (recorded by the sender) or the receiving agency's receipt."""
    received_at = received_at or timezone.now()
    with transaction.atomic():
        row = _locked(transfer, TransferState.SENT)
        if row.received_at:
            raise Conflict("已登记接收")
        if row.kind == TransferKind.ADMINISTRATIVE and not _receiver(user, row):
            raise PermissionDenied("只有接收机关可以登记接收")
        if row.kind == TransferKind.CRIMINAL:
            _sender(user, row)
        if row.sent_at and received_at < row.sent_at:
            raise ValidationError("接收时间不能早于移送时间")
        row.received_at = received_at
        if row.kind == TransferKind.CRIMINAL:
            _start(actor, row, rules.POLICE_DECISION, received_at)
        return _save(actor, row, "receive")


def _receiver(user: Any, row: Transfer) -> bool:
    return bool(
        has_perm(user, TransferPerm.RECEIVE)
        and row.to_organisation_id == getattr(user, "organisation_id", None)
    )


def transfer_answer(
    *,
    actor: Actor,
    user: Any,
    transfer: Transfer,
    accepted: bool,
    reason: str = "",
    answered_at: datetime | None = None,
) -> Transfer:
    """The receiver's decision: 立案/接收 (the case leaves the sender) or 不予立案/退回 (the sender
    continues, 310令第十条; reasons required, 310令第八条)."""
    answered_at = answered_at or timezone.now()
    with transaction.atomic():
        row = _locked(transfer, TransferState.SENT, TransferState.RECONSIDERATION)
        if row.received_at is None:
            raise ValidationError("请先登记接收")
        if row.kind == TransferKind.ADMINISTRATIVE and not _receiver(user, row):
            raise PermissionDenied("只有接收机关可以决定接收或退回")
        if row.kind == TransferKind.CRIMINAL:
            _sender(user, row)
        if not accepted and not reason.strip():
            raise ValidationError("不予立案或退回须写明理由")
        reconsidering = row.state == TransferState.RECONSIDERATION
        row.answer_reason = reason.strip()
        if reconsidering:
            row.reconsideration_answered_at = answered_at
            _meet(actor, row, rules.POLICE_RECONSIDERATION, answered_at)
        else:
            row.answered_at = answered_at
            if row.kind == TransferKind.CRIMINAL:
                _meet(actor, row, rules.POLICE_DECISION, answered_at)
        case = Case.objects.get(pk=row.case_id)
        if accepted:
            row.state = TransferState.ACCEPTED
            if row.kind == TransferKind.CRIMINAL:
                _start(actor, row, rules.HANDOVER, answered_at)
            what = "立案" if row.kind == TransferKind.CRIMINAL else "接收"
            if case.state in BEFORE_DECISION:  # 310令第十一条: a decided penalty keeps running
                case_transition_by_approval(
                    actor=actor,
                    user=user,
                    case_id=case.pk,
                    action="transfer_out",
                    data={"note": f"{row.to_body}已{what}（{row.number}）"},
                )
        else:
            row.state = TransferState.RETURNED
            if row.kind == TransferKind.CRIMINAL:
                limit = rules.SUPERVISION_PROPOSAL if reconsidering else rules.RECONSIDERATION_REQUEST
                _start(actor, row, limit, answered_at)
                deadline_resume_rule(
                    actor=actor,
                    subject=case,
                    rule_code="penalty.decision",
                    on=timezone.localtime(answered_at).date(),
                )
        return _save(actor, row, "answer", accepted=accepted, reconsideration=reconsidering)


def transfer_request_reconsideration(*, actor: Actor, user: Any, transfer: Transfer) -> Transfer:
    """310令第九条第一款: within 3 days of the refusal, ask the police to reconsider."""
    now = timezone.now()
    with transaction.atomic():
        row = _locked(transfer, TransferState.RETURNED)
        _sender(user, row)
        if row.kind != TransferKind.CRIMINAL or row.reconsideration_requested_at:
            raise ValidationError("只能对公安机关的不予立案决定提请一次复议")
        row.state, row.reconsideration_requested_at = TransferState.RECONSIDERATION, now
        _meet(actor, row, rules.RECONSIDERATION_REQUEST, now)
        _start(actor, row, rules.POLICE_RECONSIDERATION, now)
        case = Case.objects.get(pk=row.case_id)
        deadline_suspend_rule(
            actor=actor,
            subject=case,
            rule_code="penalty.decision",
            reason="提请公安机关复议",
            on=timezone.localdate(now),
        )
        return _save(actor, row, "reconsider")


def transfer_propose_supervision(*, actor: Actor, user: Any, transfer: Transfer) -> Transfer:
    """310令第九条: propose 人民检察院立案监督 (after a refusal or a refused reconsideration)."""
    now = timezone.now()
    with transaction.atomic():
        row = _locked(transfer, TransferState.RETURNED)
        _sender(user, row)
        if row.kind != TransferKind.CRIMINAL:
            raise ValidationError("仅涉刑移送可建议检察院立案监督")
        row.state, row.supervision_proposed_at = TransferState.SUPERVISION, now
        limit = (
            rules.SUPERVISION_PROPOSAL if row.reconsideration_requested_at else rules.RECONSIDERATION_REQUEST
        )
        _meet(actor, row, limit, now)
        return _save(actor, row, "supervision")


def transfer_handover(
    *, actor: Actor, user: Any, transfer: Transfer, handed_over_at: datetime | None = None
) -> Transfer:
    """310令第十二条: items and files handed over within 3 days of the police's 立案通知书."""
    handed_over_at = handed_over_at or timezone.now()
    with transaction.atomic():
        row = _locked(transfer, TransferState.ACCEPTED)
        _sender(user, row)
        if row.kind != TransferKind.CRIMINAL or row.handed_over_at:
            raise ValidationError("无需或已移交涉案物品")
        row.handed_over_at = handed_over_at
        _meet(actor, row, rules.HANDOVER, handed_over_at)
        return _save(actor, row, "handover")
