"""送达 (service) of issued documents: SAMR程序规定 Art. 82; 民诉法 Arts. 87–95; RULES §1.6, D10."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhifa.core.audit import Actor, audit_append
from zhifa.core.errors import ValidationError

from ..models import Document, DocumentStatus, ServiceMethod, ServiceRecord
from ..rules import SERVICE_METHODS, service_effective_on
from .documents import create_draft, document_issue

RECEIPT_CODE = "09.02"
ADDRESS_CONFIRMATION_CODE = "09.01"
DETAIL_KEYS = frozenset(
    {
        "receipt_date",
        "receipt_no",
        "witnesses",
        "consent_document",
        "consent_confirmed",
        "consent_note",
        "place",
        "note",
        "reached_at",
        "signer",
    }
)


def _as_date(value: Any, label: str) -> date:
    if isinstance(value, datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ValidationError(f"{label}格式错误", fields={label: ["日期格式应为 YYYY-MM-DD"]})


def _fmt(dt: datetime) -> str:
    local = timezone.localtime(dt)
    return f"{local.year}年{local.month}月{local.day}日{local.hour}时{local.minute:02d}分"


def _consent(document: Document, details: dict[str, Any]) -> tuple[Document | None, str]:
    """Electronic service needs the party's written consent: a 送达地址确认书 (09.01) issued for the
    same subject, or an explicit confirmation with a note (SAMR Art. 82 ¶1(3))."""
    consent = details.get("consent_document")
    if consent is not None:
        if not (
            isinstance(consent, Document)
            and consent.type_code == ADDRESS_CONFIRMATION_CODE
            and consent.status == DocumentStatus.ISSUED
            and (consent.subject_type, consent.subject_id) == (document.subject_type, document.subject_id)
        ):
            raise ValidationError("送达地址确认书无效：须为本案已签发的送达地址确认书")
        return consent, str(details.get("consent_note") or "")
    found = (
        Document.objects.filter(
            subject_type=document.subject_type,
            subject_id=document.subject_id,
            type_code=ADDRESS_CONFIRMATION_CODE,
            status=DocumentStatus.ISSUED,
        )
        .order_by("issued_at")
        .first()
    )
    if found is not None:
        return found, str(details.get("consent_note") or "")
    note = str(details.get("consent_note") or "").strip()
    if details.get("consent_confirmed") is True and note:
        return None, note
    raise ValidationError(
        "电子送达须经受送达人同意并签署送达地址确认书", code="electronic_service_without_consent"
    )


def document_serve(
    *, actor: Actor, document: Document, method: str, served_at: datetime, recipient: str, **details: Any
) -> ServiceRecord:
    """Record the service of an issued document and generate its 送达回证 (09.02)."""
    unknown = set(details) - DETAIL_KEYS
    if unknown:
        raise ValidationError("未知的送达信息：" + "、".join(sorted(unknown)))
    if method not in ServiceMethod.values:
        raise ValidationError("送达方式无效", fields={"method": list(SERVICE_METHODS.values())})
    if not isinstance(served_at, datetime) or timezone.is_naive(served_at):
        raise ValidationError("送达时间须为带时区的时间")
    recipient = (recipient or "").strip()
    if not recipient:
        raise ValidationError("请填写受送达人", fields={"recipient": ["必填"]})
    if document.type_code == RECEIPT_CODE:
        raise ValidationError("送达回证本身不需要送达")
    witnesses = str(details.get("witnesses") or "").strip()
    note = str(details.get("note") or "").strip()
    if method == ServiceMethod.LEFT and not (witnesses or note):
        # 民诉法 Art. 89; SAMR Art. 82 ¶1(2): witness present, or photos/video recorded.
        raise ValidationError(
            "留置送达须有见证人，或注明拍照、录像等记录情况", fields={"witnesses": ["必填"]}
        )
    receipt_date = None
    if method == ServiceMethod.POST:
        if not details.get("receipt_date"):
            raise ValidationError("邮寄送达须填写回执上注明的收件日期", fields={"receipt_date": ["必填"]})
        receipt_date = _as_date(details["receipt_date"], "receipt_date")
    with transaction.atomic():
        doc = Document.objects.select_for_update().select_related("organisation").get(pk=document.pk)
        if doc.status != DocumentStatus.ISSUED:
            raise ValidationError("只有已签发的文书才能送达")
        consent_document, consent_note = (None, "")
        reached_on = None
        if method == ServiceMethod.ELECTRONIC:
            consent_document, consent_note = _consent(doc, details)
            if details.get("reached_at"):
                reached_on = _as_date(details["reached_at"], "reached_at")
        effective_on = service_effective_on(
            method, served_on=timezone.localdate(served_at), receipt_date=receipt_date, reached_on=reached_on
        )
        record = ServiceRecord.objects.create(
            document=doc,
            method=method,
            recipient=recipient[:200],
            served_at=served_at,
            effective_on=effective_on,
            receipt_no=str(details.get("receipt_no") or "")[:64],
            witnesses=witnesses[:200],
            consent_document=consent_document,
            consent_note=consent_note[:200],
            place=str(details.get("place") or "")[:200],
            note=note,
            recorded_by_id=actor.id,
        )
        receipt = _receipt(actor=actor, doc=doc, record=record, signer=str(details.get("signer") or ""))
        record.receipt_document = receipt
        record.save(update_fields=["receipt_document"])
        audit_append(
            actor=actor,
            action="documents.service.record",
            subject=record,
            payload={
                "document": doc.pk,
                "number": doc.number,
                "method": method,
                "effective_on": effective_on.isoformat(),
                "receipt": receipt.pk,
            },
        )
    return record


def _receipt(*, actor: Actor, doc: Document, record: ServiceRecord, signer: str) -> Document:
    base = doc.data if isinstance(doc.data, dict) else {}
    data: dict[str, Any] = {key: base[key] for key in ("org", "officers", "party", "case") if key in base}
    note = record.note
    if record.method == ServiceMethod.PUBLIC_NOTICE:
        note = (
            note + "；" if note else ""
        ) + f"自公告之日起经过三十日视为送达（{record.effective_on:%Y-%m-%d}）"
    if record.method == ServiceMethod.POST and record.receipt_no:
        note = (note + "；" if note else "") + f"邮件单号：{record.receipt_no}"
    data["service"] = {
        "document_name": doc.title,
        "document_number": doc.number,
        "recipient": record.recipient,
        "method_label": SERVICE_METHODS[record.method],
        "served_at": _fmt(record.served_at),
        "place": record.place,
        "signer": signer,
        "witness": record.witnesses,
        "note": note,
    }
    receipt = create_draft(
        actor=actor,
        subject_type=doc.subject_type,
        subject_id=doc.subject_id,
        organisation=doc.organisation,
        type_code=RECEIPT_CODE,
        data=data,
    )
    return document_issue(actor=actor, document=receipt)
