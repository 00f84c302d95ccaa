"""Reads of the worklist: my tasks (assigned + my roles' queues), approvals, deadline badges."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import connection, models
from django.db.models import F, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from zhifa.core.errors import NotFound
from zhifa.core.subjects import access_subject
from zhifa.orgs.models import Organisation, UserRole

from .models import ApprovalRun, Deadline, Task
from .rules import Badge, badge_for
from .services.approvals import REACHES_BELOW
from .services.common import subject_ref


def _subtree_sql(organisation_id: int) -> RawSQL:
    """The unit and its descendants as an inline recursive CTE (same SQL as
    zhifa.orgs.scopes.organisation_subtree_ids, kept inside the page query)."""
    table = connection.ops.quote_name(Organisation._meta.db_table)
    return RawSQL(  # noqa: S611 - constant SQL over the model's own table; the id is a parameter
        f"WITH RECURSIVE wl_subtree(id) AS (SELECT id FROM {table} WHERE id = %s "  # noqa: S608 - model table
        f"UNION SELECT o.id FROM {table} o INNER JOIN wl_subtree s ON o.parent_id = s.id) "
        "SELECT id FROM wl_subtree",
        [organisation_id],
    )


def task_list_for_user(user: Any, *, status: str = "open") -> QuerySet[Task]:
    """Tasks assigned to `user`, plus unclaimed queue tasks whose role the user holds at their unit
    (or, for roles whose scope reaches below — 本单位及下级 — at a unit of their subtree).
    One query for the roles, one for the page. Order: due first (no due date last), then newest."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Task.objects.none()
    q = Q(assignee_id=user.pk)
    if user.organisation_id:
        roles = list(UserRole.objects.filter(user_id=user.pk).values_list("role__code", "role__data_scope"))
        below = sorted({code for code, scope in roles if scope in REACHES_BELOW})
        own_only = sorted({code for code, _ in roles} - set(below))
        if own_only:
            q |= Q(assignee__isnull=True, queue_role__in=own_only, queue_organisation_id=user.organisation_id)
        if below:
            q |= Q(
                assignee__isnull=True,
                queue_role__in=below,
                queue_organisation_id__in=_subtree_sql(user.organisation_id),
            )
    return (
        Task.objects.filter(q, status=status)
        .select_related("organisation", "assignee")
        .order_by(F("due_on").asc(nulls_last=True), "-created_at", "-pk")
    )


def task_for_user(user: Any, task_id: int) -> Task:
    """One open task from the user's list (assigned or in one of their queues), else NotFound."""
    task = task_list_for_user(user).filter(pk=task_id).first()
    if task is None:
        raise NotFound()
    return task


def pending_approvals_for_user(user: Any) -> QuerySet[ApprovalRun]:
    """Pending runs whose current step is in the user's tasks (claimed or in a queue of theirs)."""
    run_ids = task_list_for_user(user).filter(kind="approval").values("approval_run_id")
    return ApprovalRun.objects.filter(pk__in=run_ids, status="pending").select_related("organisation")


def approval_runs_for_subject(subject: models.Model) -> list[ApprovalRun]:
    ref = subject_ref(subject)
    return list(
        ApprovalRun.objects.filter(subject_type=ref.subject_type, subject_id=ref.subject_id)
        .prefetch_related("decisions__decided_by")
        .order_by("-started_at", "-pk")
    )


def approval_run_for_user(user: Any, run_id: int) -> ApprovalRun:
    """A run the user may read: authorised through its subject (access_subject), else NotFound."""
    run = ApprovalRun.objects.select_related("organisation").filter(pk=run_id).first()
    if run is None:
        raise NotFound()
    access_subject(user, run.subject_type, run.subject_id)
    return run


def deadlines_for_user(user: Any, subject_type: str, subject_id: int) -> list[Deadline]:
    """The deadlines of a subject the user may read (access_subject authorises)."""
    access_subject(user, subject_type, subject_id)
    return list(
        Deadline.objects.filter(subject_type=subject_type, subject_id=subject_id).order_by("due_on", "pk")
    )


def deadline_badge(deadline: Deadline, today: date | None = None) -> Badge:
    """blue = running, yellow = due within the rule's lead (or today), red = overdue, grey = met,
    cancelled or suspended; computed from today's date, not the last refresh."""
    return badge_for(
        state=deadline.state,
        due_on=deadline.due_on,
        due_soon_days=deadline.due_soon_days,
        today=today or timezone.localdate(),
    )


def due_badge(due_on: date, today: date | None = None, *, due_soon_days: int = 3) -> Badge:
    """The badge of a task's due date."""
    return badge_for(
        state="running", due_on=due_on, due_soon_days=due_soon_days, today=today or timezone.localdate()
    )
