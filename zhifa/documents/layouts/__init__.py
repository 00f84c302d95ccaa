"""Document layouts: one structured block definition per document type, rendered to both .docx
(python-docx) and HTML → PDF (WeasyPrint) from the same resolved text (ADR 0006)."""

from .blocks import Layout
from .catalogue import LAYOUTS, layout_for

__all__ = ["LAYOUTS", "Layout", "layout_for"]
