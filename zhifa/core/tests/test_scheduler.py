"""run_scheduler enqueues each due periodic job once per period (ImmediateBackend runs it at once)."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks import task

from zhifa.core import scheduler
from zhifa.core.models import AuditEvent, ScheduledJobRun
from zhifa.core.scheduler import PeriodicJob, claim, periodic_jobs, register_periodic, run_due_jobs

pytestmark = pytest.mark.django_db

CALLS: list[str] = []


@task()
def probe() -> str:
    CALLS.append("probe")
    return "ok"


@pytest.fixture
def isolated_registry() -> Any:
    saved = dict(scheduler._registry)
    periodic_jobs()  # import every app's tasks module first
    scheduler._registry.clear()
    CALLS.clear()
    yield scheduler._registry
    scheduler._registry.clear()
    scheduler._registry.update(saved)


def test_core_registers_its_two_periodic_jobs() -> None:
    jobs = {job.name: job for job in periodic_jobs()}
    assert jobs["core.calendar_coverage_check"].every_seconds == 24 * 3600
    assert jobs["core.audit_chain_verify"].every_seconds == 24 * 3600


def test_register_periodic_validates_its_arguments() -> None:
    with pytest.raises(ValueError, match="positive"):
        register_periodic("x", 0, probe)
    with pytest.raises(TypeError, match="django_tasks Task"):
        register_periodic("x", 60, lambda: None)


def test_run_scheduler_once_runs_the_core_jobs_and_records_results() -> None:
    out = StringIO()
    call_command("run_scheduler", "--once", stdout=out)
    summary = json.loads(out.getvalue())
    assert {"core.audit_chain_verify", "core.calendar_coverage_check"} <= set(summary["enqueued"])
    verify_run = ScheduledJobRun.objects.get(name="core.audit_chain_verify")
    assert verify_run.last_run_at is not None
    assert verify_run.last_finished_at is not None
    assert json.loads(verify_run.last_result)["intact"] is True
    coverage = json.loads(ScheduledJobRun.objects.get(name="core.calendar_coverage_check").last_result)
    assert set(coverage) == {"missing", "ok"}
    assert AuditEvent.objects.filter(action="core.audit.verify").count() == 1

    out = StringIO()
    call_command("run_scheduler", "--once", stdout=out)
    assert json.loads(out.getvalue())["enqueued"] == []  # not due again within the day
    assert AuditEvent.objects.filter(action="core.audit.verify").count() == 1


def test_job_is_due_again_after_its_interval(isolated_registry: Any) -> None:
    register_periodic("test.probe", 60, probe)
    now = timezone.now()
    assert run_due_jobs(now) == ["test.probe"]
    assert run_due_jobs(now + timedelta(seconds=59)) == []
    assert run_due_jobs(now + timedelta(seconds=60)) == ["test.probe"]
    assert CALLS == ["probe", "probe"]


def test_only_one_claim_per_period_wins(isolated_registry: Any) -> None:
    job = register_periodic("test.probe", 300, probe)
    now = timezone.now()
    # Two schedulers looking at the same moment: the conditional update lets exactly one through.
    assert [claim(job, now), claim(job, now), claim(job, now + timedelta(seconds=1))] == [True, False, False]
    assert ScheduledJobRun.objects.get(name="test.probe").last_run_at == now


def test_failed_enqueue_releases_the_claim(isolated_registry: Any) -> None:
    class Broken:
        def enqueue(self) -> None:
            raise RuntimeError("queue down")

    scheduler._registry["test.broken"] = PeriodicJob("test.broken", 60, Broken())
    now = timezone.now()
    assert run_due_jobs(now) == []
    assert ScheduledJobRun.objects.get(name="test.broken").last_run_at is None
    scheduler._registry["test.broken"] = PeriodicJob("test.broken", 60, probe)
    assert run_due_jobs(now) == ["test.broken"]
