"""Where a served penalty stands in execution (处罚法第66–67、72条; 强制法第45、53–54条): due date
(with an approved deferral), the 加处罚款 accrued as of today, and the window for applying to the
court. Read-only; shown on the case page and in the API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .gates import payment_due_on
from .models import Case, CaseEvent
from .rules.execution import CourtWindow, Surcharge, court_application_window, late_surcharge


@dataclass(frozen=True)
class ExecutionStatus:
    due_on: date
    deferred_to: date | None
    overdue: bool
    surcharge: Surcharge
    demand_served_on: date | None
    court_window: CourtWindow
    court_applied_on: date | None


REMEDY_KINDS = {"reconsideration": "行政复议", "litigation": "行政诉讼"}


def remedy_intervals(case: Case) -> list[tuple[date, date | None]]:
    """The 复议/诉讼 periods from the timeline (record_remedy … end_remedy), an open one last."""
    intervals: list[tuple[date, date | None]] = []
    events = CaseEvent.objects.filter(case=case, action__in=("record_remedy", "end_remedy")).order_by("id")
    for event in events:
        if event.action == "record_remedy":
            intervals.append((date.fromisoformat(event.payload["remedy_from"]), None))
        elif intervals and intervals[-1][1] is None:
            intervals[-1] = (intervals[-1][0], date.fromisoformat(event.payload["remedy_to"]))
    return intervals


def execution_status(case: Case, today: date) -> ExecutionStatus | None:
    """None when there is nothing to execute (no fine, not yet served, or paid)."""
    due = payment_due_on(case)
    if not case.decided_fine or due is None or case.executed_on or case.decision_served_on is None:
        return None
    return ExecutionStatus(
        due_on=due,
        deferred_to=case.payment_deferred_to,
        overdue=today > due,
        # 第72条第一款第一项: 3 % a day from the day after the due date, never above the fine
        # 第73条第三款: not counted while 复议 or 诉讼 is pending
        surcharge=late_surcharge(
            fine=case.decided_fine, due_on=due, as_of=today, paused=remedy_intervals(case)
        ),
        demand_served_on=case.demand_served_on,
        court_window=court_application_window(
            decision_received_on=case.decision_served_on,
            demand_served_on=case.demand_served_on,
            deferral_ends_on=case.payment_deferred_to,
            strict=False,
        ),
        court_applied_on=case.court_applied_on,
    )
