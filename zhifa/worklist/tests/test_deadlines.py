"""Deadline services: start (idempotent, fail closed), suspend/resume, extend, meet, refresh
colours set-based, alert settings, recompute after a holiday change, the command's JSON line."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhifa.core.audit import Actor
from zhifa.core.errors import CalendarYearUnknown, Conflict, ValidationError
from zhifa.core.models import AuditEvent
from zhifa.core.services import holiday_set
from zhifa.core.workdays import PeriodUnit
from zhifa.worklist.models import Deadline, DeadlineState
from zhifa.worklist.rules import DeadlineRule
from zhifa.worklist.selectors import deadline_badge
from zhifa.worklist.services import (
    deadline_alert_setting_set,
    deadline_cancel,
    deadline_extend,
    deadline_meet,
    deadline_meet_rule,
    deadline_resume,
    deadline_resume_rule,
    deadline_start,
    deadline_suspend,
    deadline_suspend_rule,
    deadlines_for_subject,
    deadlines_recompute,
    deadlines_recompute_if_calendar_changed,
    deadlines_refresh,
    open_deadline,
)

pytestmark = pytest.mark.django_db

ACTOR = Actor(id=None, label="test")
DECISION = DeadlineRule(
    "penalty.decision", "作出处罚决定期限", 90, PeriodUnit.CALENDAR_DAYS, "行政处罚法 第60条"
)
HEARING = DeadlineRule(
    "penalty.hearing_request", "听证申请期限", 5, PeriodUnit.WORKING_DAYS, "行政处罚法 第64条", 1
)


@pytest.fixture
def subject(org_world: Any) -> Any:
    return org_world.agency_child


def start(subject: Any, rule: DeadlineRule = DECISION, on: date = date(2026, 3, 2)) -> Deadline:
    return deadline_start(actor=ACTOR, subject=subject, organisation=subject, rule=rule, started_on=on)


def test_start_computes_the_due_date_and_copies_the_rule(subject: Any) -> None:
    d = start(subject)
    assert (d.subject_type, d.subject_id) == ("orgs.organisation", subject.pk)
    assert d.region_code == subject.region_code == "440303"
    assert (d.due_on, d.basis, d.amount, d.unit) == (date(2026, 6, 1), "行政处罚法 第60条", 90, "cd")
    assert AuditEvent.objects.filter(action="worklist.deadline.start", subject_id=str(d.pk)).count() == 1


def test_starting_the_same_rule_twice_returns_the_open_one_unchanged(subject: Any) -> None:
    first = start(subject)
    again = start(subject, on=date(2026, 4, 1))
    assert again.pk == first.pk
    assert again.due_on == date(2026, 6, 1)
    assert Deadline.objects.count() == 1
    deadline_meet(actor=ACTOR, deadline=first, on=date(2026, 5, 1))
    assert start(subject, on=date(2026, 5, 2)).pk != first.pk  # a met clock does not block a new one


def test_working_day_deadline_into_2027_fails_closed_and_writes_nothing(subject: Any) -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(CalendarYearUnknown, match="2027年的法定节假日"):
        start(subject, HEARING, on=date(2026, 12, 28))
    assert Deadline.objects.count() == 0
    assert AuditEvent.objects.count() == before


def test_suspend_then_resume_pushes_the_due_date_by_the_days_suspended(subject: Any) -> None:
    d = start(subject)
    d = deadline_suspend(actor=ACTOR, deadline=d, reason="举行听证", on=date(2026, 4, 1))
    assert d.state == DeadlineState.SUSPENDED
    with pytest.raises(Conflict):
        deadline_suspend(actor=ACTOR, deadline=d, reason="again", on=date(2026, 4, 2))
    d = deadline_resume(actor=ACTOR, deadline=d, on=date(2026, 4, 11))
    assert d.due_on == date(2026, 6, 10)
    assert d.state in (DeadlineState.RUNNING, DeadlineState.DUE_SOON, DeadlineState.OVERDUE)
    assert d.suspensions.get().ended_on == date(2026, 4, 11)
    assert deadline_badge(d, today=date(2026, 6, 1)).colour == "blue"


def test_suspension_needs_a_reason_and_resume_a_suspended_clock(subject: Any) -> None:
    d = start(subject)
    with pytest.raises(ValidationError):
        deadline_suspend(actor=ACTOR, deadline=d, reason=" ", on=date(2026, 4, 1))
    with pytest.raises(Conflict):
        deadline_resume(actor=ACTOR, deadline=d, on=date(2026, 4, 1))


def test_rule_helpers_find_the_open_clock_of_the_subject(subject: Any) -> None:
    start(subject)
    d = deadline_suspend_rule(
        actor=ACTOR, subject=subject, rule_code="penalty.decision", reason="检测", on=date(2026, 4, 1)
    )
    assert d is not None
    assert d.state == DeadlineState.SUSPENDED
    d = deadline_resume_rule(actor=ACTOR, subject=subject, rule_code="penalty.decision", on=date(2026, 4, 6))
    assert d is not None
    assert d.due_on == date(2026, 6, 5)
    assert deadline_meet_rule(actor=ACTOR, subject=subject, rule_code="nope", on=date(2026, 5, 1)) is None
    met = deadline_meet_rule(actor=ACTOR, subject=subject, rule_code="penalty.decision", on=date(2026, 5, 1))
    assert met is not None
    assert met.state == DeadlineState.MET
    assert met.met_on == date(2026, 5, 1)
    assert open_deadline(subject, "penalty.decision") is None
    assert [x.pk for x in deadlines_for_subject(subject)] == [met.pk]


def test_extension_adds_thirty_days_and_records_the_approver(subject: Any, make_user: Any) -> None:
    head = make_user(subject, "team_leader")
    d = deadline_extend(
        actor=Actor.of(head),
        deadline=start(subject),
        amount=30,
        unit=PeriodUnit.CALENDAR_DAYS,
        reason="案情复杂",
        basis="市场监督管理行政处罚程序规定 第64条",
    )
    assert d.due_on == date(2026, 6, 30)
    assert d.extensions.get().approved_by_id == head.pk


def test_finished_clocks_refuse_changes(subject: Any) -> None:
    d = deadline_cancel(actor=ACTOR, deadline=start(subject), reason="不予立案")
    assert d.state == DeadlineState.CANCELLED
    with pytest.raises(Conflict):
        deadline_extend(
            actor=ACTOR, deadline=d, amount=1, unit=PeriodUnit.CALENDAR_DAYS, reason="x", basis="y"
        )


def test_refresh_turns_clocks_yellow_and_red_with_a_few_statements(org_world: Any) -> None:
    a = start(org_world.agency_child)  # due 06-01, lead 3
    b = start(org_world.agency_child_futian)
    c = start(org_world.sibling, HEARING, on=date(2026, 5, 25))  # 5 WD → Mon 06-01, lead 1
    with CaptureQueriesContext(connection) as ctx:
        counts = deadlines_refresh(today=date(2026, 5, 29))
    updates = [q for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith("UPDATE")]
    assert len(updates) <= 1 + 2 * 2 + 1  # overdue + 2 per distinct lead (+ audit chain head)
    states = dict(Deadline.objects.values_list("pk", "state"))
    assert states[a.pk] == states[b.pk] == "due_soon"  # 3 days left, lead 3
    assert states[c.pk] == "running"  # lead 1
    assert counts["due_soon"] == 2
    deadlines_refresh(today=date(2026, 6, 2))
    assert set(Deadline.objects.values_list("state", flat=True)) == {"overdue"}
    # A clock pushed back (extension) goes back to running on the next refresh.
    deadline_extend(
        actor=ACTOR, deadline=a, amount=30, unit=PeriodUnit.CALENDAR_DAYS, reason="复杂", basis="第64条"
    )
    deadlines_refresh(today=date(2026, 6, 2))
    assert Deadline.objects.get(pk=a.pk).state == "running"


def test_refresh_leaves_suspended_and_finished_clocks_alone(subject: Any) -> None:
    d = deadline_suspend(actor=ACTOR, deadline=start(subject), reason="公告", on=date(2026, 4, 1))
    deadlines_refresh(today=date(2026, 12, 1))
    assert Deadline.objects.get(pk=d.pk).state == "suspended"


def test_alert_setting_changes_the_lead_of_open_clocks(subject: Any) -> None:
    d = start(subject)
    deadline_alert_setting_set(actor=ACTOR, rule_code="penalty.decision", due_soon_days=10)
    assert Deadline.objects.get(pk=d.pk).due_soon_days == 10
    deadlines_refresh(today=date(2026, 5, 25))
    assert Deadline.objects.get(pk=d.pk).state == "due_soon"
    other = start(subject, HEARING, on=date(2026, 5, 25))
    assert other.due_soon_days == 1
    deadline_cancel(actor=ACTOR, deadline=Deadline.objects.get(pk=d.pk), reason="x")
    assert start(subject).due_soon_days == 10  # new clocks take the setting


def test_recompute_after_a_holiday_is_added(subject: Any) -> None:
    d = start(subject, HEARING, on=date(2026, 3, 2))  # Mar 3,4,5,6,9 → Mon 03-09
    assert d.due_on == date(2026, 3, 9)
    holiday_set(actor=ACTOR, date=date(2026, 3, 5), kind="holiday", name="测试假日")
    assert deadlines_recompute(year=2026) == 1
    assert Deadline.objects.get(pk=d.pk).due_on == date(2026, 3, 10)
    assert AuditEvent.objects.filter(action="worklist.deadline.recompute").count() == 1


def test_periodic_recompute_runs_only_when_the_calendar_version_changed(subject: Any) -> None:
    d = start(subject, HEARING, on=date(2026, 3, 2))
    deadlines_recompute_if_calendar_changed()  # first look records the token
    assert deadlines_recompute_if_calendar_changed() is None
    holiday_set(actor=ACTOR, date=date(2026, 3, 4), kind="holiday", name="测试假日")
    assert deadlines_recompute_if_calendar_changed() == 1
    assert Deadline.objects.get(pk=d.pk).due_on == date(2026, 3, 10)


def test_refresh_command_prints_one_json_line(subject: Any) -> None:
    start(subject)
    deadlines_refresh(today=date(2026, 4, 1))  # running, whatever the real date is
    out = StringIO()
    call_command("refresh_deadlines", "--today", "2026-06-05", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 1
    assert json.loads(lines[0]) == {"overdue": 1, "due_soon": 0, "running": 0, "today": "2026-06-05"}


def test_periodic_job_is_registered_every_fifteen_minutes() -> None:
    from zhifa.core.scheduler import periodic_jobs

    jobs = {job.name: job for job in periodic_jobs()}
    assert jobs["worklist.deadlines_refresh"].every_seconds == 900
    result = jobs["worklist.deadlines_refresh"].task.call()
    assert set(result) >= {"overdue", "due_soon", "running", "recomputed"}
