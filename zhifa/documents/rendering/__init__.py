"""Rendering: layout + context → resolved blocks → .docx (python-docx) and HTML → PDF (WeasyPrint).

Both outputs are written from the same resolved blocks, so their text cannot drift (ADR 0006)."""

from .resolve import DocumentRenderFailed, ResolvedDocument, resolve_document
from .writers import render_docx, render_html, render_pdf

__all__ = [
    "DocumentRenderFailed",
    "ResolvedDocument",
    "render_docx",
    "render_html",
    "render_pdf",
    "resolve_document",
]
