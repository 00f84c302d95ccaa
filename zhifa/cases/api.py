"""行政处罚 API: every page action is also an endpoint. Reads are scoped like the pages; writes go
through case_register / case_transition, so the API and the UI obey the same gates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema

from zhifa.core.audit import Actor
from zhifa.core.errors import NotFound
from zhifa.orgs.models import Officer
from zhifa.orgs.scopes import require_perm
from zhifa.parties.selectors import party_detail_for_user
from zhifa.worklist.registry import approval_type_name
from zhifa.worklist.selectors import approval_runs_for_subject

from .models import Case
from .permissions import CasePerm
from .selectors import CaseFilters, case_get_for_user, case_list_for_user
from .services import case_available_actions, case_register, case_transition

router = Router(tags=["行政处罚"])


class ErrorOut(Schema):
    code: str
    message: str


ERRORS: dict[int, Any] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}


class CaseRow(Schema):
    id: int
    number: str
    procedure: str
    state: str
    state_label: str
    cause: str
    party_name: str
    organisation: str
    opened_on: dt.date | None
    version: int


class ActionOut(Schema):
    code: str
    label: str
    requires: list[str]


class PendingApprovalOut(Schema):
    id: int
    approval_type: str
    name: str
    step: str
    version: int


class CaseOut(CaseRow):
    procedure_version: str
    facts: str
    act_on: dt.date
    discovered_on: dt.date
    hearing_right: bool
    proposed_kinds: list[str]
    proposed_fine: Decimal | None
    decided_kinds: list[str]
    decided_fine: Decimal | None
    outcome: str
    supervision_flag: bool
    handlers: list[str]
    actions: list[ActionOut]
    pending_approvals: list[PendingApprovalOut]


class CasePage(Schema):
    items: list[CaseRow]
    page: int
    has_next: bool


class CaseFilterIn(Schema):
    q: str = ""
    state: str = ""
    procedure: str = ""
    open_only: bool = False
    page: int = 1


class CaseIn(Schema):
    party_id: int
    cause: str
    act_on: dt.date
    discovered_on: dt.date
    officer_ids: list[int]
    procedure: str = "general"
    source: str = "inspection"
    facts: str = ""
    place: str = ""


class ActionIn(Schema):
    version: int
    data: dict[str, Any] = {}


def _row(case: Case) -> dict[str, Any]:
    return {
        "id": case.pk,
        "number": case.number,
        "procedure": case.procedure,
        "state": case.state,
        "state_label": case.get_state_display(),
        "cause": case.cause,
        "party_name": case.party_name,
        "organisation": case.organisation.name,
        "opened_on": case.opened_on,
        "version": case.version,
    }


def _detail(request: HttpRequest, case: Case) -> dict[str, Any]:
    handlers = list(case.handlers.all())
    runs = [r for r in approval_runs_for_subject(case) if r.status == "pending"]
    actions = case_available_actions(
        request.user, case, handlers=handlers, pending_approvals={r.approval_type for r in runs}
    )
    return {
        **_row(case),
        "procedure_version": case.procedure_version,
        "facts": case.facts,
        "act_on": case.act_on,
        "discovered_on": case.discovered_on,
        "hearing_right": case.hearing_right,
        "proposed_kinds": case.proposed_kinds,
        "proposed_fine": case.proposed_fine,
        "decided_kinds": case.decided_kinds,
        "decided_fine": case.decided_fine,
        "outcome": case.outcome,
        "supervision_flag": case.supervision_flag,
        "handlers": [h.officer.name for h in handlers],
        "actions": [{"code": a.code, "label": a.label, "requires": list(a.requires)} for a in actions],
        # decided through POST /api/worklist/approvals/{id}/decide by the step's role
        "pending_approvals": [
            {
                "id": r.pk,
                "approval_type": r.approval_type,
                "name": approval_type_name(r.approval_type),
                "step": r.steps[r.current_step]["label"],
                "version": r.version,
            }
            for r in runs
        ],
    }


@router.get("/", response={200: CasePage, **ERRORS}, summary="案件列表")
def list_cases(request: HttpRequest, filters: Query[CaseFilterIn]) -> dict[str, Any]:
    require_perm(request.user, CasePerm.VIEW)
    page = max(1, filters.page)
    qs = case_list_for_user(
        request.user,
        CaseFilters(
            q=filters.q, state=filters.state, procedure=filters.procedure, open_only=filters.open_only
        ),
    )
    rows = list(qs[(page - 1) * 20 : page * 20 + 1])
    return {"items": [_row(c) for c in rows[:20]], "page": page, "has_next": len(rows) > 20}


@router.get("/{case_id}", response={200: CaseOut, **ERRORS}, summary="案件详情（含可办理的操作）")
def get_case(request: HttpRequest, case_id: int) -> dict[str, Any]:
    return _detail(request, case_get_for_user(request.user, case_id))


@router.post("/", response={201: CaseOut, **ERRORS}, summary="登记案件")
def register_case(request: HttpRequest, payload: CaseIn) -> tuple[int, dict[str, Any]]:
    require_perm(request.user, CasePerm.HANDLE)
    user: Any = request.user
    party = party_detail_for_user(user, payload.party_id)
    officers = list(Officer.objects.filter(organisation_id=user.organisation_id, pk__in=payload.officer_ids))
    if len(officers) != len(set(payload.officer_ids)):
        raise NotFound("承办人员不存在或不属于本单位")
    order = {pk: i for i, pk in enumerate(payload.officer_ids)}
    officers.sort(key=lambda o: order[o.pk])
    case = case_register(
        actor=Actor.of(user),
        organisation=user.organisation,
        party=party,
        cause=payload.cause,
        act_on=payload.act_on,
        discovered_on=payload.discovered_on,
        officers=officers,
        procedure=payload.procedure,
        source=payload.source,
        facts=payload.facts,
        place=payload.place,
    )
    return 201, _detail(request, case_get_for_user(user, case.pk))


@router.post(
    "/{case_id}/actions/{action}", response={200: CaseOut, **ERRORS}, summary="办理操作（立案、告知、决定……）"
)
def act_on_case(request: HttpRequest, case_id: int, action: str, payload: ActionIn) -> dict[str, Any]:
    """`version` is the case version the client read; a stale one gives 409 stale_case and changes nothing.
    A failed gate gives 422 gate_failed with the Chinese reasons."""
    case_transition(
        actor=Actor.of(request.user),
        user=request.user,
        case_id=case_id,
        action=action,
        version=payload.version,
        data=payload.data,
    )
    return _detail(request, case_get_for_user(request.user, case_id))
