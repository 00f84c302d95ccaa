"""`manage.py demo_logins`: one line per role — role, username, password, unit (used by `make run`)."""

from __future__ import annotations

import unicodedata
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from bench.demo.catalogue import DEMO_PASSWORD, DEMO_USERNAME_PREFIX
from zhifa.orgs.models import Role, User


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def demo_login_rows() -> list[tuple[str, str, str, str]]:
    """(role name, username, password, unit) for every role that has a demo login, in role order."""
    users = {
        u.username: u
        for u in User.objects.filter(username__startswith=DEMO_USERNAME_PREFIX).select_related("organisation")
    }
    rows = []
    for role in Role.objects.order_by("sort_order", "code"):
        user = users.get(f"{DEMO_USERNAME_PREFIX}{role.code}")
        if user is not None:
            unit = user.organisation.name if user.organisation else ""
            rows.append((role.name, user.username, DEMO_PASSWORD, unit))
    return rows


class Command(BaseCommand):
    help = "列出各角色的演示账号（角色、用户名、密码、单位）"

    def handle(self, *args: Any, **options: Any) -> None:
        rows = demo_login_rows()
        if not rows:
            raise CommandError("没有演示账号：请先运行 manage.py seed_demo")
        header = ("角色", "用户名", "密码", "单位")
        widths = [max(_width(r[i]) for r in [header, *rows]) + 2 for i in range(3)]
        for row in [header, *rows]:
            cells = "".join(_pad(cell, w) for cell, w in zip(row[:3], widths, strict=True))
            self.stdout.write(cells + row[3])
