"""Periodic jobs of the core kernel (enqueued by `manage.py run_scheduler`)."""

from __future__ import annotations

import logging
from typing import Any

from django_tasks import task

from .scheduler import record_job_result, register_periodic

logger = logging.getLogger("zhifa.core.tasks")

DAY = 24 * 3600


@task()
def calendar_coverage_check() -> dict[str, Any]:
    """Daily: is this year (and from November the next) in the holiday table? (RULES.md §9)"""
    from .workdays import calendar_coverage

    coverage = calendar_coverage()
    if not coverage["ok"]:
        logger.error("节假日安排缺失：%s 年尚未录入完整，工作日期限按周一至周五估算", coverage["missing"])
    result = {"missing": coverage["missing"], "ok": coverage["ok"]}
    record_job_result("core.calendar_coverage_check", result)
    return result


@task()
def audit_chain_verify() -> dict[str, Any]:
    """Nightly: recompute the whole SM3 audit chain; a break is logged as an error and audited."""
    from .audit import Actor, audit_append, audit_verify_summary

    summary = audit_verify_summary()
    if not summary["intact"]:
        logger.error("审计链校验失败：%s", summary)
    audit_append(actor=Actor.system("scheduler"), action="core.audit.verify", payload=summary)
    record_job_result("core.audit_chain_verify", summary)
    return summary


register_periodic("core.calendar_coverage_check", DAY, calendar_coverage_check)
register_periodic("core.audit_chain_verify", DAY, audit_chain_verify)
