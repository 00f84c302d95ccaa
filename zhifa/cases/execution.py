"""Where a served penalty stands in execution (处罚法第66–67、72条; 强制法第45、53–54条): due date
(with an approved deferral), the 加处罚款 accrued as of today, and the window for applying to the
court. Read-only; shown on the case page and in the API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .gates import payment_due_on
from .models import Case
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
        surcharge=late_surcharge(fine=case.decided_fine, due_on=due, as_of=today),
        demand_served_on=case.demand_served_on,
        court_window=court_application_window(
            decision_received_on=case.decision_served_on,
            demand_served_on=case.demand_served_on,
            deferral_ends_on=case.payment_deferred_to,
            strict=False,
        ),
        court_applied_on=case.court_applied_on,
    )
