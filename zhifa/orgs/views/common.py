"""Shared helpers for the orgs pages: permission guard, pagination, CSV export."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Page
from django.http import Http404, HttpRequest, StreamingHttpResponse
from django.utils import timezone

from zhifa.core.audit import Actor
from zhifa.core.errors import NotFound, PermissionDenied
from zhifa.core.pagination import WholePagePaginator

from ..scopes import has_perm

PER_PAGE = 20


def guarded(*perms: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Login required, then any of `perms` required (403); NotFound → 404, PermissionDenied → 403."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not any(has_perm(request.user, perm) for perm in perms):
                raise DjangoPermissionDenied("您没有访问此页面的权限")
            try:
                return view(request, *args, **kwargs)
            except NotFound as exc:
                raise Http404(exc.message) from exc
            except PermissionDenied as exc:
                raise DjangoPermissionDenied(exc.message) from exc

        return wrapper

    return decorator


def actor_of(request: HttpRequest) -> Actor:
    return Actor.of(request.user, ip=str(request.META.get("REMOTE_ADDR", "")))


def paginate(request: HttpRequest, queryset: Any, per_page: int = PER_PAGE) -> Page:
    return WholePagePaginator(queryset, per_page).get_page(request.GET.get("page"))


def query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(filename: str, header: list[str], rows: Iterable[list[Any]]) -> StreamingHttpResponse:
    """Stream a CSV with a UTF-8 BOM (opens correctly in Excel/WPS)."""
    writer = csv.writer(_Echo())

    def lines() -> Iterable[str]:
        yield "\ufeff" + writer.writerow(header)
        for row in rows:
            yield writer.writerow(["" if v is None else v for v in row])

    stamp = timezone.localtime().strftime("%Y%m%d%H%M")
    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.csv"'
    return response
