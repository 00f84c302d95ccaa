"""Explicit hooks of the clue page (ARCHITECTURE §3: no signals, lower apps never import higher
ones). An app above clues — the public complaints of zhifa.portal.complaints — registers, in its
AppConfig.ready(), a panel: a function `panel(request, clue) -> str` returning a small read-only
HTML block for the clue's page ("" when it has nothing to say about this clue). The panel is
called only after the page's selector has authorised the user for the clue."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.safestring import SafeString, mark_safe

DetailPanel = Callable[[Any, Any], str]  # panel(request, clue) -> rendered HTML or ""

_PANELS: list[DetailPanel] = []


def register_detail_panel(panel: DetailPanel) -> DetailPanel:
    if panel not in _PANELS:
        _PANELS.append(panel)
    return panel


def detail_panels(request: Any, clue: Any) -> list[SafeString]:
    """The non-empty blocks of every registered panel, in registration order (rendered templates:
    autoescaped by the panel's own template)."""
    blocks = (panel(request, clue) for panel in _PANELS)
    return [mark_safe(html) for html in blocks if html]  # noqa: S308 — rendered by Django templates
