"""/api/documents/: documents of a subject, one document, public verification, 常用语.

Reads authorise through the subject (zhifa.core.subjects): outside the caller's scope answers 404
like a missing row. POST /verify needs no login and names no party (type, number, org, date only).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import File, Query, Router, Schema
from ninja.files import UploadedFile

from .models import Document
from .presenters import public_summary
from .selectors import document_for_user, documents_for_user_subject, phrases_for
from .services import document_verify_bytes

router = Router(tags=["执法文书"])


class ErrorOut(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] | None = None
    extra: dict[str, Any] | None = None


ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class DocumentOut(Schema):
    id: int
    subject_type: str
    subject_id: int
    organisation_id: int
    type_code: str
    title: str
    status: str
    number: str
    issued_at: dt.datetime | None
    page_count: int | None
    pdf_sm3: str
    docx_sm3: str
    pdf_url: str | None
    docx_url: str
    verify_url: str | None


class DocumentDetailOut(DocumentOut):
    data: dict[str, Any]


class VerifyOut(Schema):
    valid: bool
    number: str | None = None
    type: str | None = None
    organisation: str | None = None
    issued_at: str | None = None
    status: str | None = None


class PhraseOut(Schema):
    id: int
    text: str
    category: str
    organisation_id: int | None


class SubjectQuery(Schema):
    subject_type: str
    subject_id: int


def _out(document: Document) -> dict[str, Any]:
    issued = document.status != "draft"
    return {
        "id": document.pk,
        "subject_type": document.subject_type,
        "subject_id": document.subject_id,
        "organisation_id": document.organisation_id,
        "type_code": document.type_code,
        "title": document.title,
        "status": document.status,
        "number": document.number,
        "issued_at": document.issued_at,
        "page_count": document.page_count,
        "pdf_sm3": document.pdf_sm3,
        "docx_sm3": document.docx_sm3,
        "pdf_url": reverse("documents:pdf", args=[document.pk]) if issued else None,
        "docx_url": reverse("documents:docx", args=[document.pk]),
        "verify_url": (
            reverse("documents:verify", args=[document.verify_token]) if document.verify_token else None
        ),
    }


@router.get("/", response={200: list[DocumentOut], **ERRORS}, summary="主体的文书列表")
def document_list(request: HttpRequest, query: Query[SubjectQuery]) -> Any:
    return [_out(d) for d in documents_for_user_subject(request.user, query.subject_type, query.subject_id)]


@router.post("/verify", auth=None, response={200: VerifyOut, 422: ErrorOut}, summary="上传文件核验")
def document_verify(request: HttpRequest, file: File[UploadedFile]) -> Any:
    found = document_verify_bytes(file.read())
    if found is None:
        return {"valid": False}
    summary = public_summary(found, valid=True)
    return {
        "valid": True,
        "number": summary["number"],
        "type": summary["type"],
        "organisation": summary["organisation"],
        "issued_at": summary["issued_at"],
        "status": summary["status"],
    }


@router.get("/phrases", response={200: list[PhraseOut], **ERRORS}, summary="常用语")
def phrase_list(request: HttpRequest, category: str) -> Any:
    return list(phrases_for(request.user, category).values("id", "text", "category", "organisation_id")[:500])


@router.get("/{int:document_id}", response={200: DocumentDetailOut, **ERRORS}, summary="文书详情")
def document_detail(request: HttpRequest, document_id: int) -> Any:
    document = document_for_user(request.user, document_id)
    return {**_out(document), "data": document.data}
