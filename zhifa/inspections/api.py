"""API of the inspections app: the draw, the inspection, and its execution."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from zhifa.orgs.views.common import actor_of

from .selectors import inspection_get_for_execution, inspection_get_for_user, plan_get_for_planning
from .services import inspection_draw, inspection_finish, inspection_record

router = Router(tags=["行政检查"])


class Error(Schema):
    code: str
    message: str


class DrawIn(Schema):
    seed: int | None = None


class DrawOut(Schema):
    id: int
    seed: int
    digest: str
    candidate_count: int
    target_ids: list[int]
    teams: list[list[int]]


class ResultOut(Schema):
    id: int
    position: int
    text: str
    legal_basis: str
    result: str
    note: str


class InspectionOut(Schema):
    id: int
    party_name: str
    state: str
    findings: str
    warnings: list[str]
    case_id: int | None
    clue_id: int | None
    results: list[ResultOut]


class ResultIn(Schema):
    id: int
    result: str
    note: str = ""


class RecordIn(Schema):
    results: list[ResultIn] = []
    findings: str | None = None
    place: str | None = None
    present: str | None = None


class FinishIn(Schema):
    party_signature: str
    officer_signatures: list[str]
    open_case: bool | None = None  # None: a failed item opens a case
    rectify_due_on: dt.date | None = None  # 责令改正: the correction deadline (issues and serves 03.11)
    rectify_requirements: str = ""
    open_clue: bool = False  # 移交线索 (检查发现) instead of 立案


ERRORS = {403: Error, 404: Error, 409: Error, 422: Error}


def _out(inspection: object) -> dict[str, object]:
    i = inspection
    return {
        "id": i.pk,  # type: ignore[attr-defined]
        "party_name": i.party_name,  # type: ignore[attr-defined]
        "state": i.state,  # type: ignore[attr-defined]
        "findings": i.findings,  # type: ignore[attr-defined]
        "warnings": i.warnings,  # type: ignore[attr-defined]
        "case_id": i.case_id,  # type: ignore[attr-defined]
        "clue_id": i.clue_id,  # type: ignore[attr-defined]
        "results": list(i.results.order_by("position")),  # type: ignore[attr-defined]
    }


@router.post("/plans/{plan_id}/draw", response={200: DrawOut, **ERRORS})
def draw(request: HttpRequest, plan_id: int, payload: DrawIn) -> object:
    plan = plan_get_for_planning(request.user, plan_id)
    return inspection_draw(actor=actor_of(request), plan=plan, seed=payload.seed)


@router.get("/inspections/{pk}", response={200: InspectionOut, **ERRORS})
def inspection_get(request: HttpRequest, pk: int) -> object:
    return _out(inspection_get_for_user(request.user, pk))


@router.post("/inspections/{pk}/record", response={200: InspectionOut, **ERRORS})
def inspection_record_api(request: HttpRequest, pk: int, payload: RecordIn) -> object:
    inspection = inspection_get_for_execution(request.user, pk)
    done = inspection_record(
        actor=actor_of(request),
        inspection=inspection,
        results={r.id: (r.result, r.note) for r in payload.results},
        findings=payload.findings,
        place=payload.place,
        present=payload.present,
    )
    return _out(done)


@router.post("/inspections/{pk}/finish", response={200: InspectionOut, **ERRORS})
def inspection_finish_api(request: HttpRequest, pk: int, payload: FinishIn) -> object:
    inspection = inspection_get_for_execution(request.user, pk)
    done = inspection_finish(
        actor=actor_of(request),
        inspection=inspection,
        party_signature=payload.party_signature,
        officer_signatures=payload.officer_signatures,
        open_case=payload.open_case,
        rectify_due_on=payload.rectify_due_on,
        rectify_requirements=payload.rectify_requirements,
        open_clue=payload.open_clue,
    )
    return _out(done)
