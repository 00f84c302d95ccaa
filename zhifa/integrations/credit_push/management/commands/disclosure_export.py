"""Export the published penalty records in the 双公示 CF_* schema.

    manage.py disclosure_export --format csv --from 2026-01-01 --to 2026-03-31 [--org <id|USCC>]
        [--include-children] [--data-source <id|USCC>] [--strict]

Prints the data file's path and the report file's path (one per line), then one JSON line
{"exported": n, "invalid": m}. Records with problems are only in the report. With --strict the
exit code is 1 when any record is invalid.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhifa.core.audit import Actor
from zhifa.core.errors import ApplicationError
from zhifa.disclosure.export.services import disclosure_export_run

from ._common import find_organisation, parse_date


class Command(BaseCommand):
    help = "按信用中国行政处罚 CF_* 格式导出双公示数据（CSV 或 JSON），并生成不合格记录报告。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["csv", "json"], default="csv", help="导出格式")
        parser.add_argument("--from", dest="date_from", help="处罚决定日期起（YYYY-MM-DD）")
        parser.add_argument("--to", dest="date_to", help="处罚决定日期止（YYYY-MM-DD）")
        parser.add_argument("--org", help="处罚机关（ID 或统一社会信用代码）；缺省为全部")
        parser.add_argument("--include-children", action="store_true", help="包括下级单位")
        parser.add_argument("--data-source", help="数据来源单位（ID 或统一社会信用代码）；缺省为处罚机关")
        parser.add_argument("--strict", action="store_true", help="有不合格记录时以退出码1结束")

    def handle(self, *args: Any, **options: Any) -> None:
        org = find_organisation(options["org"], "--org")
        try:
            result = disclosure_export_run(
                actor=Actor.system("disclosure_export"),
                user=None,
                fmt=options["format"],
                date_from=parse_date(options["date_from"], "--from"),
                date_to=parse_date(options["date_to"], "--to"),
                organisation_id=org.pk if org else None,
                include_children=options["include_children"],
                data_source=find_organisation(options["data_source"], "--data-source"),
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        for path in result.paths():
            self.stdout.write(path)
        self.stdout.write(json.dumps(result.summary(), ensure_ascii=False))
        if options["strict"] and result.invalid:
            sys.exit(1)
