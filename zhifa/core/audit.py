"""The SM3 hash-chained audit trail.

Call `audit_append` inside the same transaction as the write it records: if the write rolls back,
so does its audit event. Logins, sensitive reads (unmasked identity numbers) and configuration
changes are audited the same way.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from .gm import sm3_hex
from .models import AuditChainHead, AuditEvent

GENESIS_HASH = "0" * 64


def canonical_json(payload: dict[str, Any] | None) -> str:
    return json.dumps(payload or {}, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def canonical_text(event: AuditEvent) -> str:
    occurred = event.occurred_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    fields = [
        str(event.seq),
        occurred,
        "" if event.actor_id is None else str(event.actor_id),
        event.actor_label,
        "" if event.organisation_id is None else str(event.organisation_id),
        event.action,
        event.subject_type,
        event.subject_id,
        event.ip,
        event.payload,
    ]
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":"))


def compute_hash(prev_hash: str, event: AuditEvent) -> str:
    return sm3_hex((prev_hash + canonical_text(event)).encode("utf-8"))


@dataclass(frozen=True)
class Actor:
    """Who did it. Built from a user (`Actor.of(user)`) or named for system jobs."""

    id: int | None
    label: str
    organisation_id: int | None = None
    ip: str = ""

    @classmethod
    def of(cls, user: Any, *, ip: str = "") -> Actor:
        if user is None or not getattr(user, "is_authenticated", False):
            return cls(id=None, label="anonymous", ip=ip)
        return cls(
            id=user.pk,
            label=getattr(user, "username", str(user.pk)),
            organisation_id=getattr(user, "organisation_id", None),
            ip=ip,
        )

    @classmethod
    def system(cls, label: str = "system") -> Actor:
        return cls(id=None, label=label)


def subject_ref(subject: models.Model | tuple[str, str] | None) -> tuple[str, str]:
    if subject is None:
        return "", ""
    if isinstance(subject, tuple):
        return subject
    return subject._meta.label_lower, str(subject.pk)


def audit_append(
    *,
    actor: Actor,
    action: str,
    subject: models.Model | tuple[str, str] | None = None,
    payload: dict[str, Any] | None = None,
    occurred_at: datetime | None = None,
) -> AuditEvent:
    """Append one event to the chain (locks the chain head; joins the caller's transaction)."""
    subject_type, subject_id = subject_ref(subject)
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        event = AuditEvent(
            seq=head.last_seq + 1,
            occurred_at=occurred_at or timezone.now(),
            actor_id=actor.id,
            actor_label=actor.label[:150],
            organisation_id=actor.organisation_id,
            action=action,
            subject_type=subject_type,
            subject_id=subject_id,
            ip=actor.ip[:45],
            payload=canonical_json(payload),
            prev_hash=head.last_hash,
        )
        # Round-trip the timestamp through the database precision (microseconds) before hashing.
        event.occurred_at = event.occurred_at.replace(microsecond=event.occurred_at.microsecond)
        event.hash = compute_hash(head.last_hash, event)
        event.save(force_insert=True)
        head.last_seq = event.seq
        head.last_hash = event.hash
        head.save(update_fields=["last_seq", "last_hash"])
    return event


# --- verification ---------------------------------------------------------------------------------

AUDIT_FIELDS = (
    "id",
    "seq",
    "occurred_at",
    "actor_id",
    "actor_label",
    "organisation_id",
    "action",
    "subject_type",
    "subject_id",
    "ip",
    "payload",
    "prev_hash",
    "hash",
)


@dataclass(frozen=True)
class AuditBreak:
    """The first place where the stored chain disagrees with a recomputation.

    `seq` names the broken event (for a missing row: the missing number); `event_id` is the row's
    primary key when a row is to blame (for a renumbered row: the row that left its place).
    """

    seq: int
    reason: str
    event_id: int | None = None


def audit_verify(*, chunk_size: int = 2000) -> AuditBreak | None:
    """Recompute the whole chain in `seq` order, streaming (`iterator(chunk_size)`), and return the
    first break, or None when intact. Checks per row: seq continues without gap, prev_hash equals
    the previous row's hash, and hash = SM3(prev_hash || canonical_text). Then the chain head must
    match the last row (a truncated tail or a forged head is a break).
    """
    head_before = AuditChainHead.objects.filter(pk=1).values_list("last_seq", "last_hash").first()
    expected_seq = 1
    prev_hash = GENESIS_HASH
    last_seq, last_hash = 0, GENESIS_HASH
    rows = AuditEvent.objects.order_by("seq").only(*AUDIT_FIELDS).iterator(chunk_size=chunk_size)
    for event in rows:
        if event.seq != expected_seq:
            if event.seq < expected_seq:
                return AuditBreak(event.seq, f"序号异常：应为{expected_seq}，实为{event.seq}", event.pk)
            # The row that left this place still links to the previous hash (unless deleted).
            displaced = AuditEvent.objects.filter(prev_hash=prev_hash).values_list("pk", flat=True).first()
            return AuditBreak(expected_seq, f"序号{expected_seq}缺失（记录被删除或改号）", displaced)
        if event.prev_hash != prev_hash:
            return AuditBreak(event.seq, "前序哈希与上一条记录不符", event.pk)
        if compute_hash(prev_hash, event) != event.hash:
            return AuditBreak(event.seq, "记录内容与哈希不符（记录被篡改）", event.pk)
        prev_hash = event.hash
        last_seq, last_hash = event.seq, event.hash
        expected_seq += 1
    return _verify_head(head_before, last_seq, last_hash)


def _verify_head(head_before: tuple[int, str] | None, last_seq: int, last_hash: str) -> AuditBreak | None:
    if head_before is None:
        return None if last_seq == 0 else AuditBreak(last_seq, "缺少审计链头记录")
    head_seq, head_hash = head_before
    if last_seq > head_seq:
        # Events appended while we were reading: accept them if the head has moved on as far.
        current = AuditChainHead.objects.filter(pk=1).values_list("last_seq", "last_hash").first()
        if current is not None and (current[0] > last_seq or current == (last_seq, last_hash)):
            return None
        return AuditBreak(head_seq + 1, f"链头序号{head_seq}之后存在未登记的记录")
    if last_seq < head_seq:
        return AuditBreak(last_seq + 1, f"链头序号为{head_seq}，但记录只到{last_seq}（尾部记录被删除）")
    if head_hash != last_hash:
        return AuditBreak(last_seq, "链头哈希与最后一条记录不符")
    return None


def audit_verify_summary(*, chunk_size: int = 2000) -> dict[str, Any]:
    """The JSON summary printed by `manage.py audit_verify` and recorded by the nightly job."""
    broken = audit_verify(chunk_size=chunk_size)
    summary: dict[str, Any] = {"audit_events": AuditEvent.objects.count(), "intact": broken is None}
    if broken is not None:
        summary.update(first_broken_seq=broken.seq, reason=broken.reason, event_id=broken.event_id)
    return summary
