"""待办: who sees which task (assigned, queue at own unit, queue below for 本单位及下级 roles),
claiming races, completion, closing for a subject, order and query count."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhifa.core.audit import Actor
from zhifa.core.errors import Conflict, ValidationError
from zhifa.worklist.models import Task, TaskStatus
from zhifa.worklist.selectors import task_list_for_user
from zhifa.worklist.services import task_claim, task_complete, task_create, tasks_close_for_subject

pytestmark = pytest.mark.django_db

SYSTEM = Actor(id=None, label="test")


def make_task(org: Any, **kw: Any) -> Task:
    defaults: dict[str, Any] = {"kind": "case.handle", "title": "办理案件"}
    defaults.update(kw)
    return task_create(actor=SYSTEM, subject=org, organisation=org, **defaults)


def test_a_task_needs_an_assignee_or_a_queue(org_world: Any) -> None:
    with pytest.raises(ValidationError):
        make_task(org_world.agency)
    with pytest.raises(ValidationError):
        make_task(org_world.agency, queue_role="team_leader")  # no queue organisation


def test_user_sees_assigned_tasks_and_queues_of_their_roles(org_world: Any, make_user: Any) -> None:
    child = org_world.agency_child
    officer = make_user(child, "officer")
    leader_child = make_user(child, "team_leader")
    leader_parent = make_user(org_world.agency, "team_leader")  # 本单位及下级
    legal_sibling = make_user(org_world.sibling, "legal_reviewer")
    mine = make_task(child, assignee=officer)
    queue = make_task(
        child, kind="approval", title="审批", queue_role="team_leader", queue_organisation=child
    )
    make_task(org_world.sibling, queue_role="team_leader", queue_organisation=org_world.sibling)
    make_task(child, queue_role="legal_reviewer", queue_organisation=child)

    assert [t.pk for t in task_list_for_user(officer)] == [mine.pk]
    assert [t.pk for t in task_list_for_user(leader_child)] == [queue.pk]
    assert [t.pk for t in task_list_for_user(leader_parent)] == [queue.pk]  # subtree reaches the child
    assert list(task_list_for_user(legal_sibling)) == []  # child is not under the sibling


def test_own_unit_roles_do_not_reach_units_below(org_world: Any, make_user: Any) -> None:
    source_manager = make_user(org_world.agency, "case_source_manager")  # 本单位
    make_task(
        org_world.agency_child, queue_role="case_source_manager", queue_organisation=org_world.agency_child
    )
    own = make_task(org_world.agency, queue_role="case_source_manager", queue_organisation=org_world.agency)
    assert [t.pk for t in task_list_for_user(source_manager)] == [own.pk]


def test_list_orders_due_first_then_newest_in_one_query(org_world: Any, make_user: Any) -> None:
    leader = make_user(org_world.agency, "team_leader")
    old = make_task(org_world.agency, assignee=leader)
    late = make_task(org_world.agency, assignee=leader, due_on=date(2026, 12, 31))
    soon = make_task(
        org_world.agency_child,
        queue_role="team_leader",
        queue_organisation=org_world.agency_child,
        due_on=date(2026, 12, 1),
    )
    new = make_task(org_world.agency, assignee=leader)
    with CaptureQueriesContext(connection) as ctx:
        rows = [(t.pk, t.organisation.name) for t in task_list_for_user(leader)]
    assert [pk for pk, _ in rows] == [soon.pk, late.pk, new.pk, old.pk]
    assert len(ctx.captured_queries) == 2  # the roles, then the page (organisation joined)


def test_claim_moves_a_queue_task_to_one_person(org_world: Any, make_user: Any) -> None:
    a = make_user(org_world.agency, "team_leader")
    b = make_user(org_world.agency, "team_leader")
    task = make_task(org_world.agency, queue_role="team_leader", queue_organisation=org_world.agency)
    claimed = task_claim(actor=Actor.of(a), task=task)
    assert claimed.assignee_id == a.pk
    assert task_claim(actor=Actor.of(a), task=task).assignee_id == a.pk  # idempotent for the winner
    with pytest.raises(Conflict, match="已由他人认领"):
        task_claim(actor=Actor.of(b), task=task)
    assert [t.pk for t in task_list_for_user(b)] == []
    assert [t.pk for t in task_list_for_user(a)] == [task.pk]


def test_complete_and_close_for_subject(org_world: Any, make_user: Any) -> None:
    officer = make_user(org_world.agency, "officer")
    t1 = make_task(org_world.agency, assignee=officer)
    done = task_complete(actor=Actor.of(officer), task=t1)
    assert (done.status, done.completed_by_id) == (TaskStatus.DONE, officer.pk)
    with pytest.raises(Conflict):
        task_complete(actor=Actor.of(officer), task=t1)
    make_task(org_world.agency, assignee=officer, kind="case.handle")
    make_task(org_world.agency, assignee=officer, kind="case.review")
    make_task(org_world.sibling, assignee=officer)
    assert tasks_close_for_subject(actor=SYSTEM, subject=org_world.agency, kind="case.review") == 1
    assert tasks_close_for_subject(actor=SYSTEM, subject=org_world.agency) == 1
    assert [t.subject_id for t in task_list_for_user(officer)] == [org_world.sibling.pk]
    assert list(task_list_for_user(officer, status="done")) == [done]
