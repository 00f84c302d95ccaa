"""Blocks a higher app adds to the case page (hooks, not signals; cases never imports them). The
app registers a renderer in its AppConfig.ready():

    register_case_panel("party_portal", party_portal_panel)   # (request, case) -> SafeString | ""

and the case page shows, in registration order, what each renderer returns ("" = nothing)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString

CasePanel = Callable[[Any, Any], SafeString | str]
_PANELS: dict[str, CasePanel] = {}


def register_case_panel(name: str, renderer: CasePanel) -> None:
    _PANELS[name] = renderer


def case_panels(request: Any, case: Any) -> list[SafeString]:
    """The non-empty blocks; a renderer returning a plain str gets it escaped, not trusted."""
    out: list[SafeString] = []
    for renderer in _PANELS.values():
        html = renderer(request, case)
        if html:
            out.append(html if isinstance(html, SafeString) else conditional_escape(html))
    return out
