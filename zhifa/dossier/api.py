"""/api/dossier/: a subject's dossier (volumes, items, gaps, archive) and archiving it.

Authorised through the subject (zhifa.core.subjects.access_subject): outside the caller's scope is
404 like a missing subject; archiving needs write access (403 otherwise). Archiving with gaps is
422 `dossier_incomplete` with the gaps in `extra.gaps`; archiving twice is 409."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status

from zhifa.core.errors import NotFound
from zhifa.core.subjects import access_subject
from zhifa.orgs.views.common import actor_of

from .gaps import dossier_gaps
from .hooks import requirements_for, subject_organisation
from .models import DossierArchive
from .qr import dossier_label_url, dossier_qr_url
from .selectors import dossier_archive_for, dossier_for_subject
from .services import dossier_archive, dossier_archive_valid

router = Router(tags=["电子卷宗"])


class ErrorOut(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] | None = None
    extra: dict[str, Any] | None = None


ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class ItemOut(Schema):
    volume: str
    seq: int
    kind: str
    object_id: int
    code: str
    title: str
    number: str
    responsible: str
    date: dt.date | None
    pages: int
    start_page: int | None
    end_page: int | None
    page_range: str
    note: str
    digest: str
    url: str


class VolumeOut(Schema):
    code: str
    label: str
    total_pages: int
    items: list[ItemOut]


class GapOut(Schema):
    code: str
    title: str
    message: str
    type_code: str
    object_kind: str
    object_id: int | None
    fix_url: str


class ArchiveOut(Schema):
    id: int
    archive_number: str
    archived_at: dt.datetime
    main_items: int
    main_pages: int
    sub_items: int
    sub_pages: int
    manifest_sm3: str
    signature_valid: bool


class DossierOut(Schema):
    subject_type: str
    subject_id: int
    title: str
    volumes: list[VolumeOut]
    gaps: list[GapOut]
    archive: ArchiveOut | None
    qr_url: str
    label_url: str


def _archive_out(archive: DossierArchive | None) -> dict[str, Any] | None:
    if archive is None:
        return None
    return {
        "id": archive.pk,
        "archive_number": archive.archive_number,
        "archived_at": archive.archived_at,
        "main_items": archive.main_items,
        "main_pages": archive.main_pages,
        "sub_items": archive.sub_items,
        "sub_pages": archive.sub_pages,
        "manifest_sm3": archive.manifest_sm3,
        "signature_valid": dossier_archive_valid(archive),
    }


@router.get("/{subject_type}/{subject_id}", response={200: DossierOut, **ERRORS})
def dossier_get(request: HttpRequest, subject_type: str, subject_id: int) -> dict[str, Any]:
    subject = access_subject(request.user, subject_type, subject_id)
    dossier = dossier_for_subject(subject)
    need = requirements_for(subject)
    gaps = dossier_gaps(
        subject,
        required_codes=need.required_codes,
        outcome_facts=need.outcome_facts,
        satisfied_codes=need.satisfied_codes,
    )
    return {
        "subject_type": dossier.subject_type,
        "subject_id": dossier.subject_id,
        "title": dossier.title,
        "volumes": [
            {
                "code": v.code,
                "label": v.label,
                "total_pages": v.total_pages,
                "items": [i.as_dict() for i in v.items],
            }
            for v in dossier.volumes
        ],
        "gaps": [g.as_dict() for g in gaps],
        "archive": _archive_out(dossier_archive_for(subject)),
        "qr_url": dossier_qr_url(subject),
        "label_url": dossier_label_url(subject),
    }


@router.post("/{subject_type}/{subject_id}/archive", response={201: ArchiveOut, **ERRORS})
def dossier_archive_post(request: HttpRequest, subject_type: str, subject_id: int) -> Status:
    subject = access_subject(request.user, subject_type, subject_id, write=True)
    organisation = subject_organisation(subject)
    if organisation is None:
        raise NotFound()
    need = requirements_for(subject)
    archive = dossier_archive(
        actor=actor_of(request),
        subject=subject,
        organisation=organisation,
        required_codes=need.required_codes,
        outcome_facts=need.outcome_facts,
        satisfied_codes=need.satisfied_codes,
    )
    return Status(201, _archive_out(archive))
