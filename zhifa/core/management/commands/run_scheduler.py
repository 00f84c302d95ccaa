"""Enqueue periodic jobs when they are due (see zhifa.core.scheduler).

Run one or more of these next to the db_worker processes: `manage.py run_scheduler` (a loop,
`--tick` seconds between passes) — several schedulers never fire a job twice in one period.
`--once` makes a single pass and prints {"enqueued": [...], "jobs": N}.
"""

from __future__ import annotations

import json
import logging
import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from zhifa.core.scheduler import periodic_jobs, run_due_jobs

logger = logging.getLogger("zhifa.core.scheduler")


class Command(BaseCommand):
    help = "定时任务调度：到期即把任务放入任务队列（多个调度进程不会重复触发）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="只执行一轮后退出（测试与 cron 用）")
        parser.add_argument("--tick", type=float, default=30.0, help="两轮之间的秒数（默认30）")

    def handle(self, *args: Any, **options: Any) -> None:
        jobs = periodic_jobs()
        if options["once"]:
            enqueued = run_due_jobs()
            self.stdout.write(json.dumps({"enqueued": enqueued, "jobs": len(jobs)}, ensure_ascii=False))
            return
        stopping = False

        def stop(signum: int, frame: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        total = 0
        logger.warning("run_scheduler: %d periodic jobs, tick %.0fs", len(jobs), options["tick"])
        while not stopping:
            close_old_connections()
            try:
                total += len(run_due_jobs())
            except Exception:  # keep the loop alive through a database hiccup
                logger.exception("run_scheduler pass failed")
            deadline = time.monotonic() + options["tick"]
            while not stopping and time.monotonic() < deadline:
                time.sleep(min(1.0, options["tick"]))
        self.stdout.write(json.dumps({"enqueued_total": total, "jobs": len(jobs)}, ensure_ascii=False))
