"""Every template renders to .docx and PDF from the same blocks: same text, embedded Chinese fonts."""

from __future__ import annotations

import io
from typing import Any

import pytest
from docx import Document as open_docx
from pypdf import PdfReader

from zhifa.documents.registry import CATALOGUE, TEMPLATED
from zhifa.documents.rendering import render_docx, render_html, render_pdf, resolve_document

from .factories import decision_context

REQUIRED_TEMPLATES = {
    "02.01", "03.01", "03.03", "03.09", "03.12", "05.01", "05.03", "06.01", "06.02",
    "07.01", "07.02", "08.02", "08.03", "08.05", "09.02", "10.04", "12.01",
    "11.02", "11.03", "11.06", "11.07",
}  # fmt: skip


def docx_text(content: bytes) -> str:
    doc = open_docx(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def pdf_fonts(reader: PdfReader) -> list[Any]:
    fonts = []
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for font in resources["/Font"].values():
            fonts.append(font.get_object())
    return fonts


def _squash(text: str) -> str:
    return "".join(text.split())


def test_the_required_templates_exist() -> None:
    assert REQUIRED_TEMPLATES <= TEMPLATED
    assert all(CATALOGUE[c].template == c for c in REQUIRED_TEMPLATES)


def test_every_layout_is_a_catalogue_type_and_only_those_are_templated() -> None:
    """A type without a layout must not claim a template: issuing it would fail at render time."""
    from zhifa.documents.layouts import LAYOUTS

    assert set(LAYOUTS) <= set(CATALOGUE)
    assert {c for c, spec in CATALOGUE.items() if spec.template} == set(LAYOUTS)


@pytest.mark.parametrize("code", sorted(REQUIRED_TEMPLATES))
def test_template_renders_the_same_text_to_docx_and_pdf_with_embedded_fonts(code: str) -> None:
    ctx = decision_context()
    ctx["number"] = "深市监测字〔2026〕7号"
    resolved = resolve_document(code, ctx)
    docx = docx_text(render_docx(resolved))
    pdf_bytes, pages = render_pdf(resolved)
    reader = PdfReader(io.BytesIO(pdf_bytes))
    pdf = "".join(page.extract_text() for page in reader.pages)
    assert pages == len(reader.pages) >= 1
    title = CATALOGUE[code].name if code != "12.01" else "结案审批表"
    for needle in (title, "深圳市市场监督管理局", "深市监测字〔2026〕7号"):
        assert needle in docx, needle
        assert _squash(needle) in _squash(pdf), needle
    # No drift: every line of the resolved text is in the .docx and (whitespace aside) in the PDF.
    squashed_pdf = _squash(pdf)
    for line in resolved.text().splitlines():
        for piece in line.split(" "):
            if piece:
                assert piece in docx, (code, piece)
                assert _squash(piece)[:20] in squashed_pdf, (code, piece)
    fonts = pdf_fonts(reader)
    assert fonts
    for font in fonts:  # Type0 CID fonts with an embedded font program (no system font fallback)
        descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        descriptor = descendant["/FontDescriptor"].get_object()
        assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), code
    names = " ".join(str(f["/BaseFont"]) for f in fonts)
    assert "ZhifaSerif" in names
    assert "ZhifaSans" in names


def test_party_name_appears_in_the_decision_pdf() -> None:
    resolved = resolve_document("08.02", decision_context())
    pdf_bytes, _ = render_pdf(resolved)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf_bytes)).pages)
    assert "深圳市好味道餐饮有限公司" in _squash(text)
    assert "60日内向深圳市人民政府申请行政复议" in _squash(text)


def test_missing_values_render_blank_so_drafts_work() -> None:
    resolved = resolve_document("08.02", {})
    text = resolved.text()
    assert "行政处罚决定书" in text
    assert "None" not in text
    assert "Undefined" not in text
    assert render_docx(resolved)[:2] == b"PK"


def test_on_the_spot_decision_states_review_first() -> None:
    ctx = decision_context()
    ctx["remedy"]["review_first"] = True
    text = resolve_document("08.05", ctx).text()
    assert "先向深圳市人民政府申请行政复议" in text
    assert "十五日内" in text


def test_preview_html_escapes_context_values() -> None:
    ctx = decision_context()
    ctx["party"]["name"] = "<script>alert(1)</script>"
    html = render_html(resolve_document("08.02", ctx))
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html


def test_templates_cannot_reach_python_internals() -> None:
    ctx = decision_context()
    ctx["case"]["facts"] = "{{ ''.__class__ }}"  # data is data: never evaluated
    assert "{{ ''.__class__ }}" in resolve_document("08.02", ctx).text()


def test_the_renderer_warm_up_renders_a_real_page() -> None:
    """config/wsgi.py warms each production worker with it (DOCUMENTS_WARM_UP)."""
    from zhifa.documents.rendering.writers import renderer_warm_up

    assert renderer_warm_up() >= 1
