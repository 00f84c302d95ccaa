"""Issue notes (zhifa.documents.hooks): a line another app prints on an issued document — in the
.docx and the PDF — without it entering the document's stored data."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.storage import default_storage
from docx import Document as DocxDocument
from pypdf import PdfReader

from zhifa.documents import hooks
from zhifa.documents.services import document_draft, document_issue

pytestmark = pytest.mark.django_db
LINE = "当事人查询码：TEST-CODE（测试）"


@pytest.fixture
def note() -> Iterator[list[str]]:
    seen: list[str] = []

    def provider(*, actor: Any, document: Any) -> str:
        seen.append(document.type_code)
        return LINE if document.type_code == "08.02" else ""

    hooks.register_issue_note(provider)
    yield seen
    hooks._ISSUE_NOTES.remove(provider)


def test_a_registered_note_is_printed_on_the_issued_files_but_not_stored_in_the_data(
    actor: Any, subject: Any, context: dict, note: list[str]
) -> None:
    draft = document_draft(
        actor=actor, subject=subject, organisation=subject, type_code="08.02", data=context
    )
    doc = document_issue(actor=actor, document=draft)
    with default_storage.open(doc.pdf_file, "rb") as fh:
        pdf = "".join(p.extract_text() for p in PdfReader(io.BytesIO(fh.read())).pages)
    with default_storage.open(doc.docx_file, "rb") as fh:
        docx = "\n".join(p.text for p in DocxDocument(io.BytesIO(fh.read())).paragraphs)
    assert "TEST-CODE" in pdf.replace(" ", "").replace("\n", "")
    assert LINE in docx
    assert "核验码" in docx  # the signature line stays, the note follows it
    assert "TEST-CODE" not in str(doc.data)
    assert note == ["08.02"]


def test_a_provider_returning_nothing_prints_nothing(
    actor: Any, subject: Any, context: dict, note: list[str]
) -> None:
    draft = document_draft(
        actor=actor, subject=subject, organisation=subject, type_code="05.01", data=context
    )
    doc = document_issue(actor=actor, document=draft)
    with default_storage.open(doc.docx_file, "rb") as fh:
        docx = "\n".join(p.text for p in DocxDocument(io.BytesIO(fh.read())).paragraphs)
    assert "查询码" not in docx
    assert note == ["05.01"]
