"""Pages of the inspections app (thin: selector → service → render)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def _todo(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    return HttpResponse("")


inspection_list = my_inspections = inspection_detail = inspection_execute = _todo
plan_list = plan_detail = plan_draw = plan_dispatch_view = target_list = _todo
