"""Periodic jobs for `manage.py run_scheduler`.

Each app registers its periodic jobs in `<app>/tasks.py` at import time:

    from django_tasks import task
    from zhifa.core.scheduler import register_periodic

    @task()
    def mark_overdue() -> dict: ...

    register_periodic("worklist.mark_overdue", every_seconds=300, task=mark_overdue)

`periodic_jobs()` imports every zhifa app's `tasks` module and returns the registry. The
scheduler only *enqueues* (`task.enqueue()`); db_worker processes run the jobs. A job is due when
`every_seconds` have passed since its last claim; claiming is one conditional UPDATE of its
`ScheduledJobRun` row, so any number of scheduler processes fire each job once per period.
"""

from __future__ import annotations

import importlib
import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.apps import apps
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

logger = logging.getLogger("zhifa.core.scheduler")


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every_seconds: int
    task: Any  # a django_tasks Task


_registry: dict[str, PeriodicJob] = {}


def register_periodic(name: str, every_seconds: int, task: Any) -> PeriodicJob:
    """Register (or re-register, e.g. on module reload) a periodic job under a unique name."""
    if every_seconds < 1:
        raise ValueError("every_seconds must be positive")
    if not hasattr(task, "enqueue"):
        raise TypeError(f"{name}: task must be a django_tasks Task (decorate the function with @task())")
    job = PeriodicJob(name=name, every_seconds=every_seconds, task=task)
    _registry[name] = job
    return job


def _discover() -> None:
    for config in apps.get_app_configs():
        if not config.name.startswith("zhifa."):
            continue
        try:
            importlib.import_module(f"{config.name}.tasks")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.tasks":
                raise


def periodic_jobs() -> list[PeriodicJob]:
    """All registered jobs (after importing every zhifa app's tasks module), sorted by name."""
    _discover()
    return sorted(_registry.values(), key=lambda job: job.name)


def claim(job: PeriodicJob, now: datetime | None = None) -> bool:
    """Atomically take this period's run of `job`; False when not due or another process won."""
    from .models import ScheduledJobRun

    now = now or timezone.now()
    try:
        with transaction.atomic():
            ScheduledJobRun.objects.get_or_create(name=job.name)
    except IntegrityError:  # created concurrently by another scheduler
        pass
    due = Q(last_run_at__isnull=True) | Q(last_run_at__lte=now - timedelta(seconds=job.every_seconds))
    # One conditional UPDATE: the database serialises concurrent claims on the row, and the loser's
    # WHERE no longer matches once the winner has moved last_run_at.
    return ScheduledJobRun.objects.filter(due, name=job.name).update(last_run_at=now) == 1


def release(job: PeriodicJob, previous: datetime | None) -> None:
    """Undo a claim whose enqueue failed, so the job is retried on the next tick."""
    from .models import ScheduledJobRun

    ScheduledJobRun.objects.filter(name=job.name).update(last_run_at=previous)


def run_due_jobs(now: datetime | None = None) -> list[str]:
    """Enqueue every due job once; returns the names enqueued."""
    from .models import ScheduledJobRun

    now = now or timezone.now()
    enqueued: list[str] = []
    for job in periodic_jobs():
        previous = ScheduledJobRun.objects.filter(name=job.name).values_list("last_run_at", flat=True).first()
        if not claim(job, now):
            continue
        try:
            job.task.enqueue()
        except Exception:
            logger.exception("定时任务 %s 入队失败", job.name)
            release(job, previous)
            continue
        enqueued.append(job.name)
    return enqueued


def record_job_result(name: str, result: dict[str, Any]) -> None:
    """Called by a periodic task at its end: keeps the last result next to the last run time."""
    from .models import ScheduledJobRun

    text = json.dumps(result, ensure_ascii=False, default=str)[:4000]
    updated = ScheduledJobRun.objects.filter(name=name).update(
        last_finished_at=timezone.now(), last_result=text
    )
    if not updated:
        try:
            with transaction.atomic():
                ScheduledJobRun.objects.create(name=name, last_finished_at=timezone.now(), last_result=text)
        except IntegrityError:
            ScheduledJobRun.objects.filter(name=name).update(
                last_finished_at=timezone.now(), last_result=text
            )
