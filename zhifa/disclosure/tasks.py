"""Periodic jobs of 执法公示 (enqueued by `manage.py run_scheduler`, run by db_worker): collect the
publications of newly effective decisions and take down those whose period has ended. Both are
set-based and idempotent, so a missed or doubled run does no harm."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from zhifa.core.scheduler import record_job_result, register_periodic

COLLECT_EVERY_SECONDS = 3600
TAKE_DOWN_EVERY_SECONDS = 3600


@task()
def publication_collect_task() -> dict[str, Any]:
    from .services import publication_collect
    from .services.collect import publication_recompute_provisional

    result = publication_collect()
    result["recomputed"] = publication_recompute_provisional()
    record_job_result("disclosure.publication_collect", result)
    return result


@task()
def publication_take_down_task() -> dict[str, Any]:
    from .services import publication_take_down_expired

    result = publication_take_down_expired()
    record_job_result("disclosure.publication_take_down", result)
    return result


register_periodic(
    "disclosure.publication_collect", every_seconds=COLLECT_EVERY_SECONDS, task=publication_collect_task
)
register_periodic(
    "disclosure.publication_take_down", every_seconds=TAKE_DOWN_EVERY_SECONDS, task=publication_take_down_task
)
