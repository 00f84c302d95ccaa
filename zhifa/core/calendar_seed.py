"""Seed the holiday table from the chinesecalendar package (RULES.md §9).

The only module that imports `chinese_calendar`; deadline code reads the table. Idempotent, and
admin edits always win: a day whose row has source=admin is never touched, and a year whose
`HolidayYear` row has source=admin (an administrator has taken that year over, see
`zhifa.core.services.holiday_set`) is skipped entirely — so re-seeding cannot resurrect a day an
administrator deleted. Works with the historical models of a data migration (`apps=`).
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.apps import apps as global_apps
from django.utils import timezone

PACKAGE_FIRST_YEAR = 2004
PACKAGE_LAST_YEAR = 2026  # chinesecalendar 1.11.0 (RULES §9); raises NotImplementedError beyond


def package_days(years: range) -> dict[date, tuple[str, str]]:
    """date → (kind, Chinese name) for every holiday and 调休 make-up day of the package."""
    import chinese_calendar

    names = {member.value: member.chinese for member in chinese_calendar.Holiday}
    days: dict[date, tuple[str, str]] = {}
    for day, name in chinese_calendar.holidays.items():
        if day.year in years:
            days[day] = ("holiday", names.get(name, name))
    for day, name in chinese_calendar.workdays.items():
        if day.year in years:
            days[day] = ("makeup_workday", names.get(name, name))
    return days


def seed_holidays(
    *, apps: Any = None, first_year: int = PACKAGE_FIRST_YEAR, last_year: int = PACKAGE_LAST_YEAR
) -> dict[str, int]:
    """Create/update package days and complete-year rows; returns counts for the JSON summary."""
    registry = apps or global_apps
    Holiday = registry.get_model("core", "Holiday")
    HolidayYear = registry.get_model("core", "HolidayYear")
    CalendarVersion = registry.get_model("core", "CalendarVersion")
    now = timezone.now()
    years = range(first_year, last_year + 1)
    admin_years = set(HolidayYear.objects.filter(source="admin").values_list("year", flat=True))
    wanted = {d: v for d, v in package_days(years).items() if d.year not in admin_years}
    existing = {
        h.date: h
        for h in Holiday.objects.filter(date__gte=date(first_year, 1, 1), date__lte=date(last_year, 12, 31))
    }
    created, updated, removed, skipped_admin = [], [], [], 0
    for day, (kind, name) in sorted(wanted.items()):
        row = existing.get(day)
        if row is None:
            created.append(Holiday(date=day, kind=kind, name=name, source="chinesecalendar", updated_at=now))
        elif row.source == "admin":
            skipped_admin += 1
        elif (row.kind, row.name) != (kind, name):
            row.kind, row.name, row.updated_at = kind, name, now
            updated.append(row)
    for day, row in existing.items():
        # A package day that the package no longer lists (a newer package corrected it).
        if row.source == "chinesecalendar" and day.year not in admin_years and day not in wanted:
            removed.append(row.pk)
    Holiday.objects.bulk_create(created, batch_size=500)
    Holiday.objects.bulk_update(updated, ["kind", "name", "updated_at"], batch_size=500)
    Holiday.objects.filter(pk__in=removed).delete()
    years_marked = 0
    for year in years:
        if year in admin_years:
            continue
        _, was_created = HolidayYear.objects.update_or_create(
            year=year,
            defaults={
                "complete": True,
                "source": "chinesecalendar",
                "note": "chinesecalendar 1.11.0（国务院办公厅节假日安排通知）",
                "updated_at": now,
            },
        )
        years_marked += int(was_created)
    changed = bool(created or updated or removed or years_marked)
    if changed or not CalendarVersion.objects.filter(pk=1).exists():
        CalendarVersion.objects.update_or_create(
            pk=1, defaults={"token": uuid.uuid4().hex, "changed_at": now}
        )
    return {
        "years": len(years) - len(admin_years & set(years)),
        "created": len(created),
        "updated": len(updated),
        "removed": len(removed),
        "kept_admin": skipped_admin,
    }
