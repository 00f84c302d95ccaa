"""Working days and legal periods from the seeded holiday table (RULES.md §0, §9).

Expected dates are worked out by hand in the comments (2026 schedule: 国办 notice of 2025-11-04)."""

from __future__ import annotations

import logging
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhifa.core import workdays
from zhifa.core.audit import Actor
from zhifa.core.errors import ApplicationError, CalendarYearUnknown
from zhifa.core.services import calendar_policy_set, holiday_delete, holiday_set, holiday_year_set
from zhifa.core.workdays import (
    CalendarReport,
    PeriodUnit,
    add_calendar_days,
    add_months,
    add_period,
    add_workdays,
    add_years,
    is_workday,
    uncovered_years,
    workdays_between,
)

pytestmark = pytest.mark.django_db

D = date
ADMIN = Actor.system("test")


@pytest.fixture(autouse=True)
def _fresh_warnings() -> None:
    workdays._last_warned.clear()


# --- is_workday ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 1, 1), False),  # 元旦 Thu
        (D(2026, 1, 4), True),  # Sun, 调休上班 for 元旦
        (D(2026, 2, 14), True),  # Sat, 调休上班 for 春节
        (D(2026, 2, 16), False),  # Mon inside 春节 Feb 15–23
        (D(2026, 2, 23), False),  # Mon, last day of 春节
        (D(2026, 2, 24), True),
        (D(2026, 2, 28), True),  # Sat, 调休上班
        (D(2026, 3, 7), False),  # ordinary Saturday
        (D(2026, 3, 9), True),  # ordinary Monday
        (D(2026, 9, 20), True),  # Sun, 调休上班 for 国庆
        (D(2026, 10, 7), False),  # Wed, 国庆
        (D(2026, 10, 10), True),  # Sat, 调休上班
        (D(2026, 10, 11), False),  # ordinary Sunday
    ],
)
def test_is_workday_follows_the_2026_schedule(day: date, expected: bool) -> None:
    assert is_workday(day) is expected


def test_is_workday_matches_chinesecalendar_on_every_day_2004_to_2026() -> None:
    import chinese_calendar

    day, mismatches = D(2004, 1, 1), []
    while day <= D(2026, 12, 31):
        if is_workday(day) != chinese_calendar.is_workday(day):
            mismatches.append(day)
        day += timedelta(days=1)
    assert mismatches == []


# --- add_workdays (处罚法 Art. 85; 强制法 Art. 69) -------------------------------------------------


def test_add_workdays_from_a_saturday_avoids_the_find_workday_trap() -> None:
    # Start day excluded: Sun 03-08 is not a workday; Mon 09 … Fri 13 are WD 1–5.
    # chinesecalendar.find_workday(5, 2026-03-07) answers 03-16 (RULES §9 trap).
    assert add_workdays(D(2026, 3, 7), 5) == D(2026, 3, 13)


def test_add_workdays_across_national_day_counts_the_makeup_saturday() -> None:
    # Wed 09-30 excluded; 10-01..10-07 off; Thu 08 (1), Fri 09 (2), Sat 10 调休 (3), Sun 11 off,
    # Mon 12 (4), Tue 13 (5).
    assert add_workdays(D(2026, 9, 30), 5) == D(2026, 10, 13)


def test_add_workdays_across_spring_festival() -> None:
    # Fri 02-13 excluded; Sat 14 调休 (1); 15–23 off; Tue 24 (2), 25 (3), 26 (4), Fri 27 (5);
    # Sat 28 调休 (6); Sun 03-01 off; Mon 03-02 (7).
    assert add_workdays(D(2026, 2, 13), 1) == D(2026, 2, 14)
    assert add_workdays(D(2026, 2, 13), 5) == D(2026, 2, 27)
    assert add_workdays(D(2026, 2, 13), 6) == D(2026, 2, 28)
    assert add_workdays(D(2026, 2, 13), 7) == D(2026, 3, 2)


def test_add_workdays_starting_inside_a_holiday() -> None:
    # Sat 10-03 (国庆) excluded; 04–07 off; Thu 08 (1), Fri 09 (2), Sat 10 调休 (3).
    assert add_workdays(D(2026, 10, 3), 3) == D(2026, 10, 10)


def test_add_workdays_zero_and_negative() -> None:
    assert add_workdays(D(2026, 10, 3), 0) == D(2026, 10, 3)
    # 3 working days before Thu 10-08 (counting back, 10-01..07 off): Wed 09-30 (1), Tue 29 (2), Mon 28 (3).
    assert add_workdays(D(2026, 10, 8), -3) == D(2026, 9, 28)


def test_makeup_days_policy_setting_excludes_makeup_saturdays(settings) -> None:
    settings.ZHIFA_MAKEUP_DAYS_COUNT_AS_WORKDAYS = False
    # Without 调休 days: Thu 08 (1), Fri 09 (2), Mon 12 (3), Tue 13 (4), Wed 14 (5).
    assert add_workdays(D(2026, 9, 30), 5) == D(2026, 10, 14)
    assert is_workday(D(2026, 10, 10)) is False


def test_makeup_days_policy_row_overrides_the_setting(settings) -> None:
    settings.ZHIFA_MAKEUP_DAYS_COUNT_AS_WORKDAYS = True
    calendar_policy_set(actor=ADMIN, makeup_days_count_as_workdays=False)
    assert is_workday(D(2026, 2, 14)) is False
    calendar_policy_set(actor=ADMIN, makeup_days_count_as_workdays=None)
    assert is_workday(D(2026, 2, 14)) is True


# --- calendar periods (民法典 Arts. 201, 203; 民诉法 Art. 85) ------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2026, 9, 16), 15, D(2026, 10, 8)),  # last day 10-01 (国庆) → first day after the holiday
        (D(2026, 9, 22), 15, D(2026, 10, 8)),  # last day 10-07 → 10-08
        (D(2026, 9, 25), 15, D(2026, 10, 10)),  # last day Sat 10-10 is a 调休 workday: stays
        (D(2026, 9, 26), 15, D(2026, 10, 12)),  # last day Sun 10-11 → Mon 10-12
        (D(2026, 3, 1), 15, D(2026, 3, 16)),  # last day Mon 03-16: no roll
        (D(2026, 3, 6), 1, D(2026, 3, 9)),  # last day Sat 03-07 → Mon 03-09
        (D(2026, 1, 31), 15, D(2026, 2, 24)),  # last day Mon 02-15 (春节) → Tue 02-24
    ],
)
def test_add_calendar_days_rolls_a_last_day_off_holidays_and_rest_days(
    start: date, n: int, expected: date
) -> None:
    assert add_calendar_days(start, n) == expected


def test_add_calendar_days_rejects_negative_periods() -> None:
    with pytest.raises(ValueError, match="forward"):
        add_calendar_days(D(2026, 1, 1), -1)


# --- months and years (民法典 Art. 202, then Art. 203) -------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2026, 1, 31), 1, D(2026, 2, 28)),  # no Feb 31 → last day Sat 02-28, a 调休 workday: stays
        (D(2024, 1, 31), 1, D(2024, 2, 29)),  # leap year: Thu 02-29
        (D(2025, 1, 31), 1, D(2025, 2, 28)),  # Fri
        (D(2026, 4, 30), 1, D(2026, 6, 1)),  # Sat 05-30 → Sun → Mon 06-01
        (D(2026, 1, 31), 4, D(2026, 6, 1)),  # 05-31 is a Sunday → Mon 06-01
        (D(2026, 9, 1), 1, D(2026, 10, 8)),  # 10-01 国庆 → 10-08
        (D(2026, 7, 31), 2, D(2026, 9, 30)),  # no Sep 31 → Wed 09-30
        (D(2025, 11, 15), 3, D(2026, 2, 24)),  # 02-15 春节 → 02-24
        (D(2026, 3, 9), 0, D(2026, 3, 9)),
    ],
)
def test_add_months_same_numbered_day_or_month_end_then_rolled(
    start: date, months: int, expected: date
) -> None:
    assert add_months(start, months) == expected


def test_month_end_rest_day_without_makeup_policy_rolls_on(settings) -> None:
    settings.ZHIFA_MAKEUP_DAYS_COUNT_AS_WORKDAYS = False
    # Sat 02-28 is then a rest day → Sun 03-01 → Mon 03-02.
    assert add_months(D(2026, 1, 31), 1) == D(2026, 3, 2)


@pytest.mark.parametrize(
    ("start", "years", "expected"),
    [
        (D(2024, 2, 29), 1, D(2025, 2, 28)),  # no Feb 29 in 2025 → Fri 02-28
        (D(2024, 2, 29), 2, D(2026, 2, 28)),  # Sat 02-28 调休 workday: stays
        (D(2025, 10, 1), 1, D(2026, 10, 8)),  # 10-01 国庆 → 10-08
        (D(2021, 7, 15), 5, D(2026, 7, 15)),  # Wed
    ],
)
def test_add_years(start: date, years: int, expected: date) -> None:
    assert add_years(start, years) == expected


def test_add_period_dispatches_on_the_stored_unit() -> None:
    assert add_period(D(2026, 3, 7), 5, PeriodUnit.WORKING_DAYS) == D(2026, 3, 13)
    assert add_period(D(2026, 9, 16), 15, "cd") == D(2026, 10, 8)
    assert add_period(D(2026, 9, 1), 1, "months") == D(2026, 10, 8)
    assert add_period(D(2025, 10, 1), 1, PeriodUnit.YEARS) == D(2026, 10, 8)


# --- workdays_between ---------------------------------------------------------------------------


def test_workdays_between_counts_start_excluded_end_included() -> None:
    assert workdays_between(D(2026, 9, 30), D(2026, 10, 13)) == 5
    assert workdays_between(D(2026, 10, 13), D(2026, 9, 30)) == -5
    assert workdays_between(D(2026, 3, 9), D(2026, 3, 9)) == 0
    assert workdays_between(D(2026, 2, 13), D(2026, 2, 23)) == 1  # only the 调休 Saturday


# --- years without data -------------------------------------------------------------------------


def test_unknown_year_falls_back_to_weekends_and_warns(caplog: pytest.LogCaptureFixture) -> None:
    report = CalendarReport()
    with caplog.at_level(logging.WARNING, logger="zhifa.core.workdays"):
        # Thu 2026-12-31 excluded; 2027 unknown: Fri 01-01 (1) counts (!), Mon 04 (2) … Thu 07 (5).
        assert add_workdays(D(2026, 12, 31), 5, report=report) == D(2027, 1, 7)
    assert report.uncovered_years == {2027}
    assert not report.ok
    assert "2027年节假日安排未录入" in caplog.text
    assert uncovered_years(D(2026, 12, 1), D(2027, 2, 1)) == {2027}
    assert uncovered_years(D(2026, 1, 1), D(2026, 12, 31)) == set()


def test_unknown_year_raises_when_strict() -> None:
    with pytest.raises(CalendarYearUnknown) as info:
        add_workdays(D(2026, 12, 31), 5, strict=True)
    assert isinstance(info.value, ApplicationError)
    assert info.value.year == 2027
    assert "2027年" in info.value.message
    assert info.value.as_dict()["code"] == "calendar_year_unknown"
    # A computation that stays inside 2026 is fine in strict mode.
    assert add_workdays(D(2026, 12, 1), 5, strict=True) == D(2026, 12, 8)
    with pytest.raises(CalendarYearUnknown):
        add_months(D(2026, 12, 15), 1, strict=True)
    with pytest.raises(CalendarYearUnknown):
        is_workday(D(2003, 5, 1), strict=True)


def test_partially_entered_year_uses_its_rows_but_is_still_reported() -> None:
    holiday_set(actor=ADMIN, date=D(2027, 1, 1), kind="holiday", name="元旦")
    report = CalendarReport()
    # Fri 2027-01-01 is now known as a holiday: Mon 04 (1) … Fri 08 (5).
    assert add_workdays(D(2026, 12, 31), 5, report=report) == D(2027, 1, 8)
    assert report.uncovered_years == {2027}
    holiday_year_set(actor=ADMIN, year=2027, complete=True)
    report = CalendarReport()
    assert add_workdays(D(2026, 12, 31), 5, report=report, strict=True) == D(2027, 1, 8)
    assert report.ok


# --- cache invalidation -------------------------------------------------------------------------


def test_editing_a_holiday_changes_results_at_once() -> None:
    assert add_workdays(D(2026, 3, 6), 1) == D(2026, 3, 9)
    holiday_set(actor=ADMIN, date=D(2026, 3, 9), kind="holiday", name="临时休假")
    assert add_workdays(D(2026, 3, 6), 1) == D(2026, 3, 10)
    holiday_delete(actor=ADMIN, date=D(2026, 3, 9))
    assert add_workdays(D(2026, 3, 6), 1) == D(2026, 3, 9)


def test_calendar_is_loaded_once_per_version(django_assert_num_queries) -> None:
    is_workday(D(2026, 1, 1))  # warm the cache
    with django_assert_num_queries(1):  # only the version token
        add_workdays(D(2026, 1, 1), 200)


def test_deadline_code_never_imports_chinesecalendar() -> None:
    import inspect

    source = inspect.getsource(workdays)
    assert "import chinese_calendar" not in source
    assert "from chinese_calendar" not in source


# --- cross-check against the package (tests may call it; production code may not) --------------


def _reference_add_workdays(start: date, n: int) -> date:
    import chinese_calendar

    d, remaining = start, n
    while remaining:
        d += timedelta(days=1)
        if chinese_calendar.is_workday(d):
            remaining -= 1
    return d


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=st.dates(min_value=D(2005, 1, 1), max_value=D(2026, 11, 30)), n=st.integers(0, 20))
def test_add_workdays_agrees_with_chinesecalendar(start: date, n: int) -> None:
    import chinese_calendar

    result = add_workdays(start, n)
    assert result == _reference_add_workdays(start, n)
    assert workdays_between(start, result) == n
    if chinese_calendar.is_workday(start):
        # find_workday is right only when the start day is itself a workday (RULES §9 trap).
        assert result == chinese_calendar.find_workday(n, start)
