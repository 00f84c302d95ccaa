"""Seed the holiday table from chinesecalendar (idempotent; admin edits win).

Prints one JSON line, e.g. {"years": 23, "created": 771, "updated": 0, "removed": 0, "kept_admin": 0}.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from zhifa.core.audit import Actor, audit_append
from zhifa.core.calendar_seed import PACKAGE_FIRST_YEAR, PACKAGE_LAST_YEAR, seed_holidays
from zhifa.core.workdays import invalidate_cache


class Command(BaseCommand):
    help = (
        "从 chinesecalendar 软件包导入法定节假日与调休安排（可重复执行；管理员维护的记录和年度不会被覆盖）。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--first-year", type=int, default=PACKAGE_FIRST_YEAR)
        parser.add_argument("--last-year", type=int, default=PACKAGE_LAST_YEAR)

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            summary = seed_holidays(first_year=options["first_year"], last_year=options["last_year"])
            if summary["created"] or summary["updated"] or summary["removed"]:
                audit_append(actor=Actor.system("seed_holidays"), action="core.holiday.seed", payload=summary)
        invalidate_cache()
        self.stdout.write(json.dumps(summary, ensure_ascii=False))
