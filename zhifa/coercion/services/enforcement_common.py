"""Shared pieces of the enforcement services: who may act, locking, saving with the audit row, and
the facts read from the case (its 催告, payment deadline, surcharge and court window)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from zhifa.cases.execution import execution_status
from zhifa.cases.rules.execution import CourtWindow, Surcharge, court_application_window, late_surcharge
from zhifa.core.audit import Actor, audit_append
from zhifa.core.errors import Conflict

from ..models import Enforcement, EnforcementKind
from ..permissions import CoercionPerm
from .common import owners, require_in_scope


def enforcement_owners(row: Enforcement) -> set[int]:
    return owners(row)


def require_executor(user: Any, row: Enforcement) -> None:
    require_in_scope(user, row, CoercionPerm.EXECUTION_HANDLE, "您不能办理该强制执行")


def lock(enforcement: Enforcement, *states: str) -> Enforcement:
    row = (
        Enforcement.objects.select_for_update(of=("self",))
        .select_related("organisation", "case", "party")
        .get(pk=enforcement.pk)
    )
    if row.version != enforcement.version:
        raise Conflict("强制执行已被他人更新，请刷新后重试")
    if states and row.state not in states:
        raise Conflict(f"强制执行当前状态为“{row.get_state_display()}”，不能办理此操作")
    return row


def save(actor: Actor, row: Enforcement, verb: str, **payload: Any) -> Enforcement:
    row.version += 1
    row.save()
    audit_append(
        actor=actor,
        action=f"coercion.enforcement.{verb}",
        subject=row,
        payload={"state": row.state, "kind": row.kind, "case": row.case_id, **payload},
    )
    return row


def demand_served_on(row: Enforcement) -> date | None:
    """The 催告书's service: the enforcement's own, or the one the case served (action demand_payment)."""
    if row.demand_served_on:
        return row.demand_served_on
    return row.case.demand_served_on if row.case_id and row.case is not None else None


def surcharge(row: Enforcement, today: date) -> Surcharge | None:
    """加处罚款 (强制法第四十五条; 处罚法第七十二条): the cases app's computation — for a case's fine its
    execution status (pauses for 复议/诉讼, instalments), otherwise from the decision's due date."""
    if row.kind != EnforcementKind.MONEY or not row.principal:
        return None
    if row.case_id and row.case is not None:
        status = execution_status(row.case, today)
        if status is not None:
            return status.surcharge
    if row.due_on is None:
        return None
    return late_surcharge(fine=Decimal(row.principal), due_on=row.due_on, as_of=today)


def court_window(row: Enforcement) -> CourtWindow | None:
    """强制法第五十三条、第五十四条 through the cases app's window (6-month litigation period, deferral)."""
    case = row.case if row.case_id else None
    if case is not None and case.decision_served_on is not None:
        return court_application_window(
            decision_received_on=case.decision_served_on,
            demand_served_on=demand_served_on(row),
            deferral_ends_on=case.payment_deferred_to,
            strict=False,
        )
    if row.decision_received_on is None:
        return None
    return court_application_window(
        decision_received_on=row.decision_received_on, demand_served_on=demand_served_on(row), strict=False
    )
