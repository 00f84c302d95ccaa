"""Writes on discretion standards (裁量基准): maintenance, review, publication, claims, notices.

Workflow (spec/02 §1.3.2 裁量基准审核, §2.2.4): draft → submitted → approved (the supervising body,
see `selectors.discretion.can_approve`) → published; `discretion_reject` returns a submitted standard
to draft with a reason. `discretion_update` edits a draft in place; on a published standard it
starts the next version (same series, `supersedes` the published row), which on publication
supersedes it and notifies every unit that claimed the series (裁量基准变更提醒). Withdrawing a
published standard notifies them too. Every write is audited in its transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhifa.core.audit import Actor, audit_append
from zhifa.core.errors import Conflict, PermissionDenied, ValidationError
from zhifa.orgs.models import Organisation, User
from zhifa.orgs.scopes import has_perm

from ..importers.standard_text import parse_standard_text
from ..models import (
    Article,
    DiscretionChangeNotice,
    DiscretionClaim,
    DiscretionFactor,
    DiscretionStandard,
    DiscretionStatus,
    DiscretionTier,
    NoticeKind,
    ParseStatus,
    Power,
)
from ..permissions import LegalPerm
from ..rules.discretion import BaseKind, FactorMode, PenaltyKind, RangeKind
from ..selectors.discretion import (
    active_claim,
    can_approve,
    can_claim,
    can_edit,
    can_edit_organisation,
    can_manage,
)
from .powers import acting_user

STANDARD_FIELDS = (
    "violation",
    "power",
    "item_no",
    "violated_provision",
    "penalty_provision",
    "category",
    "note",
    "tiers",
    "factors",
    "violated_article_ids",
    "penalty_article_ids",
)
SIMPLE_FIELDS = (
    "violation",
    "power",
    "item_no",
    "violated_provision",
    "penalty_provision",
    "category",
    "note",
)
STRUCTURE_FIELDS = (
    "range_kind",
    "amount_min",
    "amount_max",
    "base_kind",
    "base_label",
    "factor_min",
    "factor_max",
    "penalty_kinds",
)


def _invalid(field: str, message: str) -> ValidationError:
    return ValidationError(message, fields={field: [message]})


def _decimal(value: Any, field: str, label: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation as exc:
        raise _invalid(field, f"{label}应为数字") from exc
    if not number.is_finite() or number < 0:
        raise _invalid(field, f"{label}不能为负数")
    return number


def _circumstances(value: Any) -> str:
    lines = value.splitlines() if isinstance(value, str) else [str(v) for v in value or ()]
    return "\n".join(line.strip() for line in lines if line.strip())


def build_tier(raw: Mapping[str, Any], order: int) -> DiscretionTier:
    """An unsaved tier from form/API/import data. Without explicit structure the 裁量标准 text is
    parsed (parse_status parsed/unparsed + reason); with it the tier is `manual`."""
    where = f"第{order}档"
    label = str(raw.get("label") or order).strip()[:32]
    text = str(raw.get("standard_text") or "").strip()
    tier = DiscretionTier(
        order=order,
        label=label,
        segment=str(raw.get("segment") or "").strip(),
        circumstances=_circumstances(raw.get("circumstances")),
        standard_text=text,
        remarks=str(raw.get("remarks") or "").strip(),
        hidden_in_source=bool(raw.get("hidden_in_source")),
        source_row=raw.get("source_row"),
        factor_mode=raw.get("factor_mode") or FactorMode.POSITION,
    )
    if tier.factor_mode not in FactorMode.values:
        raise _invalid("tiers", f"{where}：裁量因素计算方式无效")
    if any(raw.get(name) not in (None, "", []) for name in STRUCTURE_FIELDS):
        kind = raw.get("range_kind") or RangeKind.NONE
        if kind not in RangeKind.values:
            raise _invalid("tiers", f"{where}：幅度类型无效")
        kinds = list(raw.get("penalty_kinds") or ([PenaltyKind.FINE] if kind != RangeKind.NONE else []))
        if not kinds or any(k not in PenaltyKind.values for k in kinds):
            raise _invalid("tiers", f"{where}：请选择有效的处罚种类")
        tier.range_kind = kind
        tier.penalty_kinds = kinds
        tier.amount_min = _decimal(raw.get("amount_min"), "tiers", f"{where}罚款下限")
        tier.amount_max = _decimal(raw.get("amount_max"), "tiers", f"{where}罚款上限")
        tier.factor_min = _decimal(raw.get("factor_min"), "tiers", f"{where}倍数/比例下限")
        tier.factor_max = _decimal(raw.get("factor_max"), "tiers", f"{where}倍数/比例上限")
        tier.base_kind = raw.get("base_kind") or ""
        tier.base_label = str(raw.get("base_label") or "").strip()[:100]
        tier.parse_status = ParseStatus.MANUAL
        if kind in (RangeKind.MULTIPLE, RangeKind.PERCENTAGE):
            if tier.base_kind not in BaseKind.values:
                raise _invalid("tiers", f"{where}：请选择计算基数（货值金额、违法所得、总投资额或其他）")
            if tier.factor_min is None and tier.factor_max is None:
                raise _invalid("tiers", f"{where}：请填写倍数或比例")
        elif kind == RangeKind.AMOUNT and tier.amount_min is None and tier.amount_max is None:
            raise _invalid("tiers", f"{where}：请填写罚款下限或上限")
    else:
        parsed = parse_standard_text(text)
        tier.penalty_kinds = list(parsed.penalty_kinds)
        tier.orders = list(parsed.orders)
        primary = parsed.primary
        if primary is not None:
            tier.range_kind = primary.kind
            tier.amount_min, tier.amount_max = primary.amount_min, primary.amount_max
            tier.factor_min, tier.factor_max = primary.factor_min, primary.factor_max
            tier.base_kind, tier.base_label = primary.base_kind, primary.base_label[:100]
        tier.extra_fines = [fine.as_dict() for fine in parsed.extra_fines]
        tier.parse_status = ParseStatus.PARSED if parsed.parsed else ParseStatus.UNPARSED
        tier.parse_reason = parsed.reason_text
        if parsed.has_increment_rule:
            tier.remarks = (tier.remarks + "\n含加计规则，见裁量标准原文").strip()
    for low, high, label_text in (
        (tier.amount_min, tier.amount_max, "罚款"),
        (tier.factor_min, tier.factor_max, "倍数/比例"),
    ):
        if low is not None and high is not None and low > high:
            raise _invalid("tiers", f"{where}：{label_text}下限不能高于上限")
    return tier


def _clean(data: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(data) - set(STANDARD_FIELDS)
    if unknown:
        raise ValidationError(f"未知字段：{'、'.join(sorted(unknown))}")
    clean = dict(data)
    if "violation" in clean:
        clean["violation"] = str(clean["violation"] or "").strip()
        if not clean["violation"]:
            raise _invalid("violation", "请填写违法行为")
    for name in ("item_no", "violated_provision", "penalty_provision", "category", "note"):
        if name in clean:
            clean[name] = str(clean[name] or "").strip()
    if len(clean.get("item_no", "")) > 32:
        raise _invalid("item_no", "序号不能超过32个字符")
    if "power" in clean and clean["power"] is not None and not isinstance(clean["power"], Power):
        raise _invalid("power", "关联职权无效")
    if "tiers" in clean:
        tiers = list(clean["tiers"] or [])
        if not tiers:
            raise _invalid("tiers", "请至少填写一个裁量档次")
        clean["tiers"] = [build_tier(raw, i) for i, raw in enumerate(tiers, start=1)]
    for name in ("violated_article_ids", "penalty_article_ids"):
        if name in clean:
            ids = sorted({int(i) for i in clean[name] or ()})
            if Article.objects.filter(pk__in=ids).count() != len(ids):
                raise _invalid(name, "所选条文不存在")
            clean[name] = ids
    return clean


def _factors(standard: DiscretionStandard, factors: Sequence[Mapping[str, Any]]) -> None:
    tiers = {t.order: t for t in standard.tiers.all()}
    for position, raw in enumerate(factors, start=1):
        name = str(raw.get("name") or "").strip()
        if not name:
            raise _invalid("factors", f"第{position}个裁量因素请填写名称")
        try:
            percentage = Decimal(str(raw.get("percentage", "0")))
        except InvalidOperation as exc:
            raise _invalid("factors", f"裁量因素“{name}”的百分比应为数字") from exc
        if not percentage.is_finite() or abs(percentage) > 100:
            raise _invalid("factors", f"裁量因素“{name}”的百分比应在-100至100之间")
        tier_order = raw.get("tier_order")
        if tier_order not in (None, "") and int(tier_order) not in tiers:
            raise _invalid("factors", f"裁量因素“{name}”指定的档次不存在")
        DiscretionFactor.objects.create(
            standard=standard,
            tier=tiers[int(tier_order)] if tier_order not in (None, "") else None,
            name=name[:200],
            percentage=percentage,
            position=position,
        )


def _write_content(standard: DiscretionStandard, clean: Mapping[str, Any]) -> None:
    if "tiers" in clean:
        standard.tiers.all().delete()
        for tier in clean["tiers"]:
            tier.standard = standard
        DiscretionTier.objects.bulk_create(clean["tiers"])
    if "factors" in clean:
        standard.factors.all().delete()
        _factors(standard, clean["factors"] or [])
    if "violated_article_ids" in clean:
        standard.violated_articles.set(clean["violated_article_ids"])
    if "penalty_article_ids" in clean:
        standard.penalty_articles.set(clean["penalty_article_ids"])


def _content_payload(standard: DiscretionStandard) -> dict[str, Any]:
    return {
        "violation": standard.violation,
        "item_no": standard.item_no,
        "power": standard.power_id,
        "version": standard.version,
        "status": standard.status,
        "tiers": [
            {"order": t.order, "label": t.label, "standard_text": t.standard_text, "range_kind": t.range_kind}
            for t in standard.tiers.all()
        ],
    }


def discretion_create(
    *, actor: Actor, organisation: Organisation | None = None, source: str = "", **data: Any
) -> DiscretionStandard:
    """A new draft standard of the actor's unit (or of `organisation`, which the actor may edit)."""
    org = organisation or (
        Organisation.objects.filter(pk=actor.organisation_id).first() if actor.organisation_id else None
    )
    if org is None:
        raise _invalid("organisation", "请选择制定单位")
    user = acting_user(actor)
    if user is not None and not can_edit_organisation(user, org.pk):
        raise PermissionDenied()
    if "violation" not in data:
        raise _invalid("violation", "请填写违法行为")
    if "tiers" not in data:
        raise _invalid("tiers", "请至少填写一个裁量档次")
    clean = _clean(data)
    with transaction.atomic():
        standard = DiscretionStandard.objects.create(
            organisation=org,
            region_code=org.region_code,
            created_by=user,
            source=source[:300],
            **{k: v for k, v in clean.items() if k in SIMPLE_FIELDS},
        )
        _write_content(standard, clean)
        audit_append(
            actor=actor,
            action="legal.discretion.create",
            subject=standard,
            payload=_content_payload(standard),
        )
    return standard


def _locked(standard: DiscretionStandard) -> DiscretionStandard:
    return DiscretionStandard.objects.select_for_update().select_related("organisation").get(pk=standard.pk)


def _require_edit(actor: Actor, standard: DiscretionStandard) -> User | None:
    user = acting_user(actor)
    if user is not None and not can_edit(user, standard):
        raise PermissionDenied()
    return user


def discretion_update(
    *, actor: Actor, standard: DiscretionStandard, changes: Mapping[str, Any]
) -> DiscretionStandard:
    """Edit a draft in place; on a published standard create and return the next version (a draft)."""
    clean = _clean(changes)
    with transaction.atomic():
        standard = _locked(standard)
        user = _require_edit(actor, standard)
        if standard.status == DiscretionStatus.PUBLISHED:
            if (
                DiscretionStandard.objects.filter(supersedes=standard)
                .exclude(status__in=[DiscretionStatus.SUPERSEDED, DiscretionStatus.WITHDRAWN])
                .exists()
            ):
                raise Conflict("该裁量基准已有修订中的新版本，请编辑该版本")
            target = _next_version(standard, user)
            action = "legal.discretion.revise"
        elif standard.status == DiscretionStatus.DRAFT:
            target = standard
            action = "legal.discretion.update"
        else:
            raise Conflict("只有草稿或已发布的裁量基准可以修改")
        simple = {k: v for k, v in clean.items() if k in SIMPLE_FIELDS}
        for name, value in simple.items():
            setattr(target, name, value)
        target.save(update_fields=[*simple, "updated_at"])
        _write_content(target, clean)
        audit_append(
            actor=actor,
            action=action,
            subject=target,
            payload={"changed": sorted(clean), "from_version": standard.version, **_content_payload(target)},
        )
    return target


def _next_version(published: DiscretionStandard, user: User | None) -> DiscretionStandard:
    draft = DiscretionStandard.objects.create(
        series=published.series,
        version=published.version + 1,
        supersedes=published,
        organisation=published.organisation,
        region_code=published.region_code,
        power=published.power,
        item_no=published.item_no,
        violation=published.violation,
        violated_provision=published.violated_provision,
        penalty_provision=published.penalty_provision,
        category=published.category,
        note=published.note,
        source=published.source,
        created_by=user,
    )
    tiers = list(published.tiers.all())
    old_to_new: dict[int, DiscretionTier] = {}
    for tier in tiers:
        old_pk = tier.pk
        tier.pk = None
        tier.standard = draft
        tier.save(force_insert=True)
        old_to_new[old_pk] = tier
    for factor in published.factors.all():
        factor.pk = None
        factor.standard = draft
        factor.tier = old_to_new.get(factor.tier_id) if factor.tier_id else None
        factor.save(force_insert=True)
    draft.violated_articles.set(published.violated_articles.all())
    draft.penalty_articles.set(published.penalty_articles.all())
    return draft


def discretion_submit(*, actor: Actor, standard: DiscretionStandard) -> DiscretionStandard:
    with transaction.atomic():
        standard = _locked(standard)
        if standard.status != DiscretionStatus.DRAFT:
            raise Conflict("只有草稿可以提交审核")
        user = _require_edit(actor, standard)
        if not standard.tiers.exists():
            raise ValidationError("请至少填写一个裁量档次后再提交")
        standard.submit()
        standard.submitted_by = user
        standard.submitted_at = timezone.now()
        standard.rejected_reason = ""
        standard.save(
            update_fields=["status", "submitted_by", "submitted_at", "rejected_reason", "updated_at"]
        )
        audit_append(
            actor=actor,
            action="legal.discretion.submit",
            subject=standard,
            payload={"version": standard.version},
        )
    return standard


def _require_approver(actor: Actor, standard: DiscretionStandard) -> User | None:
    user = acting_user(actor)
    if user is not None and not can_approve(user, standard):
        if standard.submitted_by_id == user.pk:
            raise PermissionDenied("提交人不能审核自己提交的裁量基准")
        raise PermissionDenied("只有上级主管部门或监督机关可以审核该裁量基准")
    return user


def discretion_approve(*, actor: Actor, standard: DiscretionStandard, note: str = "") -> DiscretionStandard:
    with transaction.atomic():
        standard = _locked(standard)
        if standard.status != DiscretionStatus.SUBMITTED:
            raise Conflict("只有待审核的裁量基准可以审核")
        user = _require_approver(actor, standard)
        standard.approve()
        standard.approved_by = user
        standard.approved_at = timezone.now()
        standard.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
        audit_append(
            actor=actor,
            action="legal.discretion.approve",
            subject=standard,
            payload={"version": standard.version, "note": (note or "").strip()},
        )
    return standard


def discretion_reject(*, actor: Actor, standard: DiscretionStandard, reason: str) -> DiscretionStandard:
    reason = (reason or "").strip()
    if not reason:
        raise _invalid("reason", "请填写退回原因")
    with transaction.atomic():
        standard = _locked(standard)
        if standard.status != DiscretionStatus.SUBMITTED:
            raise Conflict("只有待审核的裁量基准可以退回")
        _require_approver(actor, standard)
        standard.reject()
        standard.rejected_reason = reason
        standard.save(update_fields=["status", "rejected_reason", "updated_at"])
        audit_append(
            actor=actor, action="legal.discretion.reject", subject=standard, payload={"reason": reason}
        )
    return standard


def notify_claimers(standard: DiscretionStandard, kind: str, message: str) -> int:
    now = timezone.now()
    claims = DiscretionClaim.objects.filter(series=standard.series, active=True).select_related(
        "organisation"
    )
    notices = [
        DiscretionChangeNotice(
            organisation=claim.organisation,
            region_code=claim.organisation.region_code,
            claim=claim,
            standard=standard,
            kind=kind,
            message=message,
            created_at=now,
        )
        for claim in claims
    ]
    DiscretionChangeNotice.objects.bulk_create(notices)
    return len(notices)


def discretion_publish(*, actor: Actor, standard: DiscretionStandard) -> DiscretionStandard:
    """Publish an approved standard; supersede the version it replaces and notify claimers."""
    with transaction.atomic():
        standard = _locked(standard)
        if standard.status != DiscretionStatus.APPROVED:
            raise Conflict("只有审核通过的裁量基准可以发布")
        user = acting_user(actor)
        if user is not None and not can_manage(user, standard):
            raise PermissionDenied()
        superseded = None
        if standard.supersedes_id:
            previous = DiscretionStandard.objects.select_for_update().get(pk=standard.supersedes_id)
            if previous.status == DiscretionStatus.PUBLISHED:
                previous.supersede()
                previous.save(update_fields=["status", "updated_at"])
                superseded = previous.pk
        standard.publish()
        standard.published_by = user
        standard.published_at = timezone.now()
        standard.save(update_fields=["status", "published_by", "published_at", "updated_at"])
        notified = 0
        if standard.version > 1:
            notified = notify_claimers(
                standard,
                NoticeKind.NEW_VERSION,
                f"您认领的裁量基准“{standard.violation[:60]}”（{standard.organisation}）已发布第{standard.version}版，"
                "请核对变更内容并重新认领。",
            )
        audit_append(
            actor=actor,
            action="legal.discretion.publish",
            subject=standard,
            payload={"version": standard.version, "superseded": superseded, "notified": notified},
        )
    return standard


def discretion_withdraw(*, actor: Actor, standard: DiscretionStandard, reason: str) -> DiscretionStandard:
    reason = (reason or "").strip()
    if not reason:
        raise _invalid("reason", "请填写撤回原因")
    with transaction.atomic():
        standard = _locked(standard)
        if standard.status != DiscretionStatus.PUBLISHED:
            raise Conflict("只有已发布的裁量基准可以撤回")
        user = acting_user(actor)
        if user is not None and not can_manage(user, standard):
            raise PermissionDenied()
        standard.withdraw()
        standard.withdrawn_reason = reason
        standard.save(update_fields=["status", "withdrawn_reason", "updated_at"])
        notified = notify_claimers(
            standard,
            NoticeKind.WITHDRAWN,
            f"您认领的裁量基准“{standard.violation[:60]}”（{standard.organisation}）已撤回：{reason}",
        )
        audit_append(
            actor=actor,
            action="legal.discretion.withdraw",
            subject=standard,
            payload={"reason": reason, "notified": notified},
        )
    return standard


def discretion_claim(*, actor: Actor, standard: DiscretionStandard) -> DiscretionClaim:
    """认领: the actor's unit adopts this published standard of an upper unit (or re-claims a new version)."""
    user = acting_user(actor)
    if user is None or user.organisation_id is None:
        raise PermissionDenied("认领须由单位用户操作")
    with transaction.atomic():
        standard = _locked(standard)
        if standard.status != DiscretionStatus.PUBLISHED:
            raise Conflict("只能认领已发布的裁量基准")
        if not can_claim(user, standard):
            raise PermissionDenied("只能认领上级单位发布的裁量基准")
        now = timezone.now()
        claim = active_claim(user, standard)
        if claim is not None:
            if claim.claimed_version >= standard.version:
                raise Conflict("本单位已认领该裁量基准")
            previous = claim.claimed_version
            claim.standard = standard
            claim.claimed_version = standard.version
            claim.claimed_by = user
            claim.claimed_at = now
            claim.save(update_fields=["standard", "claimed_version", "claimed_by", "claimed_at"])
        else:
            previous = None
            org = user.organisation
            assert org is not None  # checked above: claims are made by a unit's user
            claim = DiscretionClaim.objects.create(
                organisation=org,
                region_code=org.region_code,
                standard=standard,
                series=standard.series,
                claimed_version=standard.version,
                claimed_by=user,
                claimed_at=now,
            )
        audit_append(
            actor=actor,
            action="legal.discretion.claim",
            subject=standard,
            payload={"claim": claim.pk, "version": standard.version, "previous_version": previous},
        )
    return claim


def discretion_unclaim(*, actor: Actor, claim: DiscretionClaim) -> DiscretionClaim:
    user = acting_user(actor)
    with transaction.atomic():
        claim = DiscretionClaim.objects.select_for_update().get(pk=claim.pk)
        if user is not None and (
            claim.organisation_id != user.organisation_id or not has_perm(user, LegalPerm.DISCRETION_CLAIM)
        ):
            raise PermissionDenied()
        if not claim.active:
            raise Conflict("该认领已取消")
        claim.active = False
        claim.ended_at = timezone.now()
        claim.save(update_fields=["active", "ended_at"])
        audit_append(
            actor=actor,
            action="legal.discretion.unclaim",
            subject=claim.standard,
            payload={"claim": claim.pk, "version": claim.claimed_version},
        )
    return claim


def discretion_notice_mark_read(*, actor: Actor, notices: Iterable[DiscretionChangeNotice]) -> int:
    user = acting_user(actor)
    ids = [n.pk for n in notices]
    with transaction.atomic():
        count = DiscretionChangeNotice.objects.filter(pk__in=ids, read_at__isnull=True).update(
            read_at=timezone.now(), read_by=user
        )
        if count:
            audit_append(
                actor=actor, action="legal.discretion.notice_read", payload={"notices": ids, "count": count}
            )
    return count
