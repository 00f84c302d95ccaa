"""The periodic push, registered with the scheduler only when configured
(`ZHIFA_CREDIT_PUSH["SCHEDULE_SECONDS"] > 0` and an endpoint with its keys): off by default."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from zhifa.core.scheduler import record_job_result, register_periodic

from .config import push_config

JOB_NAME = "credit_push.push"


@task()
def credit_push_task() -> dict[str, Any]:
    from zhifa.core.audit import Actor

    from .services import credit_push_run

    summary = credit_push_run(actor=Actor.system("credit_push")).summary()
    record_job_result(JOB_NAME, summary)
    return summary


def register_if_configured() -> bool:
    config = push_config()
    if config.enabled and config.schedule_seconds > 0:
        register_periodic(JOB_NAME, every_seconds=config.schedule_seconds, task=credit_push_task)
        return True
    return False


register_if_configured()
