from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..permissions import OrgPerm
from ..selectors.regions import region_children, region_get, region_path, region_search
from .common import guarded


@guarded(OrgPerm.REGION_VIEW)
def region_browser(request: HttpRequest) -> HttpResponse:
    """省 → 市 → 区县 → 街镇 drill-down, with a search by name or code prefix."""
    code = request.GET.get("code", "").strip()
    term = request.GET.get("q", "").strip()
    current = region_get(request.user, code) if code else None
    return render(
        request,
        "orgs/region_browser.html",
        {
            "current": current,
            "path": region_path(current) if current else [],
            "children": region_children(request.user, code or None),
            "term": term,
            "results": region_search(request.user, term) if term else [],
        },
    )
