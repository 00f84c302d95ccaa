"""Time a 双随机 draw: `DATABASE_URL=sqlite:////tmp/insp_bench.sqlite3 manage.py inspection_draw_timing`."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from zhifa.inspections.timing import draw_timing


class Command(BaseCommand):
    help = "双随机抽取计时（在临时数据库中批量生成检查对象库）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--library", type=int, default=1_000_000)
        parser.add_argument("--draw", type=int, default=1_000)
        parser.add_argument("--repeat", type=int, default=3)

    def handle(self, *args: Any, **options: Any) -> None:
        summary = draw_timing(options["library"], options["draw"], repeat=options["repeat"])
        self.stdout.write(json.dumps(summary, ensure_ascii=False))
