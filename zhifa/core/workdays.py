"""Working days and legal periods from the holiday table (never from chinesecalendar at run time).

Rules (domain/RULES.md §0):
* 处罚法 Art. 85, 强制法 Art. 69, 复议法 Art. 88: short periods (日 ≤ 10 in 强制法/复议法; 2/3/5/7日 in
  处罚法) are working days — the start day is excluded and n working days are counted forward.
* 民法典 Art. 201 / 民诉法 Art. 85: calendar periods start the day after the trigger;
  民法典 Art. 203: a last day that is a statutory holiday or rest day moves to the next working day.
* 民法典 Art. 202: months/years end on the same-numbered day of the final month, else its last day.
* RULES 0.7: a 调休 make-up Saturday/Sunday counts as a working day — practice, not statute, so it
  is a policy: `CalendarVersion.makeup_days_count_as_workdays`, else the setting
  `ZHIFA_MAKEUP_DAYS_COUNT_AS_WORKDAYS` (default True).
* RULES §9 trap: chinesecalendar's `find_workday(n, d)` counts from the first workday on or after
  d; from Sat 2026-03-07, n=5 it gives 03-16 but the legal answer is 03-13. We step from d+1.

A year counts as covered only with a `HolidayYear(complete=True)` row. In an uncovered year the
functions fall back to the known rows plus the weekend rule, log a warning and add the year to
`report.uncovered_years`; with `strict=True` they raise `CalendarYearUnknown` instead (fail closed).
"""

from __future__ import annotations

import calendar as _calendar
import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import TypedDict

from django.conf import settings
from django.utils import timezone

from .errors import CalendarYearUnknown

__all__ = [
    "CalendarReport",
    "CalendarYearUnknown",
    "PeriodUnit",
    "add_calendar_days",
    "add_months",
    "add_period",
    "add_workdays",
    "add_years",
    "calendar_coverage",
    "covered_years",
    "hours_in_days",
    "is_workday",
    "roll_forward",
    "uncovered_years",
    "workdays_between",
]

logger = logging.getLogger("zhifa.core.workdays")

WARNING_INTERVAL_SECONDS = 600


class PeriodUnit(StrEnum):
    """The unit stored with every period (RULES.md, rule 5 for implementers)."""

    WORKING_DAYS = "wd"
    CALENDAR_DAYS = "cd"
    MONTHS = "months"
    YEARS = "years"
    # A period in hours (强制法第十九条、310令第五条: 24小时) runs by the clock: it is never extended
    # by a holiday (民法典第二百零三条 speaks of 日). On a date-level worklist it ends on the day
    # the last hour falls on (the exact hour is the caller's to show).
    HOURS = "hours"


@dataclass
class CalendarReport:
    """Collects the years a computation had to guess (weekends only); pass one as `report=`."""

    uncovered_years: set[int] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return not self.uncovered_years


@dataclass(frozen=True)
class _CalendarData:
    token: str
    holidays: frozenset[date]
    makeup_workdays: frozenset[date]
    covered: frozenset[int]


_cache: _CalendarData | None = None
_cache_lock = threading.Lock()
_last_warned: dict[int, float] = {}


def _load() -> tuple[_CalendarData, bool]:
    """The calendar of the current version (one small query per call; a reload only on change)."""
    global _cache
    from .models import CalendarVersion, Holiday, HolidayKind, HolidayYear

    row = CalendarVersion.objects.filter(pk=1).values_list("token", "makeup_days_count_as_workdays").first()
    token = row[0] if row else ""
    policy = row[1] if row and row[1] is not None else None
    makeup_counts = (
        policy if policy is not None else bool(getattr(settings, "ZHIFA_MAKEUP_DAYS_COUNT_AS_WORKDAYS", True))
    )
    cached = _cache
    if cached is not None and cached.token == token:
        return cached, makeup_counts
    with _cache_lock:
        holidays: set[date] = set()
        makeup: set[date] = set()
        for day, kind in Holiday.objects.values_list("date", "kind"):
            (makeup if kind == HolidayKind.MAKEUP_WORKDAY else holidays).add(day)
        covered = frozenset(HolidayYear.objects.filter(complete=True).values_list("year", flat=True))
        data = _CalendarData(token, frozenset(holidays), frozenset(makeup), covered)
        if token:  # never cache a table without a version row (e.g. flushed by a test)
            _cache = data
    return data, makeup_counts


def invalidate_cache() -> None:
    """Forget the in-process calendar (the version token also triggers a reload everywhere)."""
    global _cache
    with _cache_lock:
        _cache = None


class _Run:
    """One public call: the calendar snapshot, the policy and the years found uncovered."""

    def __init__(self, *, strict: bool, report: CalendarReport | None) -> None:
        self.data, self.makeup_counts = _load()
        self.strict = strict
        self.report = report
        self.missing: set[int] = set()

    def is_workday(self, d: date) -> bool:
        if d.year not in self.data.covered:
            if self.strict:
                raise CalendarYearUnknown(d.year)
            self.missing.add(d.year)
        if d in self.data.holidays:
            return False
        if d in self.data.makeup_workdays:
            return self.makeup_counts  # RULES 0.7 (policy)
        return d.weekday() < 5

    def roll_forward(self, d: date) -> date:
        # 民法典 Art. 203: a last day on a statutory holiday / rest day → the next working day.
        while not self.is_workday(d):
            d += timedelta(days=1)
        return d

    def finish(self) -> None:
        if not self.missing:
            return
        if self.report is not None:
            self.report.uncovered_years |= self.missing
        now = time.monotonic()
        for year in sorted(self.missing):
            if now - _last_warned.get(year, -WARNING_INTERVAL_SECONDS) >= WARNING_INTERVAL_SECONDS:
                _last_warned[year] = now
                logger.warning(
                    "%s年节假日安排未录入：工作日按周一至周五估算（仅排除周末），期限可能不准确", year
                )


def is_workday(d: date, *, strict: bool = False, report: CalendarReport | None = None) -> bool:
    """Mon–Fri that is not a holiday, plus 调休 make-up days under the policy (RULES 0.7)."""
    run = _Run(strict=strict, report=report)
    result = run.is_workday(d)
    run.finish()
    return result


def roll_forward(d: date, *, strict: bool = False, report: CalendarReport | None = None) -> date:
    """`d` if it is a working day, else the next working day (民法典 Art. 203)."""
    run = _Run(strict=strict, report=report)
    result = run.roll_forward(d)
    run.finish()
    return result


def add_workdays(start: date, n: int, *, strict: bool = False, report: CalendarReport | None = None) -> date:
    """The day on which a period of n working days ends (处罚法 Art. 85; 强制法 Art. 69; 复议法 Art. 88).

    The start day is excluded (民法典 Art. 201) whatever it is — a Saturday start counts from
    Sunday, so Sat 2026-03-07 + 5 WD = Fri 2026-03-13 (not chinesecalendar's 03-16, RULES §9).
    A negative n counts backwards (n working days before `start`, `start` excluded).
    """
    run = _Run(strict=strict, report=report)
    step = timedelta(days=1 if n >= 0 else -1)
    remaining = abs(n)
    d = start
    while remaining:
        d += step
        if run.is_workday(d):
            remaining -= 1
    run.finish()
    return d


def add_calendar_days(
    start: date, n: int, *, strict: bool = False, report: CalendarReport | None = None
) -> date:
    """Last day of a period of n calendar days: counted from the day after `start` (民法典 Art. 201;
    民诉法 Art. 85), moved to the next working day when it is a holiday or rest day (民法典 Art. 203)."""
    if n < 0:
        raise ValueError("calendar periods are counted forward (n ≥ 0)")
    run = _Run(strict=strict, report=report)
    result = run.roll_forward(start + timedelta(days=n))
    run.finish()
    return result


def _same_day_months_later(start: date, n: int) -> date:
    # 民法典 Art. 202: the same-numbered day of the final month, else the last day of that month.
    month_index = start.year * 12 + (start.month - 1) + n
    year, month = divmod(month_index, 12)
    last_day = _calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(start.day, last_day))


def add_months(start: date, n: int, *, strict: bool = False, report: CalendarReport | None = None) -> date:
    """Last day of a period of n months (民法典 Art. 202), rolled off non-working days (Art. 203).
    Jan 31 + 1 month → Feb 28 (29 in leap years), then the next working day if that is a rest day."""
    if n < 0:
        raise ValueError("month periods are counted forward (n ≥ 0)")
    run = _Run(strict=strict, report=report)
    result = run.roll_forward(_same_day_months_later(start, n))
    run.finish()
    return result


def add_years(start: date, n: int, *, strict: bool = False, report: CalendarReport | None = None) -> date:
    """Last day of a period of n years (民法典 Arts. 202, 203): Feb 29 + 1 year → Feb 28, rolled."""
    return add_months(start, 12 * n, strict=strict, report=report)


def add_period(
    start: date,
    amount: int,
    unit: PeriodUnit | str,
    *,
    strict: bool = False,
    report: CalendarReport | None = None,
) -> date:
    """Dispatch on the stored unit of a period (deadline rules store amount + unit)."""
    unit = PeriodUnit(unit)
    if unit is PeriodUnit.WORKING_DAYS:
        return add_workdays(start, amount, strict=strict, report=report)
    if unit is PeriodUnit.CALENDAR_DAYS:
        return add_calendar_days(start, amount, strict=strict, report=report)
    if unit is PeriodUnit.MONTHS:
        return add_months(start, amount, strict=strict, report=report)
    if unit is PeriodUnit.HOURS:
        return start + timedelta(days=hours_in_days(amount))
    return add_years(start, amount, strict=strict, report=report)


def hours_in_days(hours: int) -> int:
    """The days a period of `hours` reaches past its start day, at most (24 → 1, 36 → 2, 0 → 0)."""
    return -(-hours // 24)


def workdays_between(a: date, b: date, *, strict: bool = False, report: CalendarReport | None = None) -> int:
    """Working days in (a, b] — the inverse of add_workdays: workdays_between(a, add_workdays(a, n)) == n
    for n ≥ 1. Negative when b < a."""
    if b < a:
        return -workdays_between(b, a, strict=strict, report=report)
    run = _Run(strict=strict, report=report)
    count = 0
    d = a + timedelta(days=1)
    while d <= b:
        if run.is_workday(d):
            count += 1
        d += timedelta(days=1)
    run.finish()
    return count


def covered_years() -> list[int]:
    """Years with a complete holiday schedule (HolidayYear.complete)."""
    data, _ = _load()
    return sorted(data.covered)


def uncovered_years(start: date, end: date) -> set[int]:
    """Years between `start` and `end` (inclusive, either order) without a complete schedule."""
    low, high = sorted((start.year, end.year))
    covered = set(covered_years())
    return {year for year in range(low, high + 1) if year not in covered}


class Coverage(TypedDict):
    covered_years: list[int]
    missing: list[int]
    ok: bool


def calendar_coverage(today: date | None = None) -> Coverage:
    """What `check_calendar` prints and the admin banner shows: the current year must be covered,
    and from November on also the next one (the 国办 notice usually appears in Nov/Dec, RULES §9)."""
    today = today or timezone.localdate()
    covered = covered_years()
    needed = [today.year] + ([today.year + 1] if today.month >= 11 else [])
    missing = [year for year in needed if year not in covered]
    return {"covered_years": covered, "missing": missing, "ok": not missing}
