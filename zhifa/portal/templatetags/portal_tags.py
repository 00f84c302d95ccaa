"""Template helpers of the public base template (portal/base.html)."""

from __future__ import annotations

from django import template
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

PORTAL_ROOT = "/gs/"


@register.simple_tag(takes_context=True)
def nav_current(context: template.Context, url: str) -> SafeString:
    """` aria-current="page"` on the nav entry of the section being read: the root entry only on
    its own pages (/gs/ and /gs/publications/…), every other entry for its whole subtree."""
    request: HttpRequest | None = context.get("request")
    path = request.path if request is not None else ""
    if url == PORTAL_ROOT:
        current = path == PORTAL_ROOT or path.startswith(PORTAL_ROOT + "publications/")
    else:
        current = path.startswith(url)
    return mark_safe(' aria-current="page"' if current else "")  # noqa: S308 — a constant


@register.simple_tag(takes_context=True)
def page_url(context: template.Context, number: int) -> str:
    """The current query string with `page` set to `number` (filters kept)."""
    request: HttpRequest | None = context.get("request")
    params = request.GET.copy() if request is not None else None
    if params is None:
        return f"?page={number}"
    params["page"] = str(number)
    return "?" + params.urlencode()
