"""Verify the SM3 hash chain of the audit trail.

Prints one JSON line, e.g. {"audit_events": 1200, "intact": true}; on a break
{"audit_events": 1200, "intact": false, "first_broken_seq": 57, "reason": "…", "event_id": 57}
and exits with status 1.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from zhifa.core.audit import audit_verify_summary


class Command(BaseCommand):
    help = "重新计算审计链全部哈希（按序号流式读取）；完整则退出码0，否则退出码1并指出第一条被破坏的记录。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--chunk-size", type=int, default=2000, help="每批读取的记录数")

    def handle(self, *args: Any, **options: Any) -> None:
        summary = audit_verify_summary(chunk_size=options["chunk_size"])
        self.stdout.write(json.dumps(summary, ensure_ascii=False))
        if not summary["intact"]:
            sys.exit(1)
