"""`manage.py import_laws [<dir>]`: Markdown law texts + the law catalogue → the law library."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhifa.core.audit import Actor
from zhifa.core.errors import ImportFailed
from zhifa.legal.search import get_search_backend
from zhifa.legal.services.laws import CATALOGUE_FILE, law_files, law_library_import


class Command(BaseCommand):
    help = "导入法律法规（Markdown 正文与法律法规目录 law_catalogue.sqlite3），幂等"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "directory", nargs="?", default=None, help="法律法规 Markdown 目录（默认 SHARED_DIR/data/laws）"
        )
        parser.add_argument("--catalogue", default=None, help=f"目录数据库（默认 <目录>/{CATALOGUE_FILE}）")
        parser.add_argument("--no-catalogue", action="store_true", help="只导入正文，不导入目录")
        parser.add_argument("--reindex", action="store_true", help="导入后重建全文检索索引")

    def handle(self, *args: Any, **options: Any) -> None:
        directory = Path(options["directory"] or Path(settings.SHARED_DIR) / "data" / "laws")
        if not directory.is_dir():
            raise CommandError(f"目录不存在：{directory}")
        catalogue = Path(options["catalogue"]) if options["catalogue"] else None
        if options["no_catalogue"]:
            catalogue = None
        elif catalogue is None and (directory / CATALOGUE_FILE).exists():
            catalogue = directory / CATALOGUE_FILE
        try:
            summary = law_library_import(
                actor=Actor.system("import_laws"),
                files=law_files(directory),
                catalogue=catalogue,
            )
        except ImportFailed as exc:
            raise CommandError(exc.message) from exc
        if options["reindex"]:
            get_search_backend().rebuild()
        self.stdout.write(json.dumps(summary, ensure_ascii=False))
