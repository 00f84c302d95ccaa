"""Writes: archiving a dossier (归档, RECORDS §2.12) and 典型案例 marks. Keyword-only, one
transaction each, every write audited."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from zhifa.core.audit import Actor, audit_append, canonical_json
from zhifa.core.errors import Conflict, PermissionDenied, ValidationError
from zhifa.core.gm import installation_sm2_keypair, sm2_sign, sm2_verify, sm3_digest, sm3_hex
from zhifa.core.subjects import subject_kind, subject_label
from zhifa.documents.services.numbering import allocate_seq, format_number
from zhifa.orgs.models import Organisation
from zhifa.orgs.scopes import has_perm, scope_contains

from .gaps import dossier_gaps
from .models import DossierArchive, ModelCaseMark
from .permissions import DossierPerm
from .selectors import Dossier, dossier_for_subject

ARCHIVE_NUMBER_KIND = "档"  # 档案号 字: gap-free per organisation and year (documents' sequences)


def dossier_manifest(dossier: Dossier) -> list[dict[str, Any]]:
    """The ordered items with their digests: what the archive signature covers."""
    return [
        {
            "volume": item.volume,
            "seq": item.seq,
            "kind": item.kind,
            "id": item.object_id,
            "code": item.code,
            "number": item.number,
            "pages": item.pages,
            "sm3": item.digest,
        }
        for item in dossier.items()
    ]


def _manifest_bytes(archive: DossierArchive) -> bytes:
    return canonical_json(
        {
            "subject": f"{archive.subject_type}:{archive.subject_id}",
            "org": archive.organisation_id,
            "number": archive.archive_number,
            "archived_at": archive.archived_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "items": archive.manifest,
        }
    ).encode("utf-8")


def dossier_archive_valid(archive: DossierArchive) -> bool:
    """The stored manifest still hashes to manifest_sm3 and the SM2 signature holds."""
    data = _manifest_bytes(archive)
    if sm3_hex(data) != archive.manifest_sm3:
        return False
    try:
        return sm2_verify(archive.public_key, sm3_digest(data), archive.signature)
    except Exception:
        return False


def dossier_archive_matches(archive: DossierArchive, subject: models.Model) -> bool:
    """The dossier as it is now still has exactly the archived items and digests."""
    return dossier_manifest(dossier_for_subject(subject)) == archive.manifest


def dossier_archive(
    *,
    actor: Actor,
    subject: models.Model,
    organisation: Organisation,
    required_codes: Iterable[str],
    outcome_facts: Mapping[str, Any] | None = None,
    satisfied_codes: Iterable[str] = (),
) -> DossierArchive:
    """Archive the subject's dossier: refuse (ValidationError listing the gaps, nothing written)
    while dossier_gaps is non-empty; else allocate the gap-free 档案号, sign the manifest and
    record the page totals, in one transaction."""
    label, subject_id = subject_label(subject), int(subject.pk)
    required = list(required_codes)
    satisfied = list(satisfied_codes)
    try:
        return _archive(
            actor=actor,
            label=label,
            subject_id=subject_id,
            subject=subject,
            organisation=organisation,
            required=required,
            satisfied=satisfied,
            outcome_facts=outcome_facts,
        )
    except IntegrityError:  # archived concurrently: the unique constraint decided
        raise Conflict("卷宗已归档，不能重复归档") from None


def _archive(
    *,
    actor: Actor,
    label: str,
    subject_id: int,
    subject: models.Model,
    organisation: Organisation,
    required: list[str],
    satisfied: list[str],
    outcome_facts: Mapping[str, Any] | None,
) -> DossierArchive:
    with transaction.atomic():
        if DossierArchive.objects.filter(subject_type=label, subject_id=subject_id).exists():
            raise Conflict("卷宗已归档，不能重复归档")
        gaps = dossier_gaps(
            subject,
            required_codes=required,
            outcome_facts=outcome_facts,
            satisfied_codes=satisfied,
            verify_files=True,
        )
        if gaps:
            raise ValidationError(
                "卷宗不完整，不能归档：" + "；".join(g.message for g in gaps),
                code="dossier_incomplete",
                extra={"gaps": [g.as_dict() for g in gaps]},
            )
        dossier = dossier_for_subject(subject)
        archived_at = timezone.now()
        year = timezone.localdate(archived_at).year
        seq = allocate_seq(organisation=organisation, number_kind=ARCHIVE_NUMBER_KIND, year=year)
        archive = DossierArchive(
            subject_type=label,
            subject_id=subject_id,
            organisation=organisation,
            region_code=organisation.region_code or "",
            archive_number=format_number(organisation, ARCHIVE_NUMBER_KIND, year, seq),
            number_kind=ARCHIVE_NUMBER_KIND,
            number_year=year,
            number_seq=seq,
            archived_at=archived_at,
            archived_by_id=actor.id,
            main_items=len(dossier.main.items),
            main_pages=dossier.main.total_pages,
            sub_items=len(dossier.sub.items),
            sub_pages=dossier.sub.total_pages,
            manifest=dossier_manifest(dossier),
        )
        data = _manifest_bytes(archive)
        pair = installation_sm2_keypair()
        archive.manifest_sm3 = sm3_hex(data)
        archive.signature = sm2_sign(pair.private_key, sm3_digest(data), public_key_hex=pair.public_key)
        archive.public_key = pair.public_key
        archive.save(force_insert=True)
        audit_append(
            actor=actor,
            action="dossier.archive.create",
            subject=archive,
            payload={
                "subject": f"{label}:{subject_id}",
                "number": archive.archive_number,
                "main_pages": archive.main_pages,
                "sub_pages": archive.sub_pages,
                "manifest_sm3": archive.manifest_sm3,
                "required": required,
                "satisfied": satisfied,
            },
        )
    return archive


# --- 典型案例 -----------------------------------------------------------------------------------


def _require_mark_perm(user: Any, organisation: Organisation) -> None:
    if not has_perm(user, DossierPerm.MODEL_CASE_MARK) or not scope_contains(
        user,
        DossierPerm.MODEL_CASE_MARK,
        organisation_id=organisation.pk,
        region_code=organisation.region_code,
    ):
        raise PermissionDenied("您没有标注典型案例的权限")


def _clean_tags(tags: Sequence[str]) -> list[str]:
    out: list[str] = []
    for tag in tags:
        text = str(tag).strip()[:20]
        if text and text not in out:
            out.append(text)
    return out[:10]


def model_case_mark(
    *,
    actor: Actor,
    user: Any,
    subject: models.Model,
    organisation: Organisation,
    reason: str,
    summary: str = "",
    domain: str = "",
    tags: Sequence[str] = (),
    title: str = "",
) -> ModelCaseMark:
    """Mark the subject as a 典型案例. `summary` is the public text: no personal data."""
    _require_mark_perm(user, organisation)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("请填写入选理由", fields={"reason": ["必填"]})
    label = subject_label(subject)
    if not title:
        try:
            title = subject_kind(label).describe(subject)
        except Exception:
            title = str(subject)
    try:
        with transaction.atomic():
            mark = ModelCaseMark.objects.create(
                subject_type=label,
                subject_id=int(subject.pk),
                organisation=organisation,
                region_code=organisation.region_code or "",
                title=title[:200],
                reason=reason,
                summary=(summary or "").strip(),
                domain=(domain or "").strip()[:60],
                tags=_clean_tags(tags),
                marked_by_id=actor.id,
                marked_at=timezone.now(),
            )
            audit_append(
                actor=actor,
                action="dossier.model_case.mark",
                subject=mark,
                payload={"subject": f"{label}:{subject.pk}", "reason": reason, "tags": mark.tags},
            )
    except IntegrityError:
        raise Conflict("该案件已标注为典型案例") from None
    return mark


def model_case_unmark(*, actor: Actor, user: Any, mark: ModelCaseMark, reason: str = "") -> ModelCaseMark:
    """Withdraw a 典型案例 mark (kept, with who and why)."""
    _require_mark_perm(user, mark.organisation)
    with transaction.atomic():
        locked = ModelCaseMark.objects.select_for_update().get(pk=mark.pk)
        if locked.withdrawn_at is not None:
            raise Conflict("该典型案例标注已撤销")
        locked.withdrawn_at = timezone.now()
        locked.withdrawn_by_id = actor.id
        locked.withdraw_reason = (reason or "").strip()[:200]
        locked.save(update_fields=["withdrawn_at", "withdrawn_by", "withdraw_reason"])
        audit_append(
            actor=actor,
            action="dossier.model_case.unmark",
            subject=locked,
            payload={
                "subject": f"{locked.subject_type}:{locked.subject_id}",
                "reason": locked.withdraw_reason,
            },
        )
    return locked
