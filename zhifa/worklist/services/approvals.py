"""审批 runs: start over a subject, decide step by step (each decision SM3-digested and SM2-signed
with the installation key), withdraw. Each step is a queue task for the step's role at the run's
organisation; two people deciding the same step at once → exactly one wins (row lock + version)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from zhifa.core.audit import Actor, audit_append, canonical_json
from zhifa.core.errors import Conflict, PermissionDenied, ValidationError
from zhifa.core.gm import installation_sm2_keypair, sm2_sign, sm2_verify, sm3_hex
from zhifa.core.scopes import DataScope
from zhifa.orgs.models import Organisation, Role, User, UserRole
from zhifa.orgs.scopes import organisation_ancestor_ids

from ..models import (
    ApprovalChain,
    ApprovalDecision,
    ApprovalRun,
    ApprovalStatus,
    DecisionKind,
    Task,
    TaskStatus,
)
from ..registry import approval_type as get_approval_type
from .common import subject_columns, subject_ref, subject_title
from .tasks import create_task_row

STALE = "该审批已由他人处理，请刷新"
# Scopes through which a role held at a superior unit reaches the units below it.
REACHES_BELOW = (DataScope.UNIT_AND_BELOW, DataScope.ALL)


def approval_chain_steps(organisation: Organisation, approval_type: str) -> list[dict[str, str]]:
    """The steps for `approval_type` at `organisation`: the nearest active chain up the parent chain
    (the unit itself first), else the type's registered default steps."""
    kind = get_approval_type(approval_type)
    ancestors = organisation_ancestor_ids(organisation.pk, include_self=True)
    chains = dict(
        ApprovalChain.objects.filter(
            organisation_id__in=ancestors, approval_type=approval_type, is_active=True
        ).values_list("organisation_id", "steps")
    )
    for org_id in ancestors:
        if chains.get(org_id):
            return [{"role": str(s["role"]), "label": str(s["label"])} for s in chains[org_id]]
    return [step.as_dict() for step in kind.default_steps]


def user_holds_step_role(user: User, role_code: str, organisation_id: int) -> bool:
    """The user holds `role_code` for that organisation: at the unit itself, or at a superior unit
    when the role's data scope reaches below (本单位及下级 / 全部)."""
    if not user.is_active or not user.organisation_id:
        return False
    scopes = set(
        UserRole.objects.filter(user_id=user.pk, role__code=role_code).values_list(
            "role__data_scope", flat=True
        )
    )
    if not scopes:
        return False
    if user.organisation_id == organisation_id:
        return True
    if scopes & set(REACHES_BELOW):
        return user.organisation_id in organisation_ancestor_ids(organisation_id)
    return False


def _role_name(code: str) -> str:
    return Role.objects.filter(code=code).values_list("name", flat=True).first() or code


def _step_task(*, actor: Actor, run: ApprovalRun) -> Task:
    """The queue task of the run's current step: the step's role at the run's organisation."""
    step = run.steps[run.current_step]
    title = f"{get_approval_type(run.approval_type).name}：{step['label']}"
    if run.subject_title:
        title = f"{title}（{run.subject_title}）"
    return create_task_row(
        actor=actor,
        subject_type=run.subject_type,
        subject_id=run.subject_id,
        organisation=run.organisation,
        kind="approval",
        title=title,
        queue_role=step["role"],
        queue_organisation=run.organisation,
        url=reverse("worklist:approval", args=[run.pk]),
        approval_run_id=run.pk,
        approval_step=run.current_step,
    )


def approval_start(
    *,
    actor: Actor,
    subject: models.Model,
    organisation: Organisation,
    approval_type: str,
    summary: dict[str, Any],
) -> ApprovalRun:
    """Start one run of the chain for `subject` (one pending run per subject and type)."""
    kind = get_approval_type(approval_type)
    ref = subject_ref(subject)
    steps = approval_chain_steps(organisation, approval_type)
    summary = json.loads(canonical_json(summary))  # stored exactly as it will be signed
    try:
        with transaction.atomic():
            run = ApprovalRun.objects.create(
                **subject_columns(subject, organisation),
                approval_type=approval_type,
                subject_title=subject_title(subject)[:200],
                steps=steps,
                summary=summary,
                started_by_id=actor.id,
            )
            _step_task(actor=actor, run=run)
            audit_append(
                actor=actor,
                action="worklist.approval.start",
                subject=run,
                payload={
                    "subject": f"{ref.subject_type}:{ref.subject_id}",
                    "approval_type": approval_type,
                    "steps": steps,
                    "summary": summary,
                },
            )
    except IntegrityError:
        raise Conflict(f"该事项已有进行中的“{kind.name}”，请勿重复提交") from None
    return run


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def decision_payload(decision: ApprovalDecision, run: ApprovalRun) -> bytes:
    """The canonical bytes a decision signs (the same bytes approval_verify recomputes)."""
    return canonical_json(
        {
            "run": run.pk,
            "subject": {"type": run.subject_type, "id": run.subject_id},
            "approval_type": run.approval_type,
            "step_index": decision.step_index,
            "role": decision.role,
            "decision": decision.decision,
            "comment": decision.comment,
            "decided_by": decision.decided_by_id,
            "decided_at": _utc(decision.decided_at),
            "summary": run.summary,
        }
    ).encode("utf-8")


def approval_decide(
    *, actor: Actor, user: User, run: ApprovalRun, decision: str, comment: str
) -> ApprovalRun:
    """Decide the current step of `run` as `user`. Stale input (someone decided since `run` was
    read) → Conflict and nothing changes."""
    if decision not in DecisionKind.values:
        raise ValidationError("审批意见无效", fields={"decision": ["请选择同意或不同意"]})
    comment = comment.strip()
    if decision == DecisionKind.REJECT and not comment:
        raise ValidationError("不同意时须填写理由", fields={"comment": ["请填写不同意的理由"]})
    kind = get_approval_type(run.approval_type)
    with transaction.atomic():
        locked = ApprovalRun.objects.select_for_update().select_related("organisation").get(pk=run.pk)
        if locked.status != ApprovalStatus.PENDING or locked.version != run.version:
            raise Conflict(STALE)
        index = locked.current_step
        step = locked.steps[index]
        if not user_holds_step_role(user, step["role"], locked.organisation_id):
            raise PermissionDenied(
                f"您不具有“{_role_name(step['role'])}”角色或不属于审批单位，不能办理“{step['label']}”"
            )
        if kind.eligibility is not None:
            reason = kind.eligibility(user, locked, index)
            if reason:
                raise PermissionDenied(reason)
        now = timezone.now()
        last = index + 1 >= len(locked.steps)
        finished = decision == DecisionKind.REJECT or last
        new_status = (
            ApprovalStatus.REJECTED
            if decision == DecisionKind.REJECT
            else (ApprovalStatus.APPROVED if last else ApprovalStatus.PENDING)
        )
        won = ApprovalRun.objects.filter(
            pk=locked.pk, version=run.version, status=ApprovalStatus.PENDING
        ).update(
            version=F("version") + 1,
            status=new_status,
            current_step=index if finished else index + 1,
            finished_at=now if finished else None,
        )
        if won != 1:  # pragma: no cover - the row lock already serialised us (SQLite: the write lock)
            raise Conflict(STALE)
        record = ApprovalDecision(
            run=locked,
            step_index=index,
            role=step["role"],
            label=step["label"],
            decided_by=user,
            decision=decision,
            comment=comment,
            decided_at=now,
        )
        keys = installation_sm2_keypair()
        data = decision_payload(record, locked)
        record.payload_digest = sm3_hex(data)
        record.signature = sm2_sign(keys.private_key, data, public_key_hex=keys.public_key)
        record.public_key = keys.public_key
        try:
            with transaction.atomic():
                record.save(force_insert=True)
        except IntegrityError:  # pragma: no cover - one decision per step (unique constraint)
            raise Conflict(STALE) from None
        Task.objects.filter(approval_run=locked, approval_step=index, status=TaskStatus.OPEN).update(
            status=TaskStatus.DONE, completed_by_id=user.pk, completed_at=now
        )
        locked.refresh_from_db()
        audit_append(
            actor=actor,
            action="worklist.approval.decide",
            subject=locked,
            payload={
                "step_index": index,
                "role": step["role"],
                "decision": decision,
                "comment": comment,
                "status": locked.status,
                "payload_digest": record.payload_digest,
            },
        )
        if finished:
            kind.on_finished(run=locked, actor=actor)
        else:
            _step_task(actor=actor, run=locked)
    return locked


def approval_withdraw(*, actor: Actor, run: ApprovalRun) -> ApprovalRun:
    """The submitter takes a pending run back; its open tasks are cancelled (no on_finished)."""
    with transaction.atomic():
        locked = ApprovalRun.objects.select_for_update().get(pk=run.pk)
        if locked.status != ApprovalStatus.PENDING:
            raise Conflict("该审批已结束，不能撤回")
        now = timezone.now()
        ApprovalRun.objects.filter(pk=locked.pk).update(
            status=ApprovalStatus.WITHDRAWN, finished_at=now, version=F("version") + 1
        )
        Task.objects.filter(approval_run=locked, status=TaskStatus.OPEN).update(
            status=TaskStatus.CANCELLED, completed_by_id=actor.id, completed_at=now
        )
        locked.refresh_from_db()
        audit_append(
            actor=actor,
            action="worklist.approval.withdraw",
            subject=locked,
            payload={"step_index": locked.current_step, "approval_type": locked.approval_type},
        )
        kind = get_approval_type(locked.approval_type)
        if kind.on_withdrawn is not None:
            kind.on_withdrawn(run=locked, actor=actor)
    return locked


def approval_verify(decision: ApprovalDecision) -> bool:
    """Recompute the decision's canonical bytes: the SM3 digest must match and the SM2 signature
    must verify under the stored public key."""
    data = decision_payload(decision, decision.run)
    if sm3_hex(data) != decision.payload_digest:
        return False
    return sm2_verify(decision.public_key, data, decision.signature)


def approval_chain_save(
    *,
    actor: Actor,
    organisation: Organisation,
    approval_type: str,
    steps: Any,
    is_active: bool = True,
    chain: ApprovalChain | None = None,
) -> ApprovalChain:
    """Create or change an organisation's chain for a type (admin). Runs already started keep the
    steps they snapshotted."""
    from ..registry import validate_steps

    cleaned = validate_steps(steps)
    try:
        with transaction.atomic():
            before = None
            if chain is None or chain.pk is None:
                chain = ApprovalChain(organisation=organisation, approval_type=approval_type)
            else:
                chain = ApprovalChain.objects.select_for_update().get(pk=chain.pk)
                before = {"steps": chain.steps, "is_active": chain.is_active}
            chain.organisation = organisation
            chain.approval_type = approval_type
            chain.steps = cleaned
            chain.is_active = is_active
            chain.updated_at = timezone.now()
            chain.save()
            audit_append(
                actor=actor,
                action="worklist.approval_chain.save",
                subject=chain,
                payload={
                    "organisation_id": organisation.pk,
                    "approval_type": approval_type,
                    "steps": cleaned,
                    "is_active": is_active,
                    "before": before,
                },
            )
    except IntegrityError:
        raise Conflict("该单位已有启用的同类审批流程") from None
    return chain
