"""Legal clocks with real 2026 dates (国办 notice of 2025-11-04: 春节 Feb 15–23 off, Feb 14 and
Feb 28 Saturdays worked; 国庆 Oct 1–7 off, Oct 10 Saturday worked). Expected dates by hand."""

from __future__ import annotations

from datetime import date

import pytest

from zhifa.core.errors import CalendarYearUnknown
from zhifa.core.workdays import PeriodUnit
from zhifa.worklist.rules import Interval, PeriodSpec, badge_for, compute_due, state_for

pytestmark = pytest.mark.django_db

CD, WD, MONTHS = PeriodUnit.CALENDAR_DAYS, PeriodUnit.WORKING_DAYS, PeriodUnit.MONTHS


def due(amount: int, unit: PeriodUnit, start: date, **kw: object) -> date:
    return compute_due(amount=amount, unit=unit, started_on=start, **kw).due_on  # type: ignore[arg-type]


def test_payment_period_received_before_national_day_counts_the_holiday_days() -> None:
    # 处罚法 Art. 67: 15 日 (CD) from receipt. 09-29 + 15 = Wed 10-14, a working day: no roll.
    assert due(15, CD, date(2026, 9, 29)) == date(2026, 10, 14)


def test_payment_period_ending_on_national_day_rolls_to_the_first_working_day() -> None:
    # 09-16 + 15 = Thu 10-01 (国庆) → Oct 1–7 off → Thu 10-08 (民法典 Art. 203).
    assert due(15, CD, date(2026, 9, 16)) == date(2026, 10, 8)


def test_calendar_period_ending_on_the_makeup_saturday_does_not_roll() -> None:
    # 09-25 + 15 = Sat 10-10, a 调休 working day (RULES 0.7): it stays.
    assert due(15, CD, date(2026, 9, 25)) == date(2026, 10, 10)


def test_five_working_days_across_spring_festival() -> None:
    # From Thu 02-12: Fri 13 (1), Sat 14 调休 (2), 15–23 off, Tue 24 (3), 25 (4), 26 (5).
    assert due(5, WD, date(2026, 2, 12)) == date(2026, 2, 26)


def test_seven_working_days_across_the_makeup_saturday() -> None:
    # From Tue 02-24: 25 (1), 26 (2), 27 (3), Sat 28 调休 (4), Mar 2 (5), 3 (6), 4 (7).
    assert due(7, WD, date(2026, 2, 24)) == date(2026, 3, 4)
    # From Thu 10-08: Fri 9 (1), Sat 10 调休 (2), Mon 12 (3) … Fri 16 (7).
    assert due(7, WD, date(2026, 10, 8)) == date(2026, 10, 16)


def test_ninety_day_decision_period_rolls_off_a_sunday() -> None:
    # 处罚法 Art. 60: 90 日 from 立案 Mon 03-02 → Sun 05-31 → Mon 06-01.
    assert due(90, CD, date(2026, 3, 2)) == date(2026, 6, 1)


def test_hearing_suspension_of_ten_days_ends_the_period_ten_days_later() -> None:
    # SAMR Art. 64 ¶2: the hearing (04-01 … 04-10, resumed 04-11) does not count: 05-31 + 10 = Wed 06-10.
    result = compute_due(
        amount=90,
        unit=CD,
        started_on=date(2026, 3, 2),
        suspensions=[Interval(date(2026, 4, 1), date(2026, 4, 11))],
    )
    assert result.due_on == date(2026, 6, 10)
    assert result.suspended is False


def test_extension_of_thirty_days_continues_from_the_unrolled_end() -> None:
    # SAMR Art. 64: +30 日 with the head's approval: 05-31 + 30 = Tue 06-30.
    assert due(90, CD, date(2026, 3, 2), extensions=[PeriodSpec(30, CD)]) == date(2026, 6, 30)


def test_working_day_period_suspended_pauses_only_working_days() -> None:
    # SAMR Art. 18: 15 WD from Mon 02-02 → Sat 02-28 (调休). Testing 02-09 … 02-24 (resumed 02-25)
    # holds working days 9–13 (5), Sat 14 (6), Tue 24 (7): +7 WD → Mar 2–6 (5), 9 (6), 10 (7).
    assert due(15, WD, date(2026, 2, 2)) == date(2026, 2, 28)
    suspended = [Interval(date(2026, 2, 9), date(2026, 2, 25))]
    assert due(15, WD, date(2026, 2, 2), suspensions=suspended) == date(2026, 3, 10)


def test_open_suspension_stops_the_clock_and_projects_from_today() -> None:
    result = compute_due(
        amount=90,
        unit=CD,
        started_on=date(2026, 3, 2),
        suspensions=[Interval(date(2026, 4, 1))],
        today=date(2026, 4, 6),
    )
    assert result.suspended is True
    assert result.due_on == date(2026, 6, 5)  # 05-31 + 5 days so far (Fri)


def test_months_end_on_the_same_numbered_day_or_the_last_day() -> None:
    # 民法典 Art. 202: 3 months from 2026-11-30 → 2027-02-28 (Sunday, 2027 unknown: weekend roll only).
    result = compute_due(amount=3, unit=MONTHS, started_on=date(2026, 11, 30))
    assert result.due_on == date(2027, 3, 1)
    assert result.provisional is True


def test_working_day_period_into_2027_fails_closed() -> None:
    with pytest.raises(CalendarYearUnknown) as exc:
        compute_due(amount=5, unit=WD, started_on=date(2026, 12, 28))
    assert "2027年" in exc.value.message


def test_calendar_period_into_2027_is_provisional_not_refused() -> None:
    # 11-15 + 90 = Sat 2027-02-13: rolled off the weekend only, flagged for recompute.
    result = compute_due(amount=90, unit=CD, started_on=date(2026, 11, 15))
    assert result.due_on == date(2027, 2, 15)
    assert result.provisional is True
    assert compute_due(amount=90, unit=CD, started_on=date(2026, 3, 2)).provisional is False


@pytest.mark.parametrize(
    ("today", "state", "colour", "label"),
    [
        (date(2026, 5, 20), "running", "blue", "剩余12天"),
        (date(2026, 5, 29), "due_soon", "yellow", "剩余3天"),
        (date(2026, 6, 1), "due_soon", "yellow", "今日到期"),
        (date(2026, 6, 3), "overdue", "red", "已超期2天"),
    ],
)
def test_state_and_badge_follow_the_due_date(today: date, state: str, colour: str, label: str) -> None:
    due_on = date(2026, 6, 1)
    assert state_for(due_on, today, 3) == state
    badge = badge_for(state="running", due_on=due_on, due_soon_days=3, today=today)
    assert (badge.colour, badge.label) == (colour, label)
    assert badge.css == f"badge badge-{colour}"


def test_finished_or_suspended_clocks_are_grey() -> None:
    for state, label in (("met", "已完成"), ("cancelled", "已取消"), ("suspended", "已中止计算")):
        badge = badge_for(state=state, due_on=date(2026, 6, 1), due_soon_days=3, today=date(2026, 7, 1))
        assert (badge.colour, badge.label) == ("grey", label)


def test_an_hour_period_runs_through_national_day_unrolled() -> None:
    # 强制法第十九条 / 310令第五条第二款: 24小时 from Wed 09-30 end on Thu 10-01 (国庆), by the clock —
    # 民法典第二百零三条 extends periods of 日, not of hours.
    assert due(24, PeriodUnit.HOURS, date(2026, 9, 30)) == date(2026, 10, 1)
    assert due(0, PeriodUnit.HOURS, date(2026, 10, 3)) == date(2026, 10, 3)  # 立即: the same day
    # the same trigger as a 1-day period of 日 rolls to the first working day
    assert due(1, CD, date(2026, 9, 30)) == date(2026, 10, 8)


def test_hours_reach_the_day_their_last_hour_falls_on() -> None:
    from zhifa.core.workdays import add_period, hours_in_days

    assert [hours_in_days(h) for h in (0, 1, 24, 25, 48, 72)] == [0, 1, 1, 2, 2, 3]
    assert add_period(date(2026, 9, 30), 72, PeriodUnit.HOURS) == date(2026, 10, 3)
