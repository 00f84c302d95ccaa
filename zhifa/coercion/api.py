"""/api/coercion/: list and detail of measures (查封、扣押、冻结) and enforcements (行政强制执行), each
through the app's scoped selectors (out of scope = 404 like a missing row); errors are `{code,
message}` (config/api.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema

from zhifa.core.errors import PermissionDenied
from zhifa.orgs.scopes import has_perm
from zhifa.worklist.services import deadlines_for_subject

from .models import Enforcement, Measure
from .paperwork import documents_of
from .permissions import CoercionPerm
from .selectors import (
    enforcement_get_for_user,
    enforcement_list_for_user,
    measure_get_for_user,
    measure_list_for_user,
)

router = Router(tags=["行政强制"])


class ErrorOut(Schema):
    code: str
    message: str


ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class DeadlineOut(Schema):
    rule_code: str
    title: str
    basis: str
    started_on: dt.date
    due_on: dt.date
    state: str


class DocumentOut(Schema):
    id: int
    type_code: str
    title: str
    number: str
    status: str


class MeasureRow(Schema):
    id: int
    kind: str
    state: str
    party_name: str
    case_id: int | None
    case_number: str
    organisation_id: int
    urgent: bool
    started_at: dt.datetime | None
    ends_on: dt.date | None


class MeasureOut(MeasureRow):
    reason: str
    place: str
    items: list[dict[str, Any]]
    extended: bool
    released_on: dt.date | None
    release_reason: str
    testing_periods: list[dict[str, Any]]
    deadlines: list[DeadlineOut]
    documents: list[DocumentOut]


class EnforcementRow(Schema):
    id: int
    kind: str
    route: str
    state: str
    party_name: str
    case_id: int | None
    case_number: str
    organisation_id: int
    principal: Decimal | None
    demand_due_on: dt.date | None


class EnforcementOut(EnforcementRow):
    obligation: str
    demand_served_on: dt.date | None
    statement: str
    statement_review: str
    statement_adopted: bool | None
    measure_text: str
    major: bool
    major_reasons: list[str]
    substitute_state: str
    enforced_at: dt.datetime | None
    emergency: bool
    agreement_plan: list[dict[str, Any]]
    suspended_on: dt.date | None
    terminated_on: dt.date | None
    court_applied_on: dt.date | None
    court_accepted_on: dt.date | None
    court_ruled_on: dt.date | None
    court_outcome: str
    executed_on: dt.date | None
    deadlines: list[DeadlineOut]
    documents: list[DocumentOut]


class MeasurePage(Schema):
    count: int
    items: list[MeasureRow]


class EnforcementPage(Schema):
    count: int
    items: list[EnforcementRow]


class MeasureFilter(Schema):
    kind: str = ""
    state: str = ""
    expiring: bool = False
    limit: int = 20
    offset: int = 0


class EnforcementFilter(Schema):
    kind: str = ""
    state: str = ""
    organisation: int | None = None
    limit: int = 20
    offset: int = 0


def _require_view(request: HttpRequest) -> None:
    if not has_perm(request.user, CoercionPerm.VIEW):
        raise PermissionDenied("您没有行政强制的查询权限")


def _window(limit: int, offset: int) -> tuple[int, int]:
    return max(1, min(limit, 100)), max(0, offset)


def _fields(row: Any, schema: type[Schema]) -> dict[str, Any]:
    return {f: getattr(row, f) for f in schema.model_fields if hasattr(row, f)}


def _extras(row: Measure | Enforcement) -> dict[str, Any]:
    return {
        "deadlines": [_fields(d, DeadlineOut) for d in deadlines_for_subject(row)],
        "documents": [_fields(d, DocumentOut) for d in documents_of(row)],
    }


@router.get("/measures/", response={200: MeasurePage, **ERRORS}, summary="行政强制措施列表")
def list_measures(request: HttpRequest, filters: Query[MeasureFilter]) -> dict[str, Any]:
    _require_view(request)
    limit, offset = _window(filters.limit, filters.offset)
    qs = measure_list_for_user(
        request.user, kind=filters.kind, state=filters.state, expiring=filters.expiring
    )
    return {"count": qs.count(), "items": [_fields(m, MeasureRow) for m in qs[offset : offset + limit]]}


@router.get("/measures/{measure_id}", response={200: MeasureOut, **ERRORS}, summary="行政强制措施详情")
def get_measure(request: HttpRequest, measure_id: int) -> dict[str, Any]:
    row = measure_get_for_user(request.user, measure_id)
    return {**_fields(row, MeasureOut), **_extras(row)}


@router.get("/enforcements/", response={200: EnforcementPage, **ERRORS}, summary="行政强制执行列表")
def list_enforcements(request: HttpRequest, filters: Query[EnforcementFilter]) -> dict[str, Any]:
    _require_view(request)
    limit, offset = _window(filters.limit, filters.offset)
    qs = enforcement_list_for_user(
        request.user, kind=filters.kind, state=filters.state, organisation=filters.organisation
    )
    return {"count": qs.count(), "items": [_fields(e, EnforcementRow) for e in qs[offset : offset + limit]]}


@router.get(
    "/enforcements/{enforcement_id}", response={200: EnforcementOut, **ERRORS}, summary="行政强制执行详情"
)
def get_enforcement(request: HttpRequest, enforcement_id: int) -> dict[str, Any]:
    row = enforcement_get_for_user(request.user, enforcement_id)
    data = {**_fields(row, EnforcementOut), **_extras(row)}
    from .services.enforcement_common import demand_served_on

    data["demand_served_on"] = demand_served_on(row)
    return data
