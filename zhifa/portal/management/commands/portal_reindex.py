"""`manage.py portal_reindex [--all]`: fill `Publication.search_grams` (zhifa.portal.search) for the
rows where it is empty — or rewrite it for every row with --all — set-based in batches, then make
sure the vendor's index is installed (when missing — SQLite: FTS table, triggers and rebuild;
PostgreSQL: GIN + ANALYZE). The triggers keep the FTS table in step with the rows written here.
Prints one JSON line."""

from __future__ import annotations

import json
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection

from zhifa.portal.search import (
    fill_publication_grams,
    install_publication_search,
    publication_search_is_installed,
)


class Command(BaseCommand):
    help = "为执法公示检索补写检索词元（search_grams）并确保检索索引已安装"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--all", action="store_true", help="重写全部公示信息的检索词元")
        parser.add_argument("--batch", type=int, default=20_000)

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        was_installed = publication_search_is_installed()
        written = fill_publication_grams(batch=options["batch"], only_missing=not options["all"])
        if not was_installed:  # e.g. SQLite triggers dropped with a remade table: install and rebuild
            install_publication_search(None, None)
        elif written and connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # fresh bigram frequencies for the planner
                cursor.execute("ANALYZE disclosure_publication")
        self.stdout.write(
            json.dumps(
                {
                    "written": written,
                    "index_was_installed": was_installed,
                    "index_installed": publication_search_is_installed(),
                    "db": connection.vendor,
                    "seconds": round(time.perf_counter() - started, 1),
                },
                ensure_ascii=False,
            )
        )
