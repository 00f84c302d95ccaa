"""Layouts of the 行政强制 documents (RECORDS §2); filled by the coercion work."""

from __future__ import annotations

from .blocks import Layout

LAYOUTS_COERCION: tuple[Layout, ...] = ()
