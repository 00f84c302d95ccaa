"""What every public page shares: GET only, no login, NotFound → 404, and — for pages that are the
same for every visitor and change only with reference data — a per-process copy for a minute."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_safe

from zhifa.core.errors import NotFound

PAGE_TTL = 60.0
MAX_PAGES = 256  # per view: distinct query strings cannot grow a worker's memory without bound
_pages: list[dict[str, tuple[float, bytes, str]]] = []


def public_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """GET/HEAD only; the portal's NotFound becomes the 404 page."""

    @require_safe
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from exc

    return wrapper


def cached_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve a rendered 200 page from this process for PAGE_TTL seconds, keyed by path and query.
    Only for pages without any per-visitor content (the public pages have none)."""
    store: dict[str, tuple[float, bytes, str]] = {}
    lock = threading.Lock()
    _pages.append(store)

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = request.get_full_path()
        now = time.monotonic()
        hit = store.get(key)
        if hit is not None and now - hit[0] < PAGE_TTL:
            response = HttpResponse(hit[1], content_type=hit[2])
        else:
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming and not response.cookies:
                with lock:
                    if len(store) >= MAX_PAGES:
                        store.clear()
                    store[key] = (now, response.content, response["Content-Type"])
        patch_cache_control(response, public=True, max_age=int(PAGE_TTL))
        return response

    return wrapper


def clear_pages() -> None:
    for store in _pages:
        store.clear()
    _option_lists.clear()


def parse_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((value or "").strip())
    except ValueError:
        return None


def parse_int(value: str | None) -> int | None:
    try:
        return int(value or "")
    except ValueError:
        return None


def text_param(request: HttpRequest, name: str, limit: int = 40) -> str:
    return " ".join(request.GET.get(name, "").split())[:limit]


_option_lists: dict[tuple[tuple[Any, str], ...], str] = {}


def select_options(options: tuple[tuple[Any, str], ...], selected: Any) -> SafeString:
    """The `<option>`s of a filter select, `selected` marked. The HTML of an option list is built
    once per process (the lists are memoised tuples): rendering ~200 agencies through the template
    language cost ~5 ms a request, most of the search page's time."""
    html = _option_lists.get(options)
    if html is None:
        html = "".join(f'<option value="{escape(str(v))}">{escape(label)}</option>' for v, label in options)
        if len(_option_lists) >= MAX_PAGES:
            _option_lists.clear()
        _option_lists[options] = html
    if selected not in (None, ""):
        value = escape(str(selected))
        html = html.replace(f'<option value="{value}">', f'<option value="{value}" selected>', 1)
    return mark_safe(html)  # noqa: S308 — built from escaped values
