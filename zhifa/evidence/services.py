"""Writes of the evidence app. Keyword-only, one transaction each, every write audited.

Authorisation is the caller's: views and the API reach the subject through
`zhifa.core.subjects.access_subject(user, label, pk, write=True)` before calling these.
Files are validated (extension and magic bytes, size) before anything is written; files already
stored are deleted again when the transaction fails.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from zhifa.core.audit import Actor, audit_append
from zhifa.core.errors import Conflict, ValidationError
from zhifa.core.subjects import subject_label

from .choices import MANUAL_CUSTODY_ACTIONS, CustodyAction, EvidenceKind, MediaKind
from .custody import custody_hash, custody_verify
from .models import CustodyEvent, Evidence, EvidenceCounter, EvidenceFile
from .rules import FileType, RejectedFile, clean_details
from .storage import check_upload, delete_quietly, make_thumbnail, store_upload, stored_sm3

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from zhifa.orgs.models import Organisation, User

__all__ = [
    "custody_verify",
    "evidence_add",
    "evidence_attach_file",
    "evidence_custody_record",
    "evidence_exclude",
    "evidence_file_verify",
]

CLOCK_SKEW = timedelta(minutes=10)  # a phone's clock may run a little ahead of the server's


def _person(user: Any) -> str:
    return str(getattr(user, "display_name", "") or getattr(user, "username", "") or user.pk)


def _text(value: str | None, label: str, max_length: int, *, required: bool = False) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationError(f"请填写{label}", fields={label: [f"请填写{label}"]})
    if len(text) > max_length:
        raise ValidationError(f"{label}最多{max_length}字", fields={label: [f"最多{max_length}字"]})
    return text


def _checked_uploads(files: Sequence[UploadedFile]) -> list[tuple[Any, FileType]]:
    checked = []
    for upload in files:
        try:
            checked.append((upload, check_upload(upload)))
        except RejectedFile as exc:
            raise ValidationError(exc.message, code="file_rejected") from None
    return checked


def _next_seq(subject_type: str, subject_id: int) -> int:
    """Gap-free number within the subject: the counter row's lock serialises concurrent adds."""
    lookup = {"subject_type": subject_type, "subject_id": subject_id}
    counter = EvidenceCounter.objects.select_for_update().filter(**lookup).first()
    if counter is None:
        try:
            with transaction.atomic():
                counter = EvidenceCounter.objects.create(**lookup)
        except IntegrityError:  # created concurrently: wait for its lock
            counter = EvidenceCounter.objects.select_for_update().get(**lookup)
    counter.last_seq += 1
    counter.save(update_fields=["last_seq"])
    return counter.last_seq


def _append_custody(
    evidence: Evidence, *, action: str, user: Any, holder: str = "", location: str = "", note: str = ""
) -> CustodyEvent:
    """Append to the item's chain; the caller holds the item's row lock."""
    last_seq = CustodyEvent.objects.filter(evidence=evidence).aggregate(m=models.Max("seq"))["m"] or 0
    event = CustodyEvent(
        evidence=evidence,
        seq=last_seq + 1,
        action=action,
        actor=user,
        actor_label=_person(user)[:150],
        at=timezone.now(),
        holder=holder,
        location=location,
        note=note,
        prev_hash=evidence.custody_head,
    )
    event.hash = custody_hash(event.prev_hash, event)
    event.save(force_insert=True)
    evidence.custody_head = event.hash
    evidence.save(update_fields=["custody_head"])
    return event


def _store_file(
    *, evidence: Evidence, user: Any, upload: Any, file_type: FileType, stored: list[str]
) -> EvidenceFile:
    saved = store_upload(upload, file_type)
    stored.append(saved.name)
    preview = make_thumbnail(saved.name) if file_type.media_kind == MediaKind.PHOTO else None
    if preview:
        stored.append(preview)
    original_name = str(upload.name or "")[-255:]
    row = EvidenceFile.objects.create(
        evidence=evidence,
        file=saved.name,
        original_name=original_name,
        content_type=file_type.content_type,
        size=saved.size,
        sm3=saved.sm3,
        media_kind=file_type.media_kind,
        preview=preview,
        uploaded_by=user,
    )
    _append_custody(
        evidence, action=CustodyAction.FILE_ADDED, user=user, note=f"{original_name}（SM3 {saved.sm3}）"
    )
    return row


def _file_payload(row: EvidenceFile) -> dict[str, Any]:
    return {"file_id": row.pk, "name": row.original_name, "size": row.size, "sm3": row.sm3}


def evidence_add(
    *,
    actor: Actor,
    user: User,
    subject: models.Model,
    organisation: Organisation,
    kind: str,
    title: str,
    description: str = "",
    source: str = "",
    collected_at: datetime | None = None,
    place: str = "",
    page_count: int | None = None,
    is_original: bool = True,
    verified_against_original: bool = False,
    details: dict[str, Any] | None = None,
    files: Sequence[UploadedFile] = (),
) -> Evidence:
    """Record one evidence item of a statutory kind (处罚法 Art. 46 ¶1) with its files; writes a
    `collected` custody event and one `file_added` per file."""
    if kind not in EvidenceKind.values:
        raise ValidationError(
            "请选择证据种类（处罚法第四十六条规定的八类证据之一）", fields={"kind": ["无效的证据种类"]}
        )
    title = _text(title, "证据名称", 200, required=True)
    description = _text(description, "证明对象/内容", 4000)
    source = _text(source, "来源/提供人", 200)
    place = _text(place, "收集地点", 200)
    now = timezone.now()
    collected_at = collected_at or now
    if timezone.is_naive(collected_at):
        raise ValidationError("收集时间须带时区")
    if collected_at > now + CLOCK_SKEW:
        raise ValidationError("收集时间不能晚于当前时间", fields={"collected_at": ["不能晚于当前时间"]})
    if page_count is not None and page_count < 0:
        raise ValidationError("页数不能为负数", fields={"page_count": ["不能为负数"]})
    try:
        cleaned = clean_details(kind, details)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
    checked = _checked_uploads(files)
    label, subject_id = subject_label(subject), int(subject.pk)

    stored: list[str] = []
    try:
        with transaction.atomic():
            evidence = Evidence.objects.create(
                subject_type=label,
                subject_id=subject_id,
                organisation=organisation,
                region_code=organisation.region_code or "",
                seq=_next_seq(label, subject_id),
                kind=kind,
                title=title,
                description=description,
                source=source,
                collected_at=collected_at,
                collected_by=user,
                place=place,
                page_count=page_count,
                is_original=is_original,
                verified_against_original=bool(verified_against_original and not is_original),
                details=cleaned,
            )
            _append_custody(
                evidence, action=CustodyAction.COLLECTED, user=user, holder=_person(user), location=place
            )
            rows = [
                _store_file(evidence=evidence, user=user, upload=u, file_type=t, stored=stored)
                for u, t in checked
            ]
            audit_append(
                actor=actor,
                action="evidence.evidence.add",
                subject=evidence,
                payload={
                    "subject": f"{label}:{subject_id}",
                    "seq": evidence.seq,
                    "kind": kind,
                    "title": title,
                    "files": [_file_payload(r) for r in rows],
                },
            )
    except BaseException:
        delete_quietly(stored)
        raise
    return evidence


def evidence_attach_file(*, actor: Actor, user: User, evidence: Evidence, file: UploadedFile) -> EvidenceFile:
    """Add one file to an item (custody event `file_added` carries the file's SM3)."""
    ((upload, file_type),) = _checked_uploads([file])
    stored: list[str] = []
    try:
        with transaction.atomic():
            locked = Evidence.objects.select_for_update().get(pk=evidence.pk)
            _refuse_destroyed(locked)
            row = _store_file(evidence=locked, user=user, upload=upload, file_type=file_type, stored=stored)
            audit_append(actor=actor, action="evidence.file.add", subject=locked, payload=_file_payload(row))
    except BaseException:
        delete_quietly(stored)
        raise
    evidence.custody_head = locked.custody_head
    return row


def _refuse_destroyed(evidence: Evidence) -> None:
    if CustodyEvent.objects.filter(evidence=evidence, action=CustodyAction.DESTROYED).exists():
        raise Conflict("该证据已销毁，不能再登记保管环节或上传附件")


def evidence_custody_record(
    *,
    actor: Actor,
    user: User,
    evidence: Evidence,
    action: str,
    holder: str = "",
    location: str = "",
    note: str = "",
) -> CustodyEvent:
    """Record one step of the chain of custody (封存, 移交, 入库, 调取, 归还, 送检, 销毁)."""
    if action not in MANUAL_CUSTODY_ACTIONS:
        raise ValidationError("请选择保管环节", fields={"action": ["无效的保管环节"]})
    holder = _text(holder, "保管人", 100)
    location = _text(location, "保管地点", 200)
    note = _text(note, "说明", 2000)
    if action in (CustodyAction.TRANSFERRED, CustodyAction.RETURNED) and not holder:
        raise ValidationError("移交、归还须填写接收的保管人", fields={"holder": ["请填写保管人"]})
    if action in (CustodyAction.STORED, CustodyAction.SEALED) and not location:
        raise ValidationError("封存、入库须填写保管地点", fields={"location": ["请填写保管地点"]})
    with transaction.atomic():
        locked = Evidence.objects.select_for_update().get(pk=evidence.pk)
        _refuse_destroyed(locked)
        event = _append_custody(locked, action=action, user=user, holder=holder, location=location, note=note)
        audit_append(
            actor=actor,
            action="evidence.custody.record",
            subject=locked,
            payload={
                "event_id": event.pk,
                "seq": event.seq,
                "action": action,
                "holder": holder,
                "location": location,
            },
        )
    evidence.custody_head = locked.custody_head
    return event


def evidence_exclude(*, actor: Actor, evidence: Evidence, reason: str) -> Evidence:
    """Exclude an item obtained by unlawful means: it can no longer support a finding
    (处罚法 Art. 46 ¶3) and leaves the 证据清单."""
    reason = _text(reason, "排除理由", 2000, required=True)
    with transaction.atomic():
        locked = Evidence.objects.select_for_update().get(pk=evidence.pk)
        if not locked.admissible:
            raise Conflict("该证据已被排除")
        locked.admissible = False
        locked.exclusion_reason = reason
        locked.excluded_at = timezone.now()
        locked.save(update_fields=["admissible", "exclusion_reason", "excluded_at"])
        audit_append(
            actor=actor,
            action="evidence.evidence.exclude",
            subject=locked,
            payload={"reason": reason, "basis": "行政处罚法第四十六条第三款"},
        )
    return locked


def evidence_file_verify(evidence_file: EvidenceFile) -> bool:
    """Re-hash the stored bytes (streaming) and compare with the SM3 recorded at upload."""
    try:
        digest, size = stored_sm3(str(evidence_file.file.name))
    except (OSError, ValueError):
        return False
    return digest == evidence_file.sm3 and size == evidence_file.size
