"""Deadline rules and the one function that computes a due date (RULES.md §0, §1.2, §9).

How a period is counted (all through `zhifa.core.workdays`, which reads the holiday table):

* Working-day periods (处罚法 Art. 85; 强制法 Art. 69; 复议法 Art. 88): the trigger day is excluded
  and n working days are counted forward; 调休 make-up weekend days count (RULES 0.7, policy).
* Calendar periods (民法典 Art. 201; 民诉法 Art. 85): they start the day after the trigger; months and
  years end on the same-numbered day (民法典 Art. 202); a last day on a statutory holiday or rest
  day moves to the next working day (民法典 Art. 203; SAMR Art. 80).
* Hour periods (强制法第十九条、310令第五条: 24小时) run by the clock and are never rolled: the
  row ends on the day the last hour falls on; the owning page shows the exact hour.
* Extensions (e.g. SAMR Art. 64: +30 days with the head's approval) continue the period from its
  current, not yet rolled, end in their own unit; the roll of Art. 203 applies once, to the last day
  of the whole (extended) period.
* Suspensions (SAMR Art. 18 ¶2, Art. 38 ¶3, Art. 64 ¶2 — RULES 0.8; 处罚法 Art. 73 ¶3 for the
  surcharge): the period does not run during [started_on, ended_on). A calendar-unit period is pushed
  by the calendar days of the interval, a working-day period by the working days inside it. An
  interval still open is counted up to `today` (the clock stands still; the date shown is where
  the period would end if the clock ran again today).

Fail closed (RULES rule 6): a working-day period that touches a year without a complete holiday
schedule raises `CalendarYearUnknown`. A calendar period needs the calendar only to roll its last
day: in an uncovered year it is rolled off weekends only and reported `provisional` (recomputed
when the year is loaded, see `deadlines_recompute`).
"""

from __future__ import annotations

import calendar as _calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from zhifa.core.workdays import (
    CalendarReport,
    PeriodUnit,
    add_workdays,
    hours_in_days,
    roll_forward,
    workdays_between,
)


@dataclass(frozen=True)
class DeadlineRule:
    """A kind of legal clock, defined in code by the owning app (e.g. cases), e.g.
    `DeadlineRule("penalty.decision", "作出处罚决定期限", 90, PeriodUnit.CALENDAR_DAYS,
    "行政处罚法 第60条")`."""

    code: str
    title: str
    amount: int
    unit: PeriodUnit
    basis: str
    due_soon_days: int = 3  # default lead for yellow; DeadlineAlertSetting overrides per rule code


@dataclass(frozen=True)
class PeriodSpec:
    """An extension of a period (amount + unit, RULES rule 5)."""

    amount: int
    unit: PeriodUnit | str


@dataclass(frozen=True)
class Interval:
    """A suspension [started_on, ended_on); ended_on None = still suspended."""

    started_on: date
    ended_on: date | None = None


@dataclass(frozen=True)
class DueResult:
    due_on: date
    suspended: bool  # an interval is still open: the clock stands still
    provisional: bool  # rolled in a year without a complete holiday schedule (calendar units only)


def same_day_months_later(start: date, n: int) -> date:
    """民法典 Art. 202: the same-numbered day of the final month, else that month's last day (unrolled)."""
    index = start.year * 12 + (start.month - 1) + n
    year, month = divmod(index, 12)
    return date(year, month + 1, min(start.day, _calendar.monthrange(year, month + 1)[1]))


def _advance(raw: date, amount: int, unit: PeriodUnit, *, strict: bool, report: CalendarReport) -> date:
    """The unrolled end of a period of `amount` `unit`s that follows `raw`."""
    if unit is PeriodUnit.WORKING_DAYS:
        return add_workdays(raw, amount, strict=strict, report=report)
    if unit is PeriodUnit.CALENDAR_DAYS:
        return raw + timedelta(days=amount)
    if unit is PeriodUnit.MONTHS:
        return same_day_months_later(raw, amount)
    if unit is PeriodUnit.HOURS:
        return raw + timedelta(days=hours_in_days(amount))
    return same_day_months_later(raw, 12 * amount)


def compute_due(
    *,
    amount: int,
    unit: PeriodUnit | str,
    started_on: date,
    extensions: Sequence[PeriodSpec] = (),
    suspensions: Sequence[Interval] = (),
    today: date | None = None,
) -> DueResult:
    """The due date of a period (see the module docstring for the statutes).

    Raises `CalendarYearUnknown` (fail closed) when a working-day count touches an uncovered year.
    """
    unit = PeriodUnit(unit)
    if amount < 0:
        raise ValueError("期限数不能为负")
    report = CalendarReport()
    working = unit is PeriodUnit.WORKING_DAYS
    raw = _advance(started_on, amount, unit, strict=True, report=report)
    for ext in extensions:
        ext_unit = PeriodUnit(ext.unit)
        raw = _advance(raw, ext.amount, ext_unit, strict=ext_unit is PeriodUnit.WORKING_DAYS, report=report)
    suspended = False
    for interval in sorted(suspensions, key=lambda i: i.started_on):
        end = interval.ended_on
        if end is None:
            suspended = True
            end = max(today or interval.started_on, interval.started_on)
        if end <= interval.started_on:
            continue
        if working:
            # working days inside [started_on, end) = in (started_on - 1, end - 1]
            paused = workdays_between(
                interval.started_on - timedelta(days=1), end - timedelta(days=1), strict=True, report=report
            )
            raw = add_workdays(raw, paused, strict=True, report=report)
        else:
            raw = raw + (end - interval.started_on)
    # 民法典 Art. 203: the last day moves off a holiday / rest day (a WD count already ends on one,
    # except for a zero-length period).
    # Hours run by the clock and are never rolled (PeriodUnit.HOURS).
    due = raw if unit is PeriodUnit.HOURS else roll_forward(raw, strict=working, report=report)
    return DueResult(due_on=due, suspended=suspended, provisional=not report.ok)


# --- colours ----------------------------------------------------------------------------------------


def state_for(due_on: date, today: date, due_soon_days: int) -> str:
    """running / due_soon / overdue of an open, running clock (the day itself still counts: 以内)."""
    days_left = (due_on - today).days
    if days_left < 0:
        return "overdue"
    if days_left <= due_soon_days:
        return "due_soon"
    return "running"


@dataclass(frozen=True)
class Badge:
    colour: str  # blue | yellow | red | grey
    label: str
    days_left: int

    @property
    def css(self) -> str:
        return f"badge badge-{self.colour}"


def badge_for(*, state: str, due_on: date, due_soon_days: int, today: date) -> Badge:
    days_left = (due_on - today).days
    if state == "met":
        return Badge("grey", "已完成", days_left)
    if state == "cancelled":
        return Badge("grey", "已取消", days_left)
    if state == "suspended":
        return Badge("grey", "已中止计算", days_left)
    live = state_for(due_on, today, due_soon_days)
    if live == "overdue":
        return Badge("red", f"已超期{-days_left}天", days_left)
    if days_left == 0:
        return Badge("yellow", "今日到期", 0)
    if live == "due_soon":
        return Badge("yellow", f"剩余{days_left}天", days_left)
    return Badge("blue", f"剩余{days_left}天", days_left)
