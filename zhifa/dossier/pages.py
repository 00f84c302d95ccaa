"""Page counts of the dossier's files: a PDF is counted with pypdf once and cached in DossierPage
(keyed by source, id and SM3); a photo is one page; audio and video are no pages (filed as 光盘/附件)."""

from __future__ import annotations

import io
import logging

from django.core.files.storage import default_storage

from .models import DossierPage

log = logging.getLogger(__name__)


def pdf_pages(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def stored_pdf_pages(*, source: str, object_id: int, sm3: str, name: str) -> int:
    """Pages of the stored PDF `name` (cached). A missing or unreadable file counts 0 pages; the
    completeness check reports the file itself."""
    cached = (
        DossierPage.objects.filter(source=source, object_id=object_id, sm3=sm3)
        .values_list("pages", flat=True)
        .first()
    )
    if cached is not None:
        return int(cached)
    try:
        with default_storage.open(name, "rb") as fh:
            pages = pdf_pages(fh.read())
    except Exception:
        log.warning("dossier: cannot count pages of %s %s (%s)", source, object_id, name)
        return 0
    DossierPage.objects.bulk_create(
        [DossierPage(source=source, object_id=object_id, sm3=sm3, pages=pages)], ignore_conflicts=True
    )
    return pages
