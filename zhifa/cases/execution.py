"""Where a served penalty stands in execution (处罚法第66–67、72条; 强制法第45、53–54条): due date
(with an approved deferral), the 加处罚款 accrued as of today, and the window for applying to the
court. Read-only; shown on the case page and in the API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .gates import payment_due_on
from .models import Case, CaseEvent
from .rules.execution import (
    CourtWindow,
    Instalment,
    Surcharge,
    court_application_window,
    instalment_surcharge,
    late_surcharge,
)


@dataclass(frozen=True)
class ExecutionStatus:
    due_on: date
    deferred_to: date | None
    overdue: bool
    surcharge: Surcharge
    demand_served_on: date | None
    court_window: CourtWindow
    court_applied_on: date | None
    plan: tuple[tuple[date, Decimal, bool], ...] = ()  # 分期: (date, amount, paid)


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
    paused = remedy_intervals(case)  # 第73条第三款: not counted while 复议 or 诉讼 is pending
    # 第72条第一款第一项: 3 % a day from the day after the due date, never above the fine
    surcharge = late_surcharge(fine=case.decided_fine, due_on=due, as_of=today, paused=paused)
    overdue = today > due
    plan_rows: tuple[tuple[date, Decimal, bool], ...] = ()
    if case.payment_plan:
        plan = [Instalment(date.fromisoformat(i["due_on"]), Decimal(i["amount"])) for i in case.payment_plan]
        paid = case.paid_amount or Decimal(0)
        surcharge = instalment_surcharge(plan, paid=paid, as_of=today, paused=paused)
        rows: list[tuple[date, Decimal, bool]] = []
        left = paid
        for inst in plan:
            rows.append((inst.due_on, inst.amount, left >= inst.amount))
            left = max(Decimal(0), left - inst.amount)
        plan_rows = tuple(rows)
        unpaid = [r for r in rows if not r[2]]
        if unpaid:
            due, overdue = unpaid[0][0], today > unpaid[0][0]
    return ExecutionStatus(
        due_on=due,
        deferred_to=case.payment_deferred_to,
        overdue=overdue,
        surcharge=surcharge,
        demand_served_on=case.demand_served_on,
        court_window=court_application_window(
            decision_received_on=case.decision_served_on,
            demand_served_on=case.demand_served_on,
            deferral_ends_on=case.payment_deferred_to,
            strict=False,
        ),
        court_applied_on=case.court_applied_on,
        plan=plan_rows,
    )
