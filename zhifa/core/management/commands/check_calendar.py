"""Is the holiday calendar loaded for this year (and, from November on, the next)?

Prints one JSON line, e.g. {"covered_years": [2004, …, 2026], "missing": [2027], "ok": false},
and exits with status 1 when a year is missing (RULES.md §9: fail closed for unknown years).
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand

from zhifa.core.workdays import calendar_coverage


class Command(BaseCommand):
    help = "检查节假日表是否已覆盖本年度（11月起还须覆盖下一年度）；缺失则退出码为1。"

    def handle(self, *args: Any, **options: Any) -> None:
        coverage = calendar_coverage()
        self.stdout.write(json.dumps(coverage, ensure_ascii=False))
        if not coverage["ok"]:
            sys.exit(1)
