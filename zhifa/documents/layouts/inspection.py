"""Layouts of the 行政检查 documents (RECORDS §2); filled by the inspection work."""

from __future__ import annotations

from .blocks import Layout

LAYOUTS_INSPECTION: tuple[Layout, ...] = ()
