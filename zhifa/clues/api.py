"""/api/clues/: list, detail (reporters masked unless the caller may see them), register, actions.
Out of scope = 404 like a missing clue; errors are `{code, message}` (config/api.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.responses import Status

from zhifa.orgs.scopes import require_perm
from zhifa.orgs.views.common import actor_of

from . import services
from .choices import CluePriority, ReplyChannel
from .models import Clue
from .permissions import CluePerm
from .selectors import clue_content_for_user, clue_get_for_user, clue_list_for_user

router = Router(tags=["线索管理"])


class ErrorOut(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] | None = None


ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class ClueRow(Schema):
    id: int
    number: str
    channel: str
    state: str
    violation: str
    party_name: str
    domain: str
    priority: str
    received_at: dt.datetime
    organisation_id: int
    handling_unit_id: int | None
    case_id: int | None
    merged_into_id: int | None


class CluePage(Schema):
    count: int
    items: list[ClueRow]


class ReporterOut(Schema):
    name: str
    phone: str
    email: str
    id_number: str
    channel: str
    masked: bool


class ClueOut(ClueRow):
    place: str
    content: str
    reject_reason: str
    outcome: str
    suggestion: dict[str, Any]
    reporters: list[ReporterOut]


class FilterIn(Schema):
    channel: str = ""
    state: str = ""
    domain: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    q: str = ""
    limit: int = 20
    offset: int = 0


class ReporterIn(Schema):
    name: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    id_number: str = ""
    channel: str = ReplyChannel.SMS
    wants_reply: bool = True
    anonymous: bool = False


class ClueIn(Schema):
    channel: str
    violation: str
    received_at: dt.datetime | None = None
    content: str = ""
    party_name: str = ""
    place: str = ""
    place_region_code: str = ""
    lat: Decimal | None = None
    lng: Decimal | None = None
    domain: str = ""
    priority: str = CluePriority.NORMAL
    occurred_on: dt.date | None = None
    reporters: list[ReporterIn] = []


class ActionIn(Schema):
    unit: int | None = None
    officer: int | None = None
    time_limit_days: int | None = None
    into: int | None = None
    outcome: str = ""
    note: str = ""
    content: str = ""


class ActionOut(Schema):
    message: str
    clue: ClueOut


def _row(clue: Clue) -> dict[str, Any]:
    return {f: getattr(clue, f) for f in ClueRow.model_fields}


def _detail(request: HttpRequest, clue: Clue) -> dict[str, Any]:
    reporters = services.clue_reporters_for_user(actor=actor_of(request), user=request.user, clue=clue)
    return {
        **_row(clue),
        "place": clue.place,
        "content": clue_content_for_user(request.user, clue),
        "reject_reason": clue.reject_reason,
        "outcome": clue.outcome,
        "suggestion": clue.suggestion,
        "reporters": [r.__dict__ for r in reporters],
    }


@router.get("/", response={200: CluePage, **ERRORS}, summary="线索列表")
def list_clues(request: HttpRequest, filters: Query[FilterIn]) -> dict[str, Any]:
    require_perm(request.user, CluePerm.VIEW)
    data = filters.dict()
    limit, offset = max(1, min(int(data.pop("limit")), 100)), max(0, int(data.pop("offset")))
    qs = clue_list_for_user(request.user, **{k: v for k, v in data.items() if v not in (None, "")})
    return {"count": qs.count(), "items": [_row(c) for c in qs[offset : offset + limit]]}


@router.get("/{clue_id}", response={200: ClueOut, **ERRORS}, summary="线索详情")
def get_clue(request: HttpRequest, clue_id: int) -> dict[str, Any]:
    return _detail(request, clue_get_for_user(request.user, clue_id))


@router.post("/", response={201: ClueOut, **ERRORS}, summary="登记线索")
def register_clue(request: HttpRequest, payload: ClueIn) -> Status:
    require_perm(request.user, CluePerm.REGISTER)
    user: Any = request.user
    data = payload.dict()
    reporters = [services.ReporterInput(**r) for r in data.pop("reporters")]
    clue = services.clue_register(
        actor=actor_of(request), organisation=user.organisation, reporters=reporters, **data
    )
    return Status(201, _detail(request, clue))


@router.post("/{clue_id}/actions/{action}", response={200: ActionOut, **ERRORS}, summary="办理线索")
def act_on_clue(request: HttpRequest, clue_id: int, action: str, payload: ActionIn) -> dict[str, Any]:
    from .views import clue_do

    clue = clue_get_for_user(request.user, clue_id)
    message = clue_do(request.user, actor_of(request), clue, action, payload.dict())
    return {"message": message, "clue": _detail(request, clue_get_for_user(request.user, clue_id))}
