"""Push new, changed and withdrawn penalty records to the provincial disclosure platform.

    manage.py credit_push_run [--org <id|USCC>] [--include-children] [--full] [--retry-rejected] [--limit N]

Prints one JSON line, e.g. {"batch": 12, "pushed": 40, "accepted": 39, "rejected": 1, "failed": 0,
"invalid": 2, "unchanged": 0, "skipped_rejected": 0}; exit code 1 when a record failed.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhifa.core.audit import Actor
from zhifa.disclosure.export.selectors import unit_ids
from zhifa.integrations.credit_push.config import push_config
from zhifa.integrations.credit_push.services import credit_push_run

from ._common import find_organisation


class Command(BaseCommand):
    help = "向省级行政执法信息公示平台推送双公示行政处罚信息（新增、变更、撤回），记录回执。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", help="只推送该处罚机关（ID 或统一社会信用代码）")
        parser.add_argument("--include-children", action="store_true", help="包括下级单位")
        parser.add_argument("--full", action="store_true", help="逐条比对全部已公示记录的内容摘要")
        parser.add_argument("--retry-rejected", action="store_true", help="重推曾被平台拒收且内容未变的记录")
        parser.add_argument("--limit", type=int, default=None, help="本次最多推送的记录数")

    def handle(self, *args: Any, **options: Any) -> None:
        if not push_config().enabled:
            raise CommandError(
                "双公示推送未配置：请在 settings.ZHIFA_CREDIT_PUSH 中设置 ENDPOINT、APP_KEY、APP_SECRET"
            )
        org = find_organisation(options["org"], "--org")
        result = credit_push_run(
            actor=Actor.system("credit_push_run"),
            organisation_ids=unit_ids(org.pk, include_children=options["include_children"]) if org else None,
            full=options["full"],
            retry_rejected=options["retry_rejected"],
            limit=options["limit"],
        )
        self.stdout.write(json.dumps(result.summary(), ensure_ascii=False))
        if result.failed:
            sys.exit(1)
