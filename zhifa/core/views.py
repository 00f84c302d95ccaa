from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .errors import PermissionDenied
from .selectors import AuditFilters, audit_event_list_for_user

PAGE_SIZE = 50


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@login_required
@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    """审计日志: newest first, keyset pagination on `seq` (no COUNT over millions of rows)."""
    g = request.GET
    filters = AuditFilters(
        action=g.get("action", "").strip(),
        subject=g.get("subject", "").strip(),
        actor=g.get("actor", "").strip(),
        date_from=_date(g.get("date_from", "")),
        date_to=_date(g.get("date_to", "")),
    )
    try:
        qs = audit_event_list_for_user(request.user, filters)
    except PermissionDenied as exc:
        raise DjangoPermissionDenied("您没有访问此页面的权限") from exc
    before = g.get("before", "")
    if before.isdigit():
        qs = qs.filter(seq__lt=int(before))
    events = list(qs[: PAGE_SIZE + 1])
    has_more = len(events) > PAGE_SIZE
    events = events[:PAGE_SIZE]
    query = g.copy()
    query.pop("before", None)
    next_query = ""
    if has_more:
        query["before"] = str(events[-1].seq)
        next_query = query.urlencode()
    return render(
        request,
        "core/audit_list.html",
        {"events": events, "filters": filters, "next_query": next_query, "paged": before.isdigit()},
    )
