"""Reads of service requests for Open311 GET: the filters of GeoReport v2 and the request
representation, status derived from the clue.

Two views of a request. Anyone (GeoReport v2 GET needs no key) sees the status, the service, the
agency, the times, the district as `address` and the position rounded to three decimals (about
100 m) — no description, exact address, media or status notes beyond the status: a complaint's text
and photos often identify its reporter or a private person complained about (RULES.md §6,
BEYOND.md §14). The client that submitted the request (its api_key given) sees its own requests in
full, the reporters' identities always redacted, and the latest 对外答复 as `status_notes`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from zhifa.clues.choices import OPEN_STATES, ClueState
from zhifa.clues.selectors import redact_reporters

from .conf import open311_setting
from .geo import districts
from .models import Complaint, Open311Client
from .rules import STATUS_EXPLANATIONS, iso8601, open311_status, parse_iso8601, public_status
from .selectors import (
    effective_clues,
    end_of_day,
    expected_dates,
    replies_by_reporter,
    reporters_reached_bulk,
)

CLOSED_STATES = (ClueState.REJECTED, ClueState.HANDLED)


class FilterError(Exception):
    def __init__(self, descriptions: list[str]) -> None:
        self.descriptions = descriptions
        super().__init__("; ".join(descriptions))


@dataclass(frozen=True)
class RequestFilters:
    ids: list[int] | None = None
    service_codes: list[str] | None = None
    statuses: list[str] | None = None
    start: datetime | None = None
    end: datetime | None = None


def _is_id(value: str) -> bool:
    """A service_request_id as we issue them: digits that fit a bigint (anything else matches none)."""
    return value.isascii() and value.isdigit() and len(value) <= 18


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def parse_filters(params: Any, *, now: datetime | None = None) -> RequestFilters:
    """GeoReport v2 GET requests: service_request_id (comma list) overrides every other filter;
    else service_code and status (comma lists), start_date/end_date (ISO 8601 with a zone) spanning
    at most the window; without dates, the window before now."""
    ids = _split(params.get("service_request_id"))
    if ids:
        return RequestFilters(ids=[int(i) for i in ids if _is_id(i)])
    problems: list[str] = []
    statuses = [s.lower() for s in _split(params.get("status"))]
    if any(s not in ("open", "closed") for s in statuses):
        problems.append("status 只能为 open 或 closed（可用逗号分隔）")
    window = timedelta(days=int(open311_setting("window_days")))
    now = now or timezone.now()
    start_raw, end_raw = params.get("start_date"), params.get("end_date")
    start = parse_iso8601(start_raw) if start_raw else None
    end = parse_iso8601(end_raw) if end_raw else None
    if start_raw and start is None:
        problems.append("start_date 须为带时区的 ISO 8601 时间，如 2026-05-01T00:00:00+08:00")
    if end_raw and end is None:
        problems.append("end_date 须为带时区的 ISO 8601 时间，如 2026-05-31T23:59:59+08:00")
    if problems:
        raise FilterError(problems)
    if start is None and end is None:
        end, start = now, now - window
    elif start is None:
        assert end is not None
        start = end - window
    elif end is None:
        end = min(start + window, now) if start < now else start + window
    if start > end:
        raise FilterError(["start_date 不能晚于 end_date"])
    if end - start > window:
        raise FilterError([f"start_date 与 end_date 的间隔不能超过{window.days}天"])
    return RequestFilters(
        service_codes=_split(params.get("service_code")) or None,
        statuses=sorted(set(statuses)) or None,
        start=start,
        end=end,
    )


def _base() -> QuerySet[Complaint]:
    return Complaint.objects.select_related(
        "clue", "clue__organisation", "clue__handling_unit", "service", "client"
    )


def find_requests(filters: RequestFilters) -> list[Complaint]:
    limit = int(open311_setting("max_requests"))
    qs = _base()
    if filters.ids is not None:
        return list(qs.filter(pk__in=filters.ids[:limit]).order_by("-created_at", "-pk"))
    qs = qs.filter(created_at__gte=filters.start, created_at__lte=filters.end)
    if filters.service_codes:
        qs = qs.filter(service__code__in=filters.service_codes)
    if filters.statuses and len(filters.statuses) == 1:
        # The clue's own state decides, but a merged clue follows its target: keep merged rows and
        # decide them below.
        states = list(OPEN_STATES) if filters.statuses[0] == "open" else list(CLOSED_STATES)
        qs = qs.filter(Q(clue__state__in=states) | Q(clue__state=ClueState.MERGED))
    rows = list(qs.order_by("-created_at", "-pk")[:limit])
    if filters.statuses and len(filters.statuses) == 1:
        current = effective_clues(r.clue for r in rows)
        rows = [
            r for r in rows if open311_status(public_status(current[r.clue_id].state)) in filters.statuses
        ]
    return rows


def find_request(request_id: str) -> Complaint | None:
    return _base().filter(pk=int(request_id)).first() if _is_id(request_id) else None


def _coarse(value: Decimal | None) -> Decimal | None:
    return value.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP) if value is not None else None


def _number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def represent(rows: list[Complaint], *, client: Open311Client | None) -> list[dict[str, Any]]:
    """The GeoReport v2 `request` of each row, in the specification's element order."""
    current = effective_clues(r.clue for r in rows)
    dues = expected_dates(current.values())
    own = [r for r in rows if client is not None and r.client_id == client.pk]
    replies = replies_by_reporter(r.reporter_id for r in own if r.reporter_id)
    reporters = reporters_reached_bulk(r.clue_id for r in own)
    district_names = {d.region_code: d.name for d in districts()}
    out = []
    for row in rows:
        clue, now_clue = row.clue, current[row.clue_id]
        status = public_status(now_clue.state)
        due = dues.get(now_clue.pk) if open311_status(status) == "open" else None
        mine = client is not None and row.client_id == client.pk
        answers = replies.get(row.reporter_id or 0, []) if mine else []
        updated = max(
            [clue.updated_at, now_clue.updated_at, row.updated_at, *(a.created_at for a in answers)]
        )
        notes = str(status.label)
        if mine:
            notes = answers[-1].content if answers else STATUS_EXPLANATIONS[status]
        unit = now_clue.handling_unit or now_clue.organisation
        item: dict[str, Any] = {
            "service_request_id": row.service_request_id,
            "status": open311_status(status),
            "status_notes": notes,
            "service_name": row.service.name,
            "service_code": row.service.code,
            "description": "",
            "agency_responsible": unit.name,
            "service_notice": row.service.service_notice,
            "requested_datetime": iso8601(timezone.localtime(row.created_at)),
            "updated_datetime": iso8601(timezone.localtime(updated)),
            "expected_datetime": iso8601(end_of_day(due)) or None,
            "address": district_names.get(clue.place_region_code, ""),
            "address_id": "",
            "zipcode": "",
            "lat": _number(_coarse(clue.lat)),
            "long": _number(_coarse(clue.lng)),
            "media_url": "",
        }
        if mine:
            marks = reporters[clue.pk]
            item.update(
                description=redact_reporters(clue.content, marks),
                address=redact_reporters(clue.place, marks),
                address_id=row.address_id,
                zipcode=row.zipcode,
                lat=_number(clue.lat),
                long=_number(clue.lng),
                media_url=row.media_url,
            )
        out.append(item)
    return out
