"""Recompute deadline colours now (the scheduler does it every 15 minutes); prints one JSON line."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from zhifa.worklist.services.deadlines import deadlines_recompute, deadlines_refresh


class Command(BaseCommand):
    help = "刷新期限状态（进行中/即将到期/已超期）；--recompute 先按节假日表重算届满日"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="按此日期计算（YYYY-MM-DD），默认今天")
        parser.add_argument("--recompute", action="store_true", help="先重算所有未结束期限的届满日")

    def handle(self, *args: Any, **options: Any) -> None:
        today = date.fromisoformat(options["today"]) if options.get("today") else None
        summary: dict[str, Any] = {}
        if options.get("recompute"):
            summary["recomputed"] = deadlines_recompute(today=today)
        summary.update(deadlines_refresh(today=today))
        self.stdout.write(json.dumps(summary, ensure_ascii=False))
