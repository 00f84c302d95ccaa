"""Writes on the power list (权责清单): change batches and their approval (RECORDS §4.6).

Flow: `power_batch_create` → `power_batch_add_change` (create / update / retire, full proposed data)
→ `power_batch_submit` → `power_batch_approve` (applies every draft atomically, one new
`PowerVersion` per power) or `power_batch_reject`. The approver needs `legal.power.approve` over the
batch's unit and must not be its submitter (four-eyes). Every write appends an audit event in the
same transaction. A system actor (`Actor.system(...)`, imports and seeds) skips the permission checks.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhifa.core.audit import Actor, audit_append
from zhifa.core.errors import Conflict, PermissionDenied, ValidationError
from zhifa.orgs.choices import OrganisationLevel
from zhifa.orgs.models import Domain, Organisation, User

from ..models import (
    Article,
    BasisCategory,
    BatchState,
    DraftAction,
    LawItem,
    Paragraph,
    Power,
    PowerBasis,
    PowerChangeBatch,
    PowerDraft,
    PowerKind,
    PowerStatus,
    PowerVersion,
)
from ..permissions import LegalPerm
from ..selectors.powers import org_in_scope

POWER_FIELDS = (
    "code",
    "name",
    "kind",
    "domain_id",
    "subject_level",
    "organisation_id",
    "may_involve_crime",
    "description",
    "bases",
)
BASIS_FIELDS = ("category", "law_title", "provision", "article_id", "paragraph_id", "item_id", "text")


def _invalid(field: str, message: str) -> ValidationError:
    return ValidationError(message, fields={field: [message]})


def acting_user(actor: Actor) -> User | None:
    """The user behind an actor; None for system actors (imports, seeds)."""
    if actor.id is None:
        return None
    user = User.objects.filter(pk=actor.id, is_active=True).first()
    if user is None:
        raise PermissionDenied()
    return user


def _require_scope(actor: Actor, perm: str, organisation_id: int | None) -> User | None:
    user = acting_user(actor)
    if user is not None and not org_in_scope(user, perm, organisation_id):
        raise PermissionDenied()
    return user


def power_snapshot(power: Power) -> dict[str, Any]:
    """The full content of a live power in draft/version format."""
    bases = []
    if power.current_version_id:
        for basis in power.current_version.bases.all():  # type: ignore[union-attr]
            bases.append({name: getattr(basis, name) for name in BASIS_FIELDS})
    return {
        "code": power.code,
        "name": power.name,
        "kind": power.kind,
        "domain_id": power.domain_id,
        "subject_level": power.subject_level,
        "organisation_id": power.organisation_id,
        "may_involve_crime": power.may_involve_crime,
        "description": power.description,
        "bases": bases,
    }


def _clean_basis(raw: Mapping[str, Any], index: int) -> dict[str, Any]:
    unknown = set(raw) - set(BASIS_FIELDS)
    if unknown:
        raise _invalid("bases", f"第{index}条依据含未知字段：{'、'.join(sorted(unknown))}")
    category = raw.get("category") or ""
    if category not in BasisCategory.values:
        raise _invalid("bases", f"第{index}条依据的依据类别无效")
    basis = {
        "category": category,
        "law_title": str(raw.get("law_title") or "").strip()[:300],
        "provision": str(raw.get("provision") or "").strip()[:100],
        "article_id": raw.get("article_id") or None,
        "paragraph_id": raw.get("paragraph_id") or None,
        "item_id": raw.get("item_id") or None,
        "text": str(raw.get("text") or "").strip(),
    }
    if basis["item_id"]:
        item = LawItem.objects.select_related("paragraph").filter(pk=basis["item_id"]).first()
        if item is None:
            raise _invalid("bases", f"第{index}条依据的“项”不存在")
        basis["paragraph_id"] = basis["paragraph_id"] or item.paragraph_id
        if basis["paragraph_id"] != item.paragraph_id:
            raise _invalid("bases", f"第{index}条依据的“项”不属于所选的“款”")
    if basis["paragraph_id"]:
        paragraph = Paragraph.objects.filter(pk=basis["paragraph_id"]).first()
        if paragraph is None:
            raise _invalid("bases", f"第{index}条依据的“款”不存在")
        basis["article_id"] = basis["article_id"] or paragraph.article_id
        if basis["article_id"] != paragraph.article_id:
            raise _invalid("bases", f"第{index}条依据的“款”不属于所选的“条”")
    if basis["article_id"] and not Article.objects.filter(pk=basis["article_id"]).exists():
        raise _invalid("bases", f"第{index}条依据的“条”不存在")
    if not (basis["article_id"] or basis["text"] or basis["law_title"]):
        raise _invalid("bases", f"第{index}条依据请关联法律法规条文，或填写依据原文")
    return basis


def clean_power_data(data: Mapping[str, Any]) -> dict[str, Any]:
    """Validate the full proposed content of a power; Chinese messages per field."""
    unknown = set(data) - set(POWER_FIELDS)
    if unknown:
        raise ValidationError(f"未知字段：{'、'.join(sorted(unknown))}")
    code = str(data.get("code") or "").strip()
    if not code:
        raise _invalid("code", "请填写职权编码")
    if len(code) > 64:
        raise _invalid("code", "职权编码不能超过64个字符")
    name = str(data.get("name") or "").strip()
    if not name:
        raise _invalid("name", "请填写职权名称")
    kind = data.get("kind")
    if kind not in PowerKind.values:
        raise _invalid("kind", "请选择职权类型")
    level = data.get("subject_level")
    if level not in OrganisationLevel.values:
        raise _invalid("subject_level", "请选择行使层级")
    organisation_id = data.get("organisation_id")
    if not organisation_id or not Organisation.objects.filter(pk=organisation_id).exists():
        raise _invalid("organisation_id", "请选择实施主体")
    domain_id = data.get("domain_id") or None
    if domain_id and not Domain.objects.filter(pk=domain_id).exists():
        raise _invalid("domain_id", "执法领域不存在")
    bases = [_clean_basis(raw, i) for i, raw in enumerate(data.get("bases") or [], start=1)]
    return {
        "code": code,
        "name": name[:300],
        "kind": kind,
        "domain_id": domain_id,
        "subject_level": level,
        "organisation_id": int(organisation_id),
        "may_involve_crime": bool(data.get("may_involve_crime")),
        "description": str(data.get("description") or "").strip(),
        "bases": bases,
    }


def power_batch_create(
    *, actor: Actor, title: str, reason: str, organisation: Organisation | None = None
) -> PowerChangeBatch:
    """A new draft batch of the actor's unit (or `organisation`, which must lie in the actor's scope)."""
    title, reason = (title or "").strip(), (reason or "").strip()
    if not title:
        raise _invalid("title", "请填写批次名称")
    if not reason:
        raise _invalid("reason", "请填写调整原因")
    org_id = organisation.pk if organisation is not None else actor.organisation_id
    if org_id is None:
        raise _invalid("organisation", "请选择申报单位")
    user = _require_scope(actor, LegalPerm.POWER_EDIT, org_id)
    org = Organisation.objects.get(pk=org_id)
    with transaction.atomic():
        batch = PowerChangeBatch.objects.create(
            title=title[:200], reason=reason, organisation=org, region_code=org.region_code, created_by=user
        )
        audit_append(
            actor=actor,
            action="legal.power_batch.create",
            subject=batch,
            payload={"title": batch.title, "reason": reason, "organisation": org.pk},
        )
    return batch


def _locked_batch(batch: PowerChangeBatch) -> PowerChangeBatch:
    return PowerChangeBatch.objects.select_for_update().get(pk=batch.pk)


def power_batch_add_change(
    *,
    actor: Actor,
    batch: PowerChangeBatch,
    action: str,
    power: Power | None = None,
    data: Mapping[str, Any] | None = None,
) -> PowerDraft:
    """Add one proposed change. `update` merges `data` over the power's current content."""
    if action not in DraftAction.values:
        raise _invalid("action", "调整操作无效")
    with transaction.atomic():
        batch = _locked_batch(batch)
        if batch.state != BatchState.DRAFT:
            raise Conflict("该批次已提交，不能再添加调整内容")
        _require_scope(actor, LegalPerm.POWER_EDIT, batch.organisation_id)
        if action == DraftAction.CREATE:
            if power is not None:
                raise _invalid("power", "新增职权不应指定已有职权")
            proposed = clean_power_data(data or {})
            if Power.objects.filter(code=proposed["code"]).exists():
                raise _invalid("code", f"职权编码“{proposed['code']}”已存在")
        else:
            if power is None:
                raise _invalid("power", "请选择要调整的职权")
            power = Power.objects.select_for_update().get(pk=power.pk)
            if power.status != PowerStatus.ACTIVE:
                raise Conflict("该职权已取消，不能再调整")
            current = power_snapshot(power)
            if action == DraftAction.UPDATE:
                merged = {**current, **dict(data or {})}
                if merged.get("code") != power.code:
                    raise _invalid("code", "职权编码不可修改")
                proposed = clean_power_data(merged)
                if proposed == current:
                    raise ValidationError("拟调整内容与现行内容相同")
            else:
                proposed = current
        _require_scope(actor, LegalPerm.POWER_EDIT, proposed["organisation_id"])
        if batch.drafts.filter(code=proposed["code"]).exists():
            raise Conflict(f"本批次已包含职权“{proposed['code']}”的调整")
        draft = PowerDraft.objects.create(
            batch=batch,
            action=action,
            power=power,
            code=proposed["code"],
            data=proposed,
            position=batch.drafts.count() + 1,
        )
        audit_append(
            actor=actor,
            action="legal.power_batch.add_change",
            subject=batch,
            payload={"draft": draft.pk, "action": action, "code": draft.code, "data": proposed},
        )
    return draft


def power_batch_remove_change(*, actor: Actor, draft: PowerDraft) -> None:
    with transaction.atomic():
        batch = _locked_batch(draft.batch)
        if batch.state != BatchState.DRAFT:
            raise Conflict("该批次已提交，不能再修改")
        _require_scope(actor, LegalPerm.POWER_EDIT, batch.organisation_id)
        audit_append(
            actor=actor,
            action="legal.power_batch.remove_change",
            subject=batch,
            payload={"draft": draft.pk, "code": draft.code},
        )
        draft.delete()


def power_batch_submit(*, actor: Actor, batch: PowerChangeBatch) -> PowerChangeBatch:
    with transaction.atomic():
        batch = _locked_batch(batch)
        if batch.state != BatchState.DRAFT:
            raise Conflict("只有草稿状态的批次可以提交")
        user = _require_scope(actor, LegalPerm.POWER_EDIT, batch.organisation_id)
        if not batch.drafts.exists():
            raise ValidationError("批次中没有调整内容，不能提交")
        batch.submit()
        batch.submitted_by = user
        batch.submitted_at = timezone.now()
        batch.save(update_fields=["state", "submitted_by", "submitted_at", "updated_at"])
        audit_append(
            actor=actor,
            action="legal.power_batch.submit",
            subject=batch,
            payload={"drafts": list(batch.drafts.values_list("code", flat=True))},
        )
    return batch


def _apply_draft(draft: PowerDraft, batch: PowerChangeBatch, user: User | None, now: Any) -> PowerVersion:
    data = clean_power_data(draft.data)  # re-validated: laws or units may have changed since
    fields = {k: v for k, v in data.items() if k not in ("bases", "code")}
    org = Organisation.objects.get(pk=data["organisation_id"])
    if draft.action == DraftAction.CREATE:
        if Power.objects.filter(code=data["code"]).exists():
            raise Conflict(f"职权编码“{data['code']}”已被占用，请退回修改")
        power = Power.objects.create(code=data["code"], region_code=org.region_code, **fields)
        number = 1
    else:
        assert draft.power_id is not None
        power = Power.objects.select_for_update().get(pk=draft.power_id)
        if power.status != PowerStatus.ACTIVE:
            raise Conflict(f"职权“{power.code}”已取消，请退回修改")
        for name, value in fields.items():
            setattr(power, name, value)
        power.region_code = org.region_code
        if draft.action == DraftAction.RETIRE:
            power.status = PowerStatus.RETIRED
        number = (power.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    snapshot = {**data, "status": power.status if draft.action != DraftAction.CREATE else PowerStatus.ACTIVE}
    version = PowerVersion.objects.create(
        power=power,
        number=number,
        data=snapshot,
        action=draft.action,
        batch=batch,
        reason=batch.reason,
        created_by=user,
        created_at=now,
    )
    PowerBasis.objects.bulk_create(
        PowerBasis(version=version, position=i, **basis) for i, basis in enumerate(data["bases"], start=1)
    )
    power.current_version = version
    power.save(update_fields=[*fields, "region_code", "status", "current_version", "updated_at"])
    return version


def power_batch_approve(*, actor: Actor, batch: PowerChangeBatch, note: str = "") -> PowerChangeBatch:
    """Approve and apply every draft in one transaction (new PowerVersion per power)."""
    with transaction.atomic():
        batch = _locked_batch(batch)
        if batch.state != BatchState.SUBMITTED:
            raise Conflict("只有待审核的批次可以审核")
        user = _require_scope(actor, LegalPerm.POWER_APPROVE, batch.organisation_id)
        if user is not None and batch.submitted_by_id == user.pk:
            raise PermissionDenied("提交人不能审核自己提交的批次")
        now = timezone.now()
        versions = [_apply_draft(d, batch, user, now) for d in batch.drafts.select_related("power")]
        batch.approve()
        batch.decided_by = user
        batch.decided_at = now
        batch.decision_note = (note or "").strip()
        batch.save(update_fields=["state", "decided_by", "decided_at", "decision_note", "updated_at"])
        audit_append(
            actor=actor,
            action="legal.power_batch.approve",
            subject=batch,
            payload={
                "note": batch.decision_note,
                "versions": [
                    {"power": v.power.code, "number": v.number, "action": v.action} for v in versions
                ],
            },
        )
    return batch


def power_batch_reject(*, actor: Actor, batch: PowerChangeBatch, reason: str) -> PowerChangeBatch:
    reason = (reason or "").strip()
    if not reason:
        raise _invalid("reason", "请填写退回原因")
    with transaction.atomic():
        batch = _locked_batch(batch)
        if batch.state != BatchState.SUBMITTED:
            raise Conflict("只有待审核的批次可以退回")
        user = _require_scope(actor, LegalPerm.POWER_APPROVE, batch.organisation_id)
        if user is not None and batch.submitted_by_id == user.pk:
            raise PermissionDenied("提交人不能审核自己提交的批次")
        batch.reject()
        batch.decided_by = user
        batch.decided_at = timezone.now()
        batch.decision_note = reason
        batch.save(update_fields=["state", "decided_by", "decided_at", "decision_note", "updated_at"])
        audit_append(
            actor=actor, action="legal.power_batch.reject", subject=batch, payload={"reason": reason}
        )
    return batch
