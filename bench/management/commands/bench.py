"""`manage.py bench foundation --scale 200 [--seed 2026] [--iterations 200] [--reuse]`
`manage.py bench cases [--cases 1000000] [--seed 2026] [--iterations 200] [--reuse]`
`manage.py bench intake [--clues 1000000] [--inspections 1000000] [--targets N] [--draws 5] [--reuse]`
`manage.py bench portal [--publications 1000000] [--http-seconds 10] [--no-http] [--reuse]`.

Makes sure the database holds the demo city with at least 5,000 × scale parties (building or
growing it with seed_demo, same seed) — and for `cases`, the demo caseload (bench.demo.cases,
written once when the database has no cases), for `intake` the demo clues, inspections and market
target library (bench.demo.intake, written once when the database has none) — then prints one JSON
line per measurement (bench.foundation, bench.cases, bench.intake).
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from bench.demo.people import CHUNK
from bench.demo.seed import SeedOptions, demo_state, seed_demo
from bench.demo.writer import parties_count
from zhifa.core.errors import ApplicationError

BENCHES = ("foundation", "cases", "intake", "portal")


class Command(BaseCommand):
    help = (
        "基准测试：foundation（执法对象精确查询、名称检索、执法人员列表）、"
        "cases（待办、案件列表、案件页面、期限扫描、处罚决定书签发）、"
        "intake（线索列表、检查任务列表、双随机抽取），ORM 与原生 SQL 对比"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", choices=BENCHES)
        parser.add_argument("--scale", type=float, default=200.0, help="执法对象数 = 5000 × scale")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--iterations", type=int, default=200, help="每项测量的随机输入个数")
        parser.add_argument("--reuse", action="store_true", help="使用数据库现有数据，不生成或扩充")
        parser.add_argument("--parties", type=int, default=None, help="(测试用) 执法对象数，覆盖 --scale")
        parser.add_argument("--regions", default="", help="(测试用) 生成时只导入这些区划代码前缀")
        parser.add_argument(
            "--cases", type=int, default=1_000_000, help="cases：演示案件数（仅在没有案件时生成）"
        )
        parser.add_argument("--documents", type=int, default=5, help="cases：签发处罚决定书的次数")
        parser.add_argument("--clues", type=int, default=1_000_000, help="intake：演示线索数（没有时生成）")
        parser.add_argument(
            "--inspections", type=int, default=1_000_000, help="intake：演示检查记录数（仅在没有时生成）"
        )
        parser.add_argument(
            "--targets", type=int, default=None, help="intake：市场监管检查对象数（默认每个执法对象一个）"
        )
        parser.add_argument("--draws", type=int, default=5, help="intake：双随机抽取的次数")
        parser.add_argument(
            "--publications", type=int, default=1_000_000, help="portal：已公示信息数（不足时补足）"
        )
        parser.add_argument("--http-seconds", type=int, default=10, help="portal：wrk 压测秒数")
        parser.add_argument(
            "--no-http",
            action="store_true",
            help="portal：不启动 gunicorn/wrk（仅用于测试：测试进程的内存数据库无法被 gunicorn 进程访问）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # Query logging (DEBUG) would slow both sides and grow memory: measure as in production.
        settings.DEBUG = False
        target = options["parties"] if options["parties"] is not None else round(CHUNK * options["scale"])
        state = demo_state()
        if options["reuse"]:
            if state is None:
                raise CommandError("数据库中没有演示城市：去掉 --reuse 以生成")
        elif state is None or parties_count() < target:
            regions = tuple(p for p in options["regions"].split(",") if p.strip())
            seed_options = SeedOptions(
                scale=options["scale"], seed=options["seed"], parties=target, regions=regions
            )
            try:
                summary = seed_demo(seed_options, log=lambda m: self.stderr.write(m))
            except ApplicationError as exc:
                raise CommandError(exc.message) from exc
            self.stderr.write(json.dumps({"seed_demo": summary}, ensure_ascii=False))
        if options["name"] == "cases":
            self._cases(options)
        if options["name"] == "intake":
            self._intake(options)
        if options["name"] == "portal":
            self._portal(options)
        if options["name"] == "foundation":
            from bench.foundation import run

            for line in run(seed=options["seed"], iterations=options["iterations"]):
                line["parties"] = parties_count()
                self.stdout.write(json.dumps(line, ensure_ascii=False))

    def _cases(self, options: dict[str, Any]) -> None:
        from bench.cases import run
        from bench.demo.cases import cases_state, seed_cases
        from zhifa.cases.models import Case

        state = cases_state()
        if state is None:
            if options["reuse"] and not Case.objects.exists():
                raise CommandError("数据库中没有演示案件：去掉 --reuse 以生成")
            if not options["reuse"]:
                try:
                    summary = seed_cases(
                        cases=options["cases"], seed=options["seed"], log=lambda m: self.stderr.write(m)
                    )
                except ApplicationError as exc:
                    raise CommandError(exc.message) from exc
                self.stderr.write(json.dumps({"seed_cases": summary}, ensure_ascii=False))
        cases = Case.objects.count()
        for line in run(
            seed=options["seed"], iterations=options["iterations"], documents=options["documents"]
        ):
            line["cases"] = cases
            self.stdout.write(json.dumps(line, ensure_ascii=False))

    def _intake(self, options: dict[str, Any]) -> None:
        from bench.demo.intake import intake_roles_sync, intake_state, seed_intake
        from bench.intake import run
        from zhifa.clues.models import Clue
        from zhifa.inspections.models import Inspection

        if intake_state() is None:
            if options["reuse"] and not (Clue.objects.exists() and Inspection.objects.exists()):
                raise CommandError("数据库中没有演示线索和检查记录：去掉 --reuse 以生成")
            if not options["reuse"]:
                try:
                    summary = seed_intake(
                        clues=options["clues"],
                        inspections=options["inspections"],
                        targets=options["targets"] if options["targets"] is not None else parties_count(),
                        seed=options["seed"],
                        log=lambda m: self.stderr.write(m),
                    )
                except ApplicationError as exc:
                    raise CommandError(exc.message) from exc
                self.stderr.write(json.dumps({"seed_intake": summary}, ensure_ascii=False))
        intake_roles_sync(lambda m: self.stderr.write(m))  # a city seeded before these apps
        counts = {"clues": Clue.objects.count(), "inspections": Inspection.objects.count()}
        for line in run(seed=options["seed"], iterations=options["iterations"], draws=options["draws"]):
            line.update(counts)
            self.stdout.write(json.dumps(line, ensure_ascii=False))

    def _portal(self, options: dict[str, Any]) -> None:
        from bench.demo.portal_publications import published_count, seed_portal_publications
        from bench.portal import run

        if not options["reuse"] and published_count() < options["publications"]:
            summary = seed_portal_publications(
                publications=options["publications"], seed=options["seed"], log=lambda m: self.stderr.write(m)
            )
            self.stderr.write(json.dumps({"seed_portal_publications": summary}, ensure_ascii=False))
        published = published_count()
        for line in run(
            seed=options["seed"],
            iterations=options["iterations"],
            with_http=not options["no_http"],
            http_seconds=options["http_seconds"],
        ):
            line["publications"] = published
            self.stdout.write(json.dumps(line, ensure_ascii=False))
