"""Every 310令 time limit on a real calendar, each naming its article (RULES §4): the 3日 limits are
periods of 日 — they start the next day and a last day in the National Day holiday (2026-10-01…07)
moves to Thu 10-08, ending at 24:00 (民法典第二百零一条、第二百零三条) — while the 24小时 limit
runs by the clock through the holiday."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from zhifa.core.audit import Actor
from zhifa.transfers import rules, services

from .test_transfers import deadline, decide, opened_case, request

pytestmark = pytest.mark.django_db
BJ = ZoneInfo("Asia/Shanghai")
D = date


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=BJ)


@pytest.mark.parametrize(
    ("limit", "start", "last_day", "label"),
    [
        # 310令第五条第二款: the head decides within 3日 of the report: 09-29 → Thu 10-02 (国庆) → 10-08
        (rules.HEAD_DECISION, at(D(2026, 9, 29)), D(2026, 10, 8), "2026-10-08 24:00"),
        # a report on Mon 09-21 ends Thu 09-24, a working day: no roll
        (rules.HEAD_DECISION, at(D(2026, 9, 21)), D(2026, 9, 24), "2026-09-24 24:00"),
        # 310令第五条第二款: sent within 24小时 of the approval — through the holiday, by the clock
        (rules.SEND, at(D(2026, 9, 30), 16), D(2026, 10, 1), "2026-10-01 16:00"),
        # 310令第八条: the police decide within 3日 of receipt
        (rules.POLICE_DECISION, at(D(2026, 10, 3)), D(2026, 10, 8), "2026-10-08 24:00"),
        # 310令第九条第一款: the agency asks for reconsideration within 3日 of the refusal
        (rules.RECONSIDERATION_REQUEST, at(D(2026, 9, 28)), D(2026, 10, 8), "2026-10-08 24:00"),
        # 310令第九条第二款: the police decide on it within 3日; supervision proposed within 3日
        (rules.POLICE_RECONSIDERATION, at(D(2026, 10, 6)), D(2026, 10, 9), "2026-10-09 24:00"),
        (rules.SUPERVISION_PROPOSAL, at(D(2026, 10, 7)), D(2026, 10, 10), "2026-10-10 24:00"),  # 调休 Sat
        # 310令第十二条: items and materials handed over within 3日 of the police's 立案
        (rules.HANDOVER, at(D(2026, 9, 30)), D(2026, 10, 8), "2026-10-08 24:00"),
    ],
)
def test_each_310_limit_ends_where_the_law_says(
    limit: rules.Limit, start: datetime, last_day: date, label: str
) -> None:
    from zhifa.worklist.rules import compute_due

    row = limit.deadline_rule
    assert compute_due(amount=row.amount, unit=row.unit, started_on=start.date()).due_on == last_day
    assert rules.due_label(start, limit) == label
    end = rules.due_at(start, limit)
    assert not rules.overdue(start, limit, end - timedelta(seconds=1))
    assert rules.overdue(start, limit, end)


def test_a_transfer_reported_before_national_day_keeps_its_clocks_on_the_worklist(case_world: Any) -> None:
    """The rows the worklist colours carry the same ends as the page (310令第五条、第八条)."""
    w = case_world
    case = opened_case(w)
    with time_machine.travel(at(D(2026, 9, 29))):
        t = request(w, case=case, kind="criminal", reason="涉嫌犯罪", to_body="深圳市公安局罗湖分局")
    assert deadline(t, "transfer.head_decision").due_on == D(2026, 10, 8)
    t = decide(w.head, t, at(D(2026, 9, 30), 16))
    assert deadline(t, "transfer.send").due_on == D(2026, 10, 1)  # 24 hours: not rolled
    with time_machine.travel(at(D(2026, 10, 1), 17)):  # sent after the 24 hours: the row shows it late
        t = services.transfer_send(actor=Actor.of(w.user_a), user=w.user_a, transfer=t)
    sent = deadline(t, "transfer.send")
    assert sent.state == "met"
    assert t.sent_at is not None
    assert rules.overdue(t.decided_at, rules.SEND, t.sent_at)  # 17:00 > 16:00 the next day
    with time_machine.travel(at(D(2026, 10, 3))):
        t = services.transfer_receive(actor=Actor.of(w.user_a), user=w.user_a, transfer=t)
    assert deadline(t, "transfer.police_decision").due_on == D(2026, 10, 8)
    assert t.received_at is not None
