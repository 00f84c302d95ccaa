"""检查转办 with approval (issue #4 item 4): an officer asks to hand an unfinished inspection to another
unit of the same agency or to other officers, with a reason; the 执法机构负责人 (or the chain the
agency configured, e.g. 机关负责人) approves in 我的待办. On approval the inspection's unit and
officers change, the old officers' tasks are closed and the new officers get theirs; a refusal
leaves the inspection as it was and records the reason. Every step is audited."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from zhifa.core.audit import Actor, audit_append
from zhifa.core.errors import Conflict, ValidationError
from zhifa.orgs.models import Officer, Organisation
from zhifa.orgs.scopes import organisation_ancestor_ids, organisation_subtree_ids
from zhifa.worklist.registry import ApprovalStepSpec, register_approval_type
from zhifa.worklist.services import approval_start, task_create, tasks_close_for_subject

from ..choices import InspectionState
from ..models import Inspection, InspectionOfficer, InspectionTransfer, OfficerConflict, TransferState
from ..rules import MIN_TEAM_SIZE

TRANSFER_APPROVAL = "inspections.transfer"
TASK_KIND = "inspection"
OPEN_STATES = (InspectionState.ASSIGNED, InspectionState.IN_PROGRESS)


def agency_unit_ids(organisation_id: int) -> set[int]:
    """The agency an inspection belongs to: the top of its unit's chain and every unit below it
    (转办 stays inside one agency; 移送 to another agency is zhifa.transfers' business)."""
    top = organisation_ancestor_ids(organisation_id, include_self=True)[-1]
    return set(organisation_subtree_ids(top))


def _check_officers(
    inspection: Inspection, to_organisation: Organisation, officers: Sequence[Officer]
) -> list[str]:
    """≥2 officers of the receiving unit (or its sub-units), in post, certified for the domain with
    a valid certificate (处罚法 Art. 42), none on the party's 回避 list (Art. 43)."""
    problems = []
    today = timezone.localdate()
    if len(officers) < MIN_TEAM_SIZE:
        problems.append("转办须指定2名以上执法人员（行政处罚法第四十二条）")
    units = set(organisation_subtree_ids(to_organisation.pk))
    certified = set(
        Officer.objects.filter(pk__in=[o.pk for o in officers], domains=inspection.domain_id).values_list(
            "pk", flat=True
        )
    )
    barred = set(
        OfficerConflict.objects.filter(
            party_id=inspection.party_id, officer_id__in=[o.pk for o in officers]
        ).values_list("officer_id", flat=True)
    )
    for officer in officers:
        if officer.organisation_id not in units:
            problems.append(f"{officer.name}不是{to_organisation.name}的执法人员")
        elif not officer.is_active or not officer.certificate_valid_on(today) or officer.pk not in certified:
            problems.append(f"{officer.name}未持有本领域有效执法证")
        elif officer.pk in barred:
            problems.append(f"{officer.name}须回避该检查对象")
    return problems


def inspection_transfer_request(
    *,
    actor: Actor,
    inspection: Inspection,
    to_organisation: Organisation,
    officers: Sequence[Officer],
    reason: str,
) -> InspectionTransfer:
    """提请检查转办: records the request and starts the approval (one pending request at a time)."""
    unique = list({o.pk: o for o in officers}.values())
    problems = []
    if not reason.strip():
        problems.append("请填写转办理由")
    if to_organisation.pk not in agency_unit_ids(inspection.organisation_id):
        problems.append("检查转办只能在本机关内（本单位、上下级单位之间）进行")
    problems += _check_officers(inspection, to_organisation, unique)
    current = set(inspection.officer_links.values_list("officer_id", flat=True))
    if to_organisation.pk == inspection.organisation_id and {o.pk for o in unique} == current:
        problems.append("转办后的单位和执法人员与现在相同")
    if problems:
        raise ValidationError("；".join(problems))
    with transaction.atomic():
        locked = Inspection.objects.select_for_update().select_related("organisation").get(pk=inspection.pk)
        if locked.state not in OPEN_STATES:
            raise Conflict("检查已办结，不能转办")
        if InspectionTransfer.objects.filter(inspection=locked, state=TransferState.REQUESTED).exists():
            raise Conflict("该检查已有待审批的转办申请")
        transfer = InspectionTransfer.objects.create(
            inspection=locked,
            organisation=locked.organisation,
            region_code=locked.region_code,
            from_officer_ids=sorted(current),
            to_organisation=to_organisation,
            to_officer_ids=[o.pk for o in unique],
            reason=reason.strip()[:500],
            requested_by_id=actor.id,
        )
        run = approval_start(
            actor=actor,
            subject=locked,
            organisation=locked.organisation,
            approval_type=TRANSFER_APPROVAL,
            summary={
                "检查对象": locked.party_name,
                "原实施单位": locked.organisation.name,
                "转办至单位": to_organisation.name,
                "转办执法人员": "、".join(o.name for o in unique),
                "转办理由": transfer.reason,
            },
        )
        transfer.approval_run_id = run.pk
        transfer.save(update_fields=["approval_run_id"])
        audit_append(
            actor=actor,
            action="inspections.transfer.request",
            subject=transfer,
            payload={
                "inspection": locked.pk,
                "to_organisation": to_organisation.pk,
                "to_officers": transfer.to_officer_ids,
                "reason": transfer.reason,
                "approval_run": run.pk,
            },
        )
    return transfer


def _pending(run: Any) -> InspectionTransfer:
    return InspectionTransfer.objects.select_for_update().get(
        approval_run_id=run.pk, state=TransferState.REQUESTED
    )


def _hand_over(actor: Actor, transfer: InspectionTransfer) -> Inspection:
    """The inspection moves: unit, officers, their tasks (old closed, new created)."""
    inspection = Inspection.objects.select_for_update().get(pk=transfer.inspection_id)
    if inspection.state not in OPEN_STATES:
        raise Conflict("检查已办结，不能转办")
    to_org = Organisation.objects.get(pk=transfer.to_organisation_id)
    by_pk = Officer.objects.select_related("user").in_bulk(transfer.to_officer_ids)
    officers = [by_pk[pk] for pk in transfer.to_officer_ids if pk in by_pk]
    problems = _check_officers(inspection, to_org, officers)  # still valid on the day of approval
    if problems:
        raise ValidationError("；".join(problems))
    tasks_close_for_subject(actor=actor, subject=inspection, kind=TASK_KIND)
    InspectionOfficer.objects.filter(inspection=inspection).delete()
    InspectionOfficer.objects.bulk_create(
        [
            InspectionOfficer(inspection=inspection, officer=o, user_id=o.user_id, position=i)
            for i, o in enumerate(officers)
        ]
    )
    inspection.organisation, inspection.region_code = to_org, to_org.region_code
    inspection.save(update_fields=["organisation", "region_code"])
    url = reverse("inspections:execute", args=[inspection.pk])
    for officer in officers:
        if officer.user is not None:
            task_create(
                actor=actor,
                subject=inspection,
                organisation=to_org,
                kind=TASK_KIND,
                title=f"行政检查（转办）：{inspection.party_name}",
                assignee=officer.user,
                due_on=inspection.due_on,
                url=url,
            )
    return inspection


def transfer_finished(*, run: Any, actor: Actor) -> None:
    """The approval's hook (inside its transaction): approved → hand over; refused → unchanged, the
    approver's reason recorded."""
    transfer = _pending(run)
    last = run.decisions.order_by("-step_index").first()
    transfer.decided_at = last.decided_at if last else timezone.now()
    if run.status == "approved":
        inspection = _hand_over(actor, transfer)
        transfer.state = TransferState.APPROVED
        payload: dict[str, Any] = {
            "inspection": inspection.pk,
            "from": [transfer.organisation_id, transfer.from_officer_ids],
            "to": [transfer.to_organisation_id, transfer.to_officer_ids],
        }
        action = "inspections.transfer.approve"
    else:
        transfer.state = TransferState.REFUSED
        transfer.refusal_reason = (last.comment if last else "")[:500]
        payload = {"inspection": transfer.inspection_id, "reason": transfer.refusal_reason}
        action = "inspections.transfer.refuse"
    transfer.save(update_fields=["state", "decided_at", "refusal_reason"])
    audit_append(actor=actor, action=action, subject=transfer, payload=payload)


def transfer_withdrawn(*, run: Any, actor: Actor) -> None:
    transfer = _pending(run)
    transfer.state, transfer.decided_at = TransferState.WITHDRAWN, timezone.now()
    transfer.save(update_fields=["state", "decided_at"])
    audit_append(
        actor=actor,
        action="inspections.transfer.withdraw",
        subject=transfer,
        payload={"inspection": transfer.inspection_id},
    )


def transfer_eligibility(user: Any, run: Any, step_index: int) -> str | None:
    """Whoever asked for the transfer does not approve it."""
    if InspectionTransfer.objects.filter(approval_run_id=run.pk, requested_by_id=user.pk).exists():
        return "提请人不能审批自己的转办申请"
    return None


def register_inspection_approvals() -> None:
    register_approval_type(
        TRANSFER_APPROVAL,
        "检查转办审批",
        on_finished=transfer_finished,
        eligibility=transfer_eligibility,
        on_withdrawn=transfer_withdrawn,
        default_steps=(ApprovalStepSpec("team_leader", "执法机构负责人审批"),),
    )
