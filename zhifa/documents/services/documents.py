"""Writes on documents: draft, update, issue (number + render + hash + sign), void."""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils import timezone

from zhifa.core.audit import Actor, audit_append
from zhifa.core.errors import Conflict, ValidationError
from zhifa.core.gm import sm3_hex
from zhifa.core.subjects import subject_label
from zhifa.orgs.models import Organisation

from ..hooks import issue_notes
from ..layouts import LAYOUTS
from ..models import Document, DocumentStatus
from ..registry import document_type
from ..rendering import render_docx, render_pdf, resolve_document
from ..rules import DECISION_CODES, decision_missing_fields
from .numbering import allocate_seq, format_number
from .signing import sign_document


def _check_data(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ValidationError("文书数据格式错误")
    return data


def create_draft(
    *,
    actor: Actor,
    subject_type: str,
    subject_id: int,
    organisation: Organisation,
    type_code: str,
    data: dict,
) -> Document:
    spec = document_type(type_code)
    layout = LAYOUTS.get(type_code)
    with transaction.atomic():
        document = Document.objects.create(
            subject_type=subject_type,
            subject_id=subject_id,
            organisation=organisation,
            region_code=organisation.region_code,
            type_code=type_code,
            title=layout.title if layout else spec.name,
            data=_check_data(data),
            number_kind=spec.number_kind or "",
            created_by_id=actor.id,
        )
        audit_append(
            actor=actor,
            action="documents.document.draft",
            subject=document,
            payload={"type": type_code, "subject": f"{subject_type}:{subject_id}"},
        )
    return document


def document_draft(
    *, actor: Actor, subject: models.Model, organisation: Organisation, type_code: str, data: dict
) -> Document:
    return create_draft(
        actor=actor,
        subject_type=subject_label(subject),
        subject_id=int(subject.pk),
        organisation=organisation,
        type_code=type_code,
        data=data,
    )


def document_update(*, actor: Actor, document: Document, data: dict) -> Document:
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=document.pk)
        if locked.status != DocumentStatus.DRAFT:
            raise Conflict("文书已签发或已作废，不能修改")
        locked.data = _check_data(data)
        locked.save(update_fields=["data", "updated_at"])
        audit_append(
            actor=actor, action="documents.document.update", subject=locked, payload={"keys": sorted(data)}
        )
    return locked


def _store(content: bytes, ext: str) -> str:
    now = timezone.localtime()
    return default_storage.save(
        f"private/documents/{now:%Y}/{now:%m}/{uuid.uuid4().hex}{ext}", ContentFile(content)
    )


def document_issue(*, actor: Actor, document: Document, data: dict | None = None) -> Document:
    """Number, render (.docx + PDF), hash, sign and store in ONE transaction: any failure leaves the
    document a draft and consumes no number (the sequence update rolls back with it)."""
    spec = document_type(document.type_code)
    if spec.template is None:
        raise ValidationError(f"“{spec.name}”没有文书模板，不能在线签发")
    stored: list[str] = []
    try:
        with transaction.atomic():
            doc = Document.objects.select_for_update().select_related("organisation").get(pk=document.pk)
            if doc.status != DocumentStatus.DRAFT:
                raise Conflict("文书已签发或已作废")
            context: dict[str, Any] = dict(_check_data(data) if data is not None else doc.data)
            if doc.type_code in DECISION_CODES:  # 处罚法 Art. 59; RULES §3 last paragraph
                missing = decision_missing_fields(context)
                if missing:
                    raise ValidationError(
                        "决定书缺少法定记载事项：" + "、".join(missing), fields={"data": missing}
                    )
            issued_at = timezone.now()
            org = doc.organisation
            if spec.number_kind:
                year = timezone.localdate(issued_at).year
                seq = allocate_seq(organisation=org, number_kind=spec.number_kind, year=year)
                doc.number_year, doc.number_seq = year, seq
                doc.number = format_number(org, spec.number_kind, year, seq)
            doc.verify_token = secrets.token_urlsafe(18)
            context["number"] = doc.number
            context["verify_token"] = doc.verify_token
            resolved = resolve_document(doc.type_code, context, notes=issue_notes(actor=actor, document=doc))
            docx_bytes = render_docx(resolved)
            pdf_bytes, pages = render_pdf(resolved)
            doc.docx_sm3, doc.pdf_sm3 = sm3_hex(docx_bytes), sm3_hex(pdf_bytes)
            doc.docx_file = _store(docx_bytes, ".docx")
            stored.append(doc.docx_file)
            doc.pdf_file = _store(pdf_bytes, ".pdf")
            stored.append(doc.pdf_file)
            doc.page_count = pages
            doc.data = context
            doc.status = DocumentStatus.ISSUED
            doc.issued_at = issued_at
            doc.issued_by_id = actor.id
            sign_document(doc)
            doc.save(
                update_fields=[
                    "number",
                    "number_year",
                    "number_seq",
                    "verify_token",
                    "docx_sm3",
                    "pdf_sm3",
                    "docx_file",
                    "pdf_file",
                    "page_count",
                    "data",
                    "status",
                    "issued_at",
                    "issued_by",
                    "signature",
                    "public_key",
                    "updated_at",
                ]
            )
            audit_append(
                actor=actor,
                action="documents.document.issue",
                subject=doc,
                payload={
                    "type": doc.type_code,
                    "number": doc.number,
                    "pdf_sm3": doc.pdf_sm3,
                    "docx_sm3": doc.docx_sm3,
                },
            )
    except BaseException:
        for name in stored:  # files are not transactional: remove what this attempt wrote
            default_storage.delete(name)
        raise
    return doc


def document_void(*, actor: Actor, document: Document, reason: str) -> Document:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("请填写作废原因", fields={"reason": ["必填"]})
    with transaction.atomic():
        doc = Document.objects.select_for_update().get(pk=document.pk)
        if doc.status != DocumentStatus.ISSUED:
            raise Conflict("只有已签发的文书可以作废")
        doc.status = DocumentStatus.VOID
        doc.voided_at = timezone.now()
        doc.void_reason = reason[:200]
        doc.save(update_fields=["status", "voided_at", "void_reason", "updated_at"])
        audit_append(
            actor=actor,
            action="documents.document.void",
            subject=doc,
            payload={"number": doc.number, "reason": reason},
        )
    return doc
