"""How a publication ends before its time: the decision varied or revoked (D15: withdraw within
3 WD with a public note) or credit repaired (SAMR 公示规定第十四条; 国家发展改革委令第58号/第36号).
Same discipline as `lifecycle`: one transaction, row locked, version checked, traced, audited."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhifa.core.audit import Actor, audit_append
from zhifa.core.errors import Conflict, ValidationError
from zhifa.core.workdays import add_workdays

from .. import rules
from ..models import Publication, PublicationState
from ..sources import source_for
from .common import (
    OPEN_STATES,
    check_clean,
    lock_row,
    require_text,
    save_row,
    set_state,
    source_record,
    trace,
)


def publication_mark_revoked(
    *,
    actor: Actor,
    publication_id: int,
    revoked_on: date,
    reason: str,
    version: int | None = None,
    today: date | None = None,
    user: Any = None,
) -> Publication:
    """Record that the decision was varied, revoked, confirmed unlawful or void on `revoked_on`:
    the 3-WD withdrawal clock starts (D15) and the row shows on the 应撤回 list until withdrawn."""
    reason = require_text(reason, "请说明决定变更或撤销的情况")
    with transaction.atomic():
        row = lock_row(publication_id=publication_id, version=version, user=user)
        if row.state not in OPEN_STATES:
            raise Conflict(f"公示信息{row.get_state_display()}，无需撤回")
        _check_revoked_on(row, revoked_on, today or timezone.localdate())
        row.revoked_on = revoked_on
        row.withdraw_due_on = add_workdays(revoked_on, rules.WITHDRAW_WORKDAYS)
        trace(
            row,
            actor,
            "revoked_on",
            "",
            f"{revoked_on:%Y-%m-%d}（应于{row.withdraw_due_on:%Y-%m-%d}前撤回）",
            reason,
        )
        save_row(row, ["revoked_on", "withdraw_due_on"])
        audit_append(
            actor=actor,
            action="disclosure.publication.revoked",
            subject=row,
            payload={
                "revoked_on": revoked_on.isoformat(),
                "withdraw_due_on": row.withdraw_due_on.isoformat(),
            },
        )
    return row


def _check_revoked_on(row: Publication, revoked_on: date, today: date) -> None:
    if revoked_on < row.decided_on:
        raise ValidationError("决定变更/撤销日期不能早于原决定日期")
    if revoked_on > today:
        raise ValidationError("决定变更/撤销日期不能晚于今天")


def publication_source_revoked(
    *,
    actor: Actor,
    subject_type: str,
    subject_id: int,
    revoked_on: date,
    reason: str,
    today: date | None = None,
) -> Publication | None:
    """Hook for the owning apps (a 复议/诉讼 result that revokes a penalty …): starts the withdrawal
    clock of the record's publication, if it has one that is pending or public."""
    row = Publication.objects.filter(
        subject_type=subject_type, subject_id=subject_id, state__in=OPEN_STATES
    ).first()
    if row is None:
        return None
    return publication_mark_revoked(
        actor=actor, publication_id=row.pk, revoked_on=revoked_on, reason=reason, version=None, today=today
    )


def publication_withdraw(
    *,
    actor: Actor,
    publication_id: int,
    public_note: str,
    revoked_on: date | None = None,
    version: int | None,
    today: date | None = None,
    user: Any = None,
) -> Publication:
    """Withdraw after the decision was varied or revoked (处罚法第48条第2款; SAMR 公示规定第11条):
    within 3 WD of `revoked_on`, with a public note kept on the portal (public_withdrawals). A late
    withdrawal is still made, and recorded as late."""
    public_note = require_text(public_note, "请填写公开的撤回说明")
    today = today or timezone.localdate()
    with transaction.atomic():
        row = lock_row(publication_id=publication_id, version=version, user=user)
        if row.state not in OPEN_STATES:
            raise Conflict(f"公示信息{row.get_state_display()}，不能撤回")
        revoked_on = revoked_on or row.revoked_on
        if revoked_on is None:
            raise ValidationError("请填写决定变更或撤销的日期")
        _check_revoked_on(row, revoked_on, today)
        check_clean(row, source_record(row), {"end_note": public_note})
        if row.revoked_on != revoked_on or row.withdraw_due_on is None:
            row.revoked_on = revoked_on
            row.withdraw_due_on = add_workdays(revoked_on, rules.WITHDRAW_WORKDAYS)
        late = today > row.withdraw_due_on
        row.ended_at = timezone.now()
        row.end_note = public_note
        reason = f"决定变更/撤销（{revoked_on:%Y-%m-%d}），撤回公示" + (
            f"（逾期：应于{row.withdraw_due_on:%Y-%m-%d}前撤回）" if late else ""
        )
        set_state(row, actor, PublicationState.WITHDRAWN, reason)
        save_row(row, ["state", "ended_at", "end_note", "revoked_on", "withdraw_due_on"])
        audit_append(
            actor=actor,
            action="disclosure.publication.withdraw",
            subject=row,
            payload={
                "revoked_on": revoked_on.isoformat(),
                "withdraw_due_on": row.withdraw_due_on.isoformat(),
                "late": late,
                "note": public_note,
            },
        )
    return row


def publication_repair(
    *,
    actor: Actor,
    publication_id: int,
    version: int | None,
    harm_removed: bool,
    not_listed: bool = True,
    commitment: str = "",
    note: str = "",
    today: date | None = None,
    user: Any = None,
) -> Publication:
    """Early take-down after credit repair (SAMR 公示规定第十四条; 国家发展改革委令第58号/第36号):
    only once the minimum period has run, the obligations are performed (read from the source),
    the harm removed, no later penalty of the same type, and — SAMR — not on the 异常名录 /
    严重违法失信名单, or — credit rules — a public 信用承诺. Refused with every missing condition named."""
    today = today or timezone.localdate()
    with transaction.atomic():
        row = lock_row(publication_id=publication_id, version=version, user=user)
        if row.state != PublicationState.PUBLISHED:
            raise Conflict(f"公示信息{row.get_state_display()}，不能办理信用修复")
        if row.kind != "penalty":
            raise ValidationError("只有行政处罚信息可以办理信用修复提前撤下")
        record = source_record(row)
        source = source_for(row.subject_type)
        facts = rules.RepairFacts(
            regime=row.regime,
            kinds=record.penalty_kinds if record else (),
            repair_from=row.repair_from,
            obligations_performed=bool(record and record.obligations_performed),
            repeated=bool(record and source and source.repeated_after(record)),
            harm_removed=harm_removed,
            not_listed=not_listed,
            commitment=commitment,
        )
        problems = rules.repair_refusals(facts, today)
        if problems:
            raise ValidationError("不符合提前停止公示的条件：" + "；".join(problems))
        row.ended_at = timezone.now()
        row.end_note = "信用修复，提前停止公示"
        reason = "信用修复提前撤下" + (f"：{note.strip()}" if note.strip() else "")
        if commitment.strip():
            reason += f"（信用承诺：{commitment.strip()[:200]}）"
        set_state(row, actor, PublicationState.REPAIRED, reason)
        save_row(row, ["state", "ended_at", "end_note"])
        audit_append(
            actor=actor,
            action="disclosure.publication.repair",
            subject=row,
            payload={
                "regime": row.regime,
                "harm_removed": harm_removed,
                "not_listed": not_listed,
                "commitment": commitment,
            },
        )
    return row
