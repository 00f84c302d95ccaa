"""`manage.py seed_domains`: create the missing entries of the 执法领域 dictionary."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand

from zhifa.core.audit import Actor
from zhifa.orgs.services.domains import domains_seed


class Command(BaseCommand):
    help = "创建缺少的执法领域字典项"

    def handle(self, *args: Any, **options: Any) -> None:
        summary = domains_seed(actor=Actor.system("seed_domains"))
        self.stdout.write(json.dumps(summary, ensure_ascii=False))
