"""Writes of 待办 tasks: create, claim (queue → one person), complete, close for a subject."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from zhifa.core.audit import Actor, audit_append
from zhifa.core.errors import Conflict, ValidationError
from zhifa.orgs.models import Organisation, User

from ..models import Task, TaskStatus
from .common import subject_ref


def _payload(task: Task, **extra: Any) -> dict[str, Any]:
    return {
        "subject": f"{task.subject_type}:{task.subject_id}",
        "kind": task.kind,
        "title": task.title,
        "assignee_id": task.assignee_id,
        "queue_role": task.queue_role,
        "queue_organisation_id": task.queue_organisation_id,
        **extra,
    }


def task_create(
    *,
    actor: Actor,
    subject: models.Model,
    organisation: Organisation,
    kind: str,
    title: str,
    assignee: User | None = None,
    queue_role: str = "",
    queue_organisation: Organisation | None = None,
    due_on: date | None = None,
    url: str = "",
) -> Task:
    """A task for one person (`assignee`) or for a queue (`queue_role` at `queue_organisation`)."""
    ref = subject_ref(subject)
    return create_task_row(
        actor=actor,
        subject_type=ref.subject_type,
        subject_id=ref.subject_id,
        organisation=organisation,
        kind=kind,
        title=title,
        assignee=assignee,
        queue_role=queue_role,
        queue_organisation=queue_organisation,
        due_on=due_on,
        url=url,
    )


def create_task_row(
    *,
    actor: Actor,
    subject_type: str,
    subject_id: int,
    organisation: Organisation,
    kind: str,
    title: str,
    assignee: User | None = None,
    queue_role: str = "",
    queue_organisation: Organisation | None = None,
    due_on: date | None = None,
    url: str = "",
    approval_run_id: int | None = None,
    approval_step: int | None = None,
) -> Task:
    if assignee is None and not (queue_role and queue_organisation is not None):
        raise ValidationError("待办须指定办理人或队列（角色和单位）")
    if not title.strip() or not kind.strip():
        raise ValidationError("待办须有类型和事项名称")
    with transaction.atomic():
        task = Task.objects.create(
            subject_type=subject_type,
            subject_id=subject_id,
            organisation=organisation,
            region_code=organisation.region_code,
            kind=kind[:40],
            title=title.strip()[:200],
            assignee=assignee,
            queue_role=queue_role,
            queue_organisation=queue_organisation,
            due_on=due_on,
            url=url[:300],
            approval_run_id=approval_run_id,
            approval_step=approval_step,
        )
        audit_append(actor=actor, action="worklist.task.create", subject=task, payload=_payload(task))
    return task


def task_claim(*, actor: Actor, task: Task) -> Task:
    """Take a queue task: it becomes the actor's. Conflict when someone else took it first."""
    if actor.id is None:
        raise ValidationError("认领待办须由登录用户操作")
    with transaction.atomic():
        # One conditional UPDATE decides the race on every database.
        won = Task.objects.filter(pk=task.pk, status=TaskStatus.OPEN, assignee__isnull=True).update(
            assignee_id=actor.id
        )
        current = Task.objects.select_related("organisation").get(pk=task.pk)
        if not won:
            if current.status == TaskStatus.OPEN and current.assignee_id == actor.id:
                return current
            raise Conflict("该待办已由他人认领或已办结，请刷新")
        audit_append(actor=actor, action="worklist.task.claim", subject=current, payload=_payload(current))
    return current


def task_complete(*, actor: Actor, task: Task) -> Task:
    with transaction.atomic():
        now = timezone.now()
        done = Task.objects.filter(pk=task.pk, status=TaskStatus.OPEN).update(
            status=TaskStatus.DONE, completed_by_id=actor.id, completed_at=now
        )
        if not done:
            raise Conflict("该待办已办结或已取消，请刷新")
        current = Task.objects.get(pk=task.pk)
        audit_append(actor=actor, action="worklist.task.complete", subject=current, payload=_payload(current))
    return current


def tasks_close_for_subject(*, actor: Actor, subject: models.Model, kind: str | None = None) -> int:
    """Cancel the subject's open tasks (of one kind when given), e.g. when a case is closed."""
    ref = subject_ref(subject)
    with transaction.atomic():
        qs = Task.objects.filter(
            subject_type=ref.subject_type, subject_id=ref.subject_id, status=TaskStatus.OPEN
        )
        if kind is not None:
            qs = qs.filter(kind=kind)
        ids = list(qs.select_for_update().values_list("pk", flat=True))
        closed = Task.objects.filter(pk__in=ids).update(
            status=TaskStatus.CANCELLED, completed_by_id=actor.id, completed_at=timezone.now()
        )
        if closed:
            audit_append(
                actor=actor,
                action="worklist.task.close_for_subject",
                subject=(ref.subject_type, str(ref.subject_id)),
                payload={"kind": kind, "task_ids": ids},
            )
    return closed
