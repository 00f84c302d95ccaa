"""`manage.py import_discretion <file.xls> [--organisation <id or name>] [--as-draft]`.

Reads a discretion table as published (e.g. SHARED_DIR/data/discretion/
jiangmen_eco_discretion_table_2020.xls) and ends with one JSON line:
{"items": 165, "tiers": 678, "parsed": …, "unparsed": …, "unparsed_reasons": {…}, …}.
Atomic; idempotent (unchanged items are skipped, changed published items get a new version).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhifa.core.audit import Actor
from zhifa.core.errors import ImportFailed
from zhifa.legal.importers.discretion_loader import discretion_import
from zhifa.orgs.models import Organisation


def resolve_organisation(value: str | None) -> Organisation:
    if value:
        if value.isdigit():
            org = Organisation.objects.filter(pk=int(value)).first()
            if org is not None:
                return org
        matches = list(Organisation.objects.filter(name=value)[:2])
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise CommandError(f"名称为“{value}”的单位不止一个，请改用单位ID")
        raise CommandError(f"未找到单位“{value}”")
    only = list(Organisation.objects.all()[:2])
    if len(only) == 1:
        return only[0]
    raise CommandError("请用 --organisation 指定制定单位（单位ID或名称）")


class Command(BaseCommand):
    help = "导入自由裁量基准表（.xls，按发布原样读取合并单元格），原子、幂等"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="裁量基准表 .xls 文件")
        parser.add_argument("--organisation", default=None, help="制定单位（ID或名称）")
        parser.add_argument("--as-draft", action="store_true", help="导入为草稿（默认直接发布）")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        organisation = resolve_organisation(options["organisation"])
        try:
            summary = discretion_import(
                actor=Actor.system("import_discretion"),
                path=path,
                organisation=organisation,
                as_draft=options["as_draft"],
            )
        except ImportFailed as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(json.dumps(summary.as_dict(), ensure_ascii=False))
