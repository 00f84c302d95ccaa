"""Writes of the core kernel: the holiday calendar (admin-maintained; RULES.md §0.7, §9).

Every write bumps the calendar version token (each process reloads its in-memory calendar) and
is audited. Editing or deleting any day of a year hands that year over to the administrators
(`HolidayYear.source = admin`): `seed_holidays` never touches such a year again, so a re-seed
cannot undo an administrator's correction.
"""

from __future__ import annotations

import uuid
from datetime import date

from django.db import transaction
from django.utils import timezone

from .audit import Actor, audit_append
from .errors import NotFound, ValidationError
from .models import CalendarSource, CalendarVersion, Holiday, HolidayKind, HolidayYear


def _bump_version() -> None:
    CalendarVersion.objects.update_or_create(
        pk=1, defaults={"token": uuid.uuid4().hex, "changed_at": timezone.now()}
    )


def _adopt_year(year: int) -> HolidayYear:
    """The year becomes admin-maintained (keeps its `complete` flag)."""
    row, created = HolidayYear.objects.select_for_update().get_or_create(
        year=year, defaults={"complete": False, "source": CalendarSource.ADMIN, "updated_at": timezone.now()}
    )
    if not created and row.source != CalendarSource.ADMIN:
        row.source = CalendarSource.ADMIN
        row.updated_at = timezone.now()
        row.save(update_fields=["source", "updated_at"])
    return row


def holiday_set(*, actor: Actor, date: date, kind: str, name: str = "") -> Holiday:
    """Create or change one calendar day (a 法定节假日 day off or a 调休上班 make-up workday)."""
    if kind not in HolidayKind.values:
        raise ValidationError("节假日类型无效", fields={"kind": ["请选择“法定节假日”或“调休上班”"]})
    if kind == HolidayKind.MAKEUP_WORKDAY and date.weekday() < 5:
        raise ValidationError(
            "调休上班日应为周六或周日", fields={"date": [f"{date:%Y-%m-%d}是工作日，无需设为调休上班"]}
        )
    name = name.strip()[:100]
    with transaction.atomic():
        _adopt_year(date.year)
        row = Holiday.objects.select_for_update().filter(date=date).first()
        before = None if row is None else {"kind": row.kind, "name": row.name, "source": row.source}
        if row is None:
            row = Holiday.objects.create(
                date=date, kind=kind, name=name, source=CalendarSource.ADMIN, updated_at=timezone.now()
            )
        else:
            row.kind, row.name, row.source, row.updated_at = kind, name, CalendarSource.ADMIN, timezone.now()
            row.save(update_fields=["kind", "name", "source", "updated_at"])
        _bump_version()
        audit_append(
            actor=actor,
            action="core.holiday.set",
            subject=row,
            payload={"date": date.isoformat(), "kind": kind, "name": name, "before": before},
        )
    return row


def holiday_delete(*, actor: Actor, date: date) -> None:
    """Remove one day from the table: it becomes an ordinary day (Mon–Fri working, weekend rest)."""
    with transaction.atomic():
        row = Holiday.objects.select_for_update().filter(date=date).first()
        if row is None:
            raise NotFound(f"{date:%Y-%m-%d}不在节假日表中")
        _adopt_year(date.year)
        before = {"kind": row.kind, "name": row.name, "source": row.source}
        audit_append(
            actor=actor,
            action="core.holiday.delete",
            subject=row,
            payload={"date": date.isoformat(), "before": before},
        )
        row.delete()
        _bump_version()


def holiday_year_set(*, actor: Actor, year: int, complete: bool, note: str = "") -> HolidayYear:
    """Mark a year's schedule complete (the year then counts as covered) or incomplete."""
    if not 1990 <= year <= 2200:
        raise ValidationError("年份超出范围", fields={"year": ["请输入1990–2200之间的年份"]})
    with transaction.atomic():
        row = _adopt_year(year)
        before = {"complete": row.complete, "note": row.note}
        row.complete, row.note, row.updated_at = complete, note.strip()[:200], timezone.now()
        row.save(update_fields=["complete", "note", "updated_at"])
        _bump_version()
        audit_append(
            actor=actor,
            action="core.holiday_year.set",
            subject=row,
            payload={"year": year, "complete": complete, "note": row.note, "before": before},
        )
    return row


def holiday_year_delete(*, actor: Actor, year: int) -> None:
    """Forget a year's coverage row (its days stay; the year counts as uncovered)."""
    with transaction.atomic():
        row = HolidayYear.objects.select_for_update().filter(year=year).first()
        if row is None:
            raise NotFound(f"{year}年没有年度记录")
        audit_append(
            actor=actor,
            action="core.holiday_year.delete",
            subject=row,
            payload={"year": year, "before": {"complete": row.complete, "source": row.source}},
        )
        row.delete()
        _bump_version()


def calendar_policy_set(*, actor: Actor, makeup_days_count_as_workdays: bool | None) -> CalendarVersion:
    """RULES 0.7: whether 调休 make-up days count as working days (None = use the setting)."""
    with transaction.atomic():
        row, _ = CalendarVersion.objects.select_for_update().get_or_create(
            pk=1, defaults={"token": uuid.uuid4().hex}
        )
        before = row.makeup_days_count_as_workdays
        row.makeup_days_count_as_workdays = makeup_days_count_as_workdays
        row.token, row.changed_at = uuid.uuid4().hex, timezone.now()
        row.save(update_fields=["makeup_days_count_as_workdays", "token", "changed_at"])
        audit_append(
            actor=actor,
            action="core.calendar_policy.set",
            subject=row,
            payload={"makeup_days_count_as_workdays": makeup_days_count_as_workdays, "before": before},
        )
    return row
