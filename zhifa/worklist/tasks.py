"""Periodic jobs of the worklist (enqueued by `manage.py run_scheduler`, run by db_worker)."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from zhifa.core.scheduler import record_job_result, register_periodic

REFRESH_EVERY_SECONDS = 900


@task()
def deadlines_refresh_task() -> dict[str, Any]:
    """Every 15 minutes: recompute due dates if the holiday calendar changed, then colour the
    running clocks (running / due_soon / overdue)."""
    from .services.deadlines import deadlines_recompute_if_calendar_changed, deadlines_refresh

    moved = deadlines_recompute_if_calendar_changed()
    result = deadlines_refresh()
    result["recomputed"] = moved
    record_job_result("worklist.deadlines_refresh", result)
    return result


register_periodic(
    "worklist.deadlines_refresh", every_seconds=REFRESH_EVERY_SECONDS, task=deadlines_refresh_task
)
