"""`manage.py seed_demo --scale N [--seed 2026] [--if-empty] [--cases N]`: the demo city (see
bench.demo.seed) and, with --cases, a demo caseload in every state (bench.demo.cases)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bench.demo.seed import SeedOptions, demo_exists, seed_demo
from zhifa.core.errors import ApplicationError


def _prefixes(value: str) -> tuple[str, ...]:
    items = tuple(p.strip() for p in value.split(",") if p.strip())
    if not all(p.isdigit() for p in items):
        raise CommandError("--regions 应为逗号分隔的区划代码前缀，例如 44")
    return items


class Command(BaseCommand):
    help = (
        "生成演示城市（深圳样式）：区划、机关、执法人员、各角色演示账号、"
        "法律法规、权责清单、裁量基准、5000×N 个执法对象"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=float, default=1.0, help="执法对象数 = 5000 × scale")
        parser.add_argument("--seed", type=int, default=2026, help="随机种子（同种子同数据）")
        parser.add_argument("--if-empty", action="store_true", help="数据库中已有演示城市时什么也不做")
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None, help="证件有效期的参照日期")
        parser.add_argument("--parties", type=int, default=None, help="(测试用) 执法对象数，覆盖 --scale")
        parser.add_argument("--regions", type=_prefixes, default=(), help="(测试用) 只导入这些区划代码前缀")
        parser.add_argument("--no-legal", action="store_true", help="(测试用) 不导入法规、权责清单、裁量基准")
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument(
            "--cases", type=int, default=0, help="另生成 N 件各状态的演示案件（库中无案件时）"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and demo_exists():
            self.stderr.write("演示城市已存在，跳过（--if-empty）")
            return
        if options["scale"] <= 0:
            raise CommandError("--scale 应大于 0")
        seed_options = SeedOptions(
            scale=options["scale"],
            seed=options["seed"],
            parties=options["parties"],
            regions=options["regions"],
            with_legal=not options["no_legal"],
            batch_size=options["batch_size"],
        )
        if options["today"] is not None:
            seed_options.today = options["today"]
        verbose = options["verbosity"] >= 2
        try:
            log = (lambda m: self.stderr.write(m)) if verbose else (lambda _: None)
            summary = seed_demo(seed_options, log=log)
            if options["cases"] > 0:
                from bench.demo.cases import seed_cases

                summary["cases"] = seed_cases(
                    cases=options["cases"], seed=options["seed"], today=options["today"], log=log
                )
                from bench.demo.publications import seed_publications

                summary["publications"] = seed_publications(today=options["today"], log=log)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(json.dumps(summary, ensure_ascii=False))
