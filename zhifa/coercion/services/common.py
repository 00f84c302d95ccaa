"""Shared pieces of the measure services: who may act, locking, saving with the audit row."""

from __future__ import annotations

from typing import Any

from zhifa.cases.models import CaseHandler
from zhifa.core.audit import Actor, audit_append
from zhifa.core.errors import Conflict, PermissionDenied
from zhifa.orgs.scopes import has_perm, scope_contains

from ..models import Enforcement, Measure
from ..permissions import CoercionPerm


def owners(row: Measure | Enforcement) -> set[int]:
    """Who counts as the row's own handlers: its creator and the handlers of its case."""
    ids = {row.created_by_id}
    if row.case_id:
        ids |= set(CaseHandler.objects.filter(case_id=row.case_id).values_list("user_id", flat=True))
    return {i for i in ids if i}


def require_in_scope(user: Any, row: Measure | Enforcement, perm: str, refusal: str) -> None:
    if not (
        has_perm(user, perm)
        and scope_contains(
            user,
            perm,
            organisation_id=row.organisation_id,
            region_code=row.region_code,
            owner_ids=owners(row),
        )
    ):
        raise PermissionDenied(refusal)


def require_handler(user: Any, row: Measure) -> None:
    require_in_scope(user, row, CoercionPerm.HANDLE, "您不能办理该强制措施")


def locked(measure: Measure, *states: str) -> Measure:
    row = Measure.objects.select_for_update().select_related("organisation").get(pk=measure.pk)
    if row.version != measure.version:
        raise Conflict("强制措施已被他人更新，请刷新后重试")
    if states and row.state not in states:
        raise Conflict(f"强制措施当前状态为“{row.get_state_display()}”，不能办理此操作")
    return row


def save(actor: Actor, measure: Measure, verb: str, **payload: Any) -> Measure:
    measure.version += 1
    measure.save()
    audit_append(
        actor=actor,
        action=f"coercion.measure.{verb}",
        subject=measure,
        payload={"state": measure.state, "kind": measure.kind, "case": measure.case_id, **payload},
    )
    return measure
