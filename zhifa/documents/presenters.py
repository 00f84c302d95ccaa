"""What a document shows to whom. The public verification output names no party (RULES §6.3):
type, number, issuing organisation, date, digests and validity only."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from .models import Document
from .registry import CATALOGUE


def public_summary(document: Document, *, valid: bool) -> dict[str, Any]:
    spec = CATALOGUE.get(document.type_code)
    issued = timezone.localtime(document.issued_at) if document.issued_at else None
    return {
        "valid": valid,
        "type_code": document.type_code,
        "type": spec.name if spec else document.title,
        "number": document.number,
        "organisation": document.organisation.name,
        "issued_at": issued.isoformat() if issued else None,
        "issued_on": f"{issued.year}年{issued.month}月{issued.day}日" if issued else "",
        "status": document.status,
        "status_label": document.get_status_display(),
        "pdf_sm3": document.pdf_sm3,
        "docx_sm3": document.docx_sm3,
    }
