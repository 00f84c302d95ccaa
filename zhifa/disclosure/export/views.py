"""双公示导出 pages: a date range and a unit, the validation report of that selection, and the
download of its valid records (CSV or JSON, streamed) or of the report (CSV).

Thin: parse → selector (authorises, data scope of `disclosure.export.run`) → render/stream.
Every download is one audit event."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from zhifa.core.audit import audit_append
from zhifa.core.errors import ValidationError
from zhifa.orgs.views.common import actor_of, guarded

from .permissions import ExportPerm
from .selectors import export_publications, export_units_for_user, iter_cf_records, unit_ids
from .services import check_range
from .writers import FORMATS, InvalidRecord, report_csv_chunks, split_valid

REPORT_ROWS_SHOWN = 200


@dataclass(frozen=True)
class Selection:
    date_from: dt.date | None
    date_to: dt.date | None
    unit_id: int | None
    include_children: bool

    def query(self) -> str:
        from urllib.parse import urlencode

        params = {
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
            "unit": self.unit_id or "",
            "children": "1" if self.include_children else "",
        }
        return urlencode({k: v for k, v in params.items() if v})


def _date(value: str, label: str, key: str) -> dt.date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError(f"{label}格式应为 YYYY-MM-DD", fields={key: [f"{label}格式有误"]}) from None


def _selection(request: HttpRequest) -> Selection:
    g = request.GET
    date_from = _date(g.get("date_from", ""), "开始日期", "date_from")
    date_to = _date(g.get("date_to", ""), "结束日期", "date_to")
    check_range(date_from, date_to)
    unit = g.get("unit", "").strip()
    return Selection(
        date_from=date_from,
        date_to=date_to,
        unit_id=int(unit) if unit.isdigit() else None,
        include_children=g.get("children") == "1",
    )


def _queryset(request: HttpRequest, sel: Selection) -> Any:
    return export_publications(
        user=request.user,
        date_from=sel.date_from,
        date_to=sel.date_to,
        organisation_ids=unit_ids(sel.unit_id, include_children=sel.include_children)
        if sel.unit_id
        else None,
    )


@guarded(ExportPerm.RUN)
def export_index(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {
        "units": list(export_units_for_user(request.user).only("id", "name")),
        "filters": request.GET,
        "formats": list(FORMATS),
    }
    try:
        sel = _selection(request)
    except ValidationError as exc:
        context["error"] = exc.message
        return render(request, "disclosure/export/index.html", context, status=422)
    if request.GET.get("check"):
        invalid: list[InvalidRecord] = []
        exported = sum(1 for _ in split_valid(iter_cf_records(_queryset(request, sel)), invalid))
        context.update(
            checked=True,
            exported=exported,
            invalid_count=len(invalid),
            invalid=invalid[:REPORT_ROWS_SHOWN],
            truncated=len(invalid) > REPORT_ROWS_SHOWN,
            query=sel.query(),
        )
    return render(request, "disclosure/export/index.html", context)


def _audit_download(request: HttpRequest, sel: Selection, what: str) -> None:
    with transaction.atomic():
        audit_append(
            actor=actor_of(request),
            action="disclosure.export.download",
            payload={"what": what, "query": sel.query()},
        )


def _attachment(response: StreamingHttpResponse, stem: str, extension: str) -> StreamingHttpResponse:
    stamp = timezone.localtime().strftime("%Y%m%d%H%M")
    response["Content-Disposition"] = f'attachment; filename="{stem}-{stamp}{extension}"'
    return response


@guarded(ExportPerm.RUN)
def export_download(request: HttpRequest, fmt: str) -> HttpResponse | StreamingHttpResponse:
    spec = FORMATS[fmt]  # the URL only routes csv|json
    try:
        sel = _selection(request)
    except ValidationError as exc:
        return HttpResponse(exc.message, status=422, content_type="text/plain; charset=utf-8")
    _audit_download(request, sel, fmt)
    records = split_valid(iter_cf_records(_queryset(request, sel)), [])
    body = (piece.encode("utf-8") for piece in spec.chunks(records))
    return _attachment(
        StreamingHttpResponse(body, content_type=spec.content_type), "shuanggongshi-cf", spec.extension
    )


@guarded(ExportPerm.RUN)
def export_report(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    try:
        sel = _selection(request)
    except ValidationError as exc:
        return HttpResponse(exc.message, status=422, content_type="text/plain; charset=utf-8")
    _audit_download(request, sel, "report")
    invalid = (InvalidRecord.of(r) for r in iter_cf_records(_queryset(request, sel)) if not r.valid)
    body = (piece.encode("utf-8") for piece in report_csv_chunks(invalid))
    return _attachment(
        StreamingHttpResponse(body, content_type="text/csv; charset=utf-8"), "shuanggongshi-report", ".csv"
    )
