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
