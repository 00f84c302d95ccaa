"""Argument parsing shared by the export and push commands."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import CommandError

from zhifa.orgs.models import Organisation


def parse_date(value: str | None, option: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{option} 应为 YYYY-MM-DD 格式的日期：{value}") from None


def find_organisation(value: str | None, option: str) -> Organisation | None:
    """An organisation by id or by 统一社会信用代码."""
    if not value:
        return None
    value = value.strip()
    qs = (
        Organisation.objects.filter(pk=int(value))
        if value.isdigit()
        else Organisation.objects.filter(uscc=value.upper())
    )
    found = list(qs[:2])
    if len(found) != 1:
        raise CommandError(f"{option}：找不到唯一的单位（ID 或统一社会信用代码）：{value}")
    return found[0]
