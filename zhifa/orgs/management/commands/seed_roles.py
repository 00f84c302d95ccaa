"""`manage.py seed_roles`: create the missing roles of ROLE_SPECS (edited roles are kept)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand

from zhifa.core.audit import Actor
from zhifa.orgs.services.roles import roles_seed


class Command(BaseCommand):
    help = "按 ROLE_SPECS 创建缺少的角色（不覆盖已修改的角色）"

    def handle(self, *args: Any, **options: Any) -> None:
        summary = roles_seed(actor=Actor.system("seed_roles"))
        self.stdout.write(json.dumps(summary, ensure_ascii=False))
