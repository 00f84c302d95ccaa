"""The three outputs of a resolved document."""

from __future__ import annotations

import threading
from typing import Any

from .docx import document_docx
from .html import document_html
from .resolve import DocumentRenderFailed, ResolvedDocument

_local = threading.local()


def render_html(doc: ResolvedDocument, *, embed_fonts: bool = False) -> str:
    """HTML for the browser preview (fonts from the browser) or, with embed_fonts, for WeasyPrint."""
    return document_html(doc, embed_fonts=embed_fonts)


def render_docx(doc: ResolvedDocument) -> bytes:
    try:
        return document_docx(doc)
    except Exception as exc:
        raise DocumentRenderFailed(f"Word 文书生成失败：{exc}") from exc


def _font_config() -> Any:
    """One WeasyPrint FontConfiguration per thread (fonts are parsed once, renderers stay apart)."""
    config = getattr(_local, "fonts", None)
    if config is None:
        from weasyprint.text.fonts import FontConfiguration

        config = _local.fonts = FontConfiguration()
    return config


def render_pdf(doc: ResolvedDocument) -> tuple[bytes, int]:
    """(PDF bytes, page count). A4; the Chinese fonts are embedded (subset) from @font-face."""
    try:
        from weasyprint import HTML

        fonts = _font_config()
        rendered = HTML(string=document_html(doc, embed_fonts=True)).render(font_config=fonts)
        return bytes(rendered.write_pdf()), len(rendered.pages)
    except DocumentRenderFailed:
        raise
    except Exception as exc:
        raise DocumentRenderFailed(f"PDF 文书生成失败：{exc}") from exc


def renderer_warm_up() -> int:
    """Load WeasyPrint, Pango and the embedded CJK fonts once in this thread (about a second), so a
    web worker's first issued document costs what every later one does. Returns the page count."""
    from .resolve import resolve_document

    _, pages = render_pdf(resolve_document("08.02", {"org": {"name": "预热"}}))
    return pages
