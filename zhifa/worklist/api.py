"""/api/worklist/: my tasks, claim, an approval run and its decision, a subject's deadlines.

Reads authorise through the subject (`zhifa.core.subjects.access_subject`): a run or deadline of a
subject outside the caller's scope answers 404 like a missing one. Errors: {code, message}."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from zhifa.core.audit import Actor
from zhifa.core.errors import Conflict

from .models import ApprovalRun, Deadline, Task
from .selectors import (
    approval_run_for_user,
    deadline_badge,
    deadlines_for_user,
    task_for_user,
    task_list_for_user,
)
from .services.approvals import approval_decide
from .services.tasks import task_claim

router = Router(tags=["待办与期限"])

MAX_PAGE_SIZE = 100


class ErrorOut(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] | None = None
    extra: dict[str, Any] | None = None


ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class TaskOut(Schema):
    id: int
    kind: str
    title: str
    subject_type: str
    subject_id: int
    organisation_id: int
    organisation_name: str
    assignee_id: int | None
    queue_role: str
    queue_organisation_id: int | None
    status: str
    due_on: dt.date | None
    url: str
    approval_run_id: int | None
    created_at: dt.datetime


class TaskPageOut(Schema):
    items: list[TaskOut]
    page: int
    page_size: int
    has_next: bool


class PageIn(Schema):
    page: int = Field(1, ge=1)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


class DecisionOut(Schema):
    step_index: int
    role: str
    label: str
    decided_by_id: int
    decision: str
    comment: str
    decided_at: dt.datetime
    payload_digest: str
    signature: str
    public_key: str


class RunOut(Schema):
    id: int
    subject_type: str
    subject_id: int
    subject_title: str
    organisation_id: int
    approval_type: str
    steps: list[dict[str, str]]
    status: str
    current_step: int
    summary: dict[str, Any]
    started_by_id: int | None
    started_at: dt.datetime
    finished_at: dt.datetime | None
    version: int
    decisions: list[DecisionOut]


class DecideIn(Schema):
    decision: Literal["approve", "reject"]
    comment: str = ""
    version: int | None = Field(None, description="读取时的版本号；提供时若已变化返回409")


class DeadlineOut(Schema):
    id: int
    rule_code: str
    title: str
    basis: str
    amount: int
    unit: str
    started_on: dt.date
    due_on: dt.date
    state: str
    provisional: bool
    met_on: dt.date | None
    badge_colour: str
    badge_label: str
    days_left: int


def _actor(request: HttpRequest) -> Actor:
    return Actor.of(request.user, ip=str(request.META.get("REMOTE_ADDR", "")))


def _task(t: Task) -> dict[str, Any]:
    return {
        "id": t.pk,
        "kind": t.kind,
        "title": t.title,
        "subject_type": t.subject_type,
        "subject_id": t.subject_id,
        "organisation_id": t.organisation_id,
        "organisation_name": t.organisation.name,
        "assignee_id": t.assignee_id,
        "queue_role": t.queue_role,
        "queue_organisation_id": t.queue_organisation_id,
        "status": t.status,
        "due_on": t.due_on,
        "url": t.url,
        "approval_run_id": t.approval_run_id,
        "created_at": t.created_at,
    }


def _run(run: ApprovalRun) -> dict[str, Any]:
    decisions = [
        {
            "step_index": d.step_index,
            "role": d.role,
            "label": d.label,
            "decided_by_id": d.decided_by_id,
            "decision": d.decision,
            "comment": d.comment,
            "decided_at": d.decided_at,
            "payload_digest": d.payload_digest,
            "signature": d.signature,
            "public_key": d.public_key,
        }
        for d in run.decisions.order_by("step_index")
    ]
    return {
        "id": run.pk,
        "subject_type": run.subject_type,
        "subject_id": run.subject_id,
        "subject_title": run.subject_title,
        "organisation_id": run.organisation_id,
        "approval_type": run.approval_type,
        "steps": run.steps,
        "status": run.status,
        "current_step": run.current_step,
        "summary": run.summary,
        "started_by_id": run.started_by_id,
        "started_at": run.started_at,
        "finished_at": run.finished_at,
        "version": run.version,
        "decisions": decisions,
    }


def _deadline(d: Deadline) -> dict[str, Any]:
    badge = deadline_badge(d)
    return {
        "id": d.pk,
        "rule_code": d.rule_code,
        "title": d.title,
        "basis": d.basis,
        "amount": d.amount,
        "unit": d.unit,
        "started_on": d.started_on,
        "due_on": d.due_on,
        "state": d.state,
        "provisional": d.provisional,
        "met_on": d.met_on,
        "badge_colour": badge.colour,
        "badge_label": badge.label,
        "days_left": badge.days_left,
    }


@router.get("/tasks", response={200: TaskPageOut, **ERRORS}, summary="我的待办")
def list_tasks(request: HttpRequest, paging: Query[PageIn]) -> dict[str, Any]:
    start = (paging.page - 1) * paging.page_size
    rows = list(task_list_for_user(request.user)[start : start + paging.page_size + 1])
    return {
        "items": [_task(t) for t in rows[: paging.page_size]],
        "page": paging.page,
        "page_size": paging.page_size,
        "has_next": len(rows) > paging.page_size,
    }


@router.post("/tasks/{task_id}/claim", response={200: TaskOut, 409: ErrorOut, **ERRORS}, summary="认领待办")
def claim_task(request: HttpRequest, task_id: int) -> dict[str, Any]:
    task = task_for_user(request.user, task_id)
    return _task(task_claim(actor=_actor(request), task=task))


@router.get("/approvals/{run_id}", response={200: RunOut, **ERRORS}, summary="审批详情")
def get_approval(request: HttpRequest, run_id: int) -> dict[str, Any]:
    return _run(approval_run_for_user(request.user, run_id))


@router.post(
    "/approvals/{run_id}/decide",
    response={200: RunOut, 409: ErrorOut, 422: ErrorOut, **ERRORS},
    summary="提交审批意见（SM2签名）",
)
def decide_approval(request: HttpRequest, run_id: int, payload: DecideIn) -> dict[str, Any]:
    run = approval_run_for_user(request.user, run_id)
    if payload.version is not None and payload.version != run.version:
        raise Conflict("该审批已由他人处理，请刷新")
    run = approval_decide(
        actor=_actor(request),
        user=request.user,  # type: ignore[arg-type]
        run=run,
        decision=payload.decision,
        comment=payload.comment,
    )
    return _run(run)


@router.get("/deadlines", response={200: list[DeadlineOut], **ERRORS}, summary="对象的期限")
def list_deadlines(request: HttpRequest, subject_type: str, subject_id: int) -> list[dict[str, Any]]:
    return [_deadline(d) for d in deadlines_for_user(request.user, subject_type, subject_id)]
