"""Prepare the production smoke run: one organisation and one user with a known password."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from zhifa.orgs.choices import OrganisationKind, OrganisationLevel, RegionLevel
from zhifa.orgs.models import Organisation, Region, User

SMOKE_USERNAME = "smoke_admin"
SMOKE_PASSWORD = "Smoke-Check-2026!"  # noqa: S105  (throw-away database of the smoke run)


class Command(BaseCommand):
    help = "生产模式冒烟测试：创建测试单位与账号"

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            region, _ = Region.objects.get_or_create(
                code="4403", defaults={"name": "深圳市", "level": RegionLevel.CITY}
            )
            org, _ = Organisation.objects.get_or_create(
                name="冒烟测试司法局",
                defaults={
                    "kind": OrganisationKind.SUPERVISORY_BODY,
                    "level": OrganisationLevel.CITY,
                    "region": region,
                    "region_code": region.code,
                },
            )
            user = User.objects.filter(username=SMOKE_USERNAME).first() or User(username=SMOKE_USERNAME)
            user.organisation = org
            user.is_superuser = True
            user.is_staff = True
            user.set_password(SMOKE_PASSWORD)
            user.save()
        self.stdout.write(
            json.dumps({"smoke_user": SMOKE_USERNAME, "organisation": org.pk}, ensure_ascii=False)
        )
