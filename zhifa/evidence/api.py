"""/api/evidence/: a subject's evidence, registering evidence with files (multipart), an item's
detail with its custody chain, custody steps and further files.

Everything is authorised through the subject (zhifa.core.subjects.access_subject): a subject
outside the caller's scope answers 404 exactly like a missing one; read-only access answers 403
on writes. Refused uploads answer 422 with code `file_rejected` and a Chinese message.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status

from zhifa.core.errors import ValidationError
from zhifa.core.subjects import access_subject
from zhifa.orgs.views.common import actor_of

from .choices import CustodyAction, EvidenceKind
from .models import CustodyEvent, Evidence, EvidenceFile
from .selectors import custody_events, custody_verify, evidence_access, evidence_for_subject
from .services import evidence_add, evidence_attach_file, evidence_custody_record, evidence_exclude
from .views import subject_organisation

router = Router(tags=["证据"])


class ErrorOut(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] | None = None
    extra: dict[str, Any] | None = None


ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class EvidenceFileOut(Schema):
    id: int
    original_name: str
    content_type: str
    size: int
    sm3: str
    media_kind: str
    url: str
    preview_url: str | None
    uploaded_at: dt.datetime


class CustodyEventOut(Schema):
    id: int
    seq: int
    action: str
    action_label: str
    actor_label: str
    at: dt.datetime
    holder: str
    location: str
    note: str
    prev_hash: str
    hash: str


class EvidenceOut(Schema):
    id: int
    subject_type: str
    subject_id: int
    seq: int
    kind: str
    kind_label: str
    title: str
    description: str
    source: str
    collected_at: dt.datetime
    collected_by: str
    place: str
    page_count: int | None
    is_original: bool
    verified_against_original: bool
    details: dict[str, str]
    admissible: bool
    exclusion_reason: str
    created_at: dt.datetime
    files: list[EvidenceFileOut]


class EvidenceDetailOut(EvidenceOut):
    custody: list[CustodyEventOut]
    custody_intact: bool
    custody_broken_event: int | None


class EvidenceIn(Schema):
    subject_type: str
    subject_id: int
    kind: EvidenceKind
    title: str
    description: str = ""
    source: str = ""
    collected_at: dt.datetime | None = None
    place: str = ""
    page_count: int | None = None
    is_original: bool = True
    verified_against_original: bool = False
    details: str = ""  # JSON object, e.g. {"device": "执法记录仪"}


class CustodyIn(Schema):
    action: CustodyAction
    holder: str = ""
    location: str = ""
    note: str = ""


class ExcludeIn(Schema):
    reason: str


def _file_out(row: EvidenceFile) -> dict[str, Any]:
    return {
        "id": row.pk,
        "original_name": row.original_name,
        "content_type": row.content_type,
        "size": row.size,
        "sm3": row.sm3,
        "media_kind": row.media_kind,
        "url": reverse("evidence:file", args=[row.pk]),
        "preview_url": reverse("evidence:file_preview", args=[row.pk]) if row.preview else None,
        "uploaded_at": row.uploaded_at,
    }


def _out(item: Evidence) -> dict[str, Any]:
    user = item.collected_by
    return {
        "id": item.pk,
        "subject_type": item.subject_type,
        "subject_id": item.subject_id,
        "seq": item.seq,
        "kind": item.kind,
        "kind_label": item.get_kind_display(),
        "title": item.title,
        "description": item.description,
        "source": item.source,
        "collected_at": item.collected_at,
        "collected_by": getattr(user, "display_name", "") or user.username,
        "place": item.place,
        "page_count": item.page_count,
        "is_original": item.is_original,
        "verified_against_original": item.verified_against_original,
        "details": item.details,
        "admissible": item.admissible,
        "exclusion_reason": item.exclusion_reason,
        "created_at": item.created_at,
        "files": [_file_out(f) for f in sorted(item.files.all(), key=lambda f: f.pk)],
    }


def _event_out(event: CustodyEvent) -> dict[str, Any]:
    return {
        "id": event.pk,
        "seq": event.seq,
        "action": event.action,
        "action_label": event.get_action_display(),
        "actor_label": event.actor_label,
        "at": event.at,
        "holder": event.holder,
        "location": event.location,
        "note": event.note,
        "prev_hash": event.prev_hash,
        "hash": event.hash,
    }


def _detail(item: Evidence) -> dict[str, Any]:
    broken = custody_verify(item)
    return {
        **_out(item),
        "custody": [_event_out(e) for e in custody_events(item)],
        "custody_intact": broken is None,
        "custody_broken_event": broken,
    }


def _details(raw: str) -> dict[str, Any]:
    if not raw.strip():
        return {}
    try:
        value = json.loads(raw)
    except json.JSONDecodeError:
        value = None
    if not isinstance(value, dict):
        raise ValidationError("details 须为 JSON 对象", fields={"details": ["须为 JSON 对象"]})
    return value


@router.get("/", response={200: list[EvidenceOut], **ERRORS}, summary="对象的证据列表")
def evidence_list(request: HttpRequest, subject_type: str, subject_id: int) -> Any:
    subject = access_subject(request.user, subject_type, subject_id)
    return [_out(item) for item in evidence_for_subject(subject)]


@router.post("/", response={201: EvidenceDetailOut, **ERRORS}, summary="登记证据（multipart，可附文件）")
def evidence_create(
    request: HttpRequest,
    payload: Form[EvidenceIn],
    files: File[list[UploadedFile] | None] = None,
) -> Any:
    subject = access_subject(request.user, payload.subject_type, payload.subject_id, write=True)
    item = evidence_add(
        actor=actor_of(request),
        user=request.user,  # type: ignore[arg-type]
        subject=subject,
        organisation=subject_organisation(subject, request.user),
        kind=str(payload.kind),
        title=payload.title,
        description=payload.description,
        source=payload.source,
        collected_at=payload.collected_at,
        place=payload.place,
        page_count=payload.page_count,
        is_original=payload.is_original,
        verified_against_original=payload.verified_against_original,
        details=_details(payload.details),
        files=files or [],
    )
    return Status(201, _detail(evidence_access(request.user, item.pk)))


@router.get("/{int:evidence_id}", response={200: EvidenceDetailOut, **ERRORS}, summary="证据详情与保管链")
def evidence_get(request: HttpRequest, evidence_id: int) -> Any:
    return _detail(evidence_access(request.user, evidence_id))


@router.post("/{int:evidence_id}/custody", response={201: CustodyEventOut, **ERRORS}, summary="登记保管环节")
def evidence_custody(request: HttpRequest, evidence_id: int, payload: CustodyIn) -> Any:
    item = evidence_access(request.user, evidence_id, write=True)
    event = evidence_custody_record(
        actor=actor_of(request),
        user=request.user,  # type: ignore[arg-type]
        evidence=item,
        action=str(payload.action),
        holder=payload.holder,
        location=payload.location,
        note=payload.note,
    )
    return Status(201, _event_out(event))


@router.post("/{int:evidence_id}/files", response={201: list[EvidenceFileOut], **ERRORS}, summary="上传附件")
def evidence_files(request: HttpRequest, evidence_id: int, files: File[list[UploadedFile]]) -> Any:
    item = evidence_access(request.user, evidence_id, write=True)
    rows = [
        evidence_attach_file(actor=actor_of(request), user=request.user, evidence=item, file=f)  # type: ignore[arg-type]
        for f in files
    ]
    return Status(201, [_file_out(r) for r in rows])


@router.post(
    "/{int:evidence_id}/exclude", response={200: EvidenceDetailOut, **ERRORS}, summary="排除非法证据"
)
def evidence_exclude_api(request: HttpRequest, evidence_id: int, payload: ExcludeIn) -> Any:
    item = evidence_access(request.user, evidence_id, write=True)
    evidence_exclude(actor=actor_of(request), evidence=item, reason=payload.reason)
    return _detail(evidence_access(request.user, evidence_id))
