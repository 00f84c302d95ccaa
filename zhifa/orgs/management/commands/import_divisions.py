"""`manage.py import_divisions [<dir>]`: GB/T 2260 divisions → Region (see orgs.services.regions)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhifa.core.audit import Actor
from zhifa.core.errors import ImportFailed
from zhifa.orgs.services.regions import regions_import


class Command(BaseCommand):
    help = "导入行政区划（省、市、区县、街镇），幂等"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "directory",
            nargs="?",
            default=None,
            help="含四个区划 CSV 文件的目录（默认 SHARED_DIR/data/divisions）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        directory = Path(options["directory"] or Path(settings.SHARED_DIR) / "data" / "divisions")
        try:
            summary = regions_import(actor=Actor.system("import_divisions"), directory=directory)
        except ImportFailed as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(json.dumps(summary, ensure_ascii=False))
