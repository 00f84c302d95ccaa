"""Shared steps of the publication services: lock and authorise, trace, check the masking."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from zhifa.core.audit import Actor
from zhifa.core.errors import Conflict, ValidationError

from ..masking import PartyFacts, find_leaks, leak_message, mask_context
from ..models import Publication, PublicationChange, PublicationState
from ..planning import FIELD_LABELS, context_of
from ..selectors.officer import publication_get_for_manage
from ..sources import SourceRecord, source_for

OPEN_STATES = (PublicationState.PENDING, PublicationState.PUBLISHED)


def lock_row(*, publication_id: int, version: int | None, user: Any) -> Publication:
    if user is not None:
        publication_get_for_manage(user, publication_id)
    row = Publication.objects.select_for_update().filter(pk=publication_id).first()
    if row is None:
        raise ValidationError("公示信息不存在")
    if version is not None and row.version != version:
        raise Conflict("公示信息已被他人修改，请刷新后重试")
    return row


def source_record(row: Publication) -> SourceRecord | None:
    source = source_for(row.subject_type)
    return source.load(row.subject_id) if source is not None else None


def check_clean(row: Publication, record: SourceRecord | None, values: dict[str, str]) -> None:
    """Refuse a public text holding an unmasked identity number, a mobile number or the full name of
    a natural person named in the record (RULES §6.3)."""
    ctx = mask_context(PartyFacts(kind=row.party_kind, name="")) if record is None else context_of(record)
    leaks = find_leaks(values, ctx, labels=FIELD_LABELS)
    if leaks:
        raise ValidationError(leak_message(leaks), fields={"value": [leak_message(leaks)]})


def trace(row: Publication, actor: Actor, field: str, before: str, after: str, reason: str) -> None:
    PublicationChange.objects.create(
        publication=row,
        field=field,
        before=before,
        after=after,
        reason=reason[:500],
        actor_id=actor.id,
        actor_label=actor.label[:200],
        changed_at=timezone.now(),
    )


def save_row(row: Publication, fields: list[str]) -> None:
    row.version += 1
    row.updated_at = timezone.now()
    row.save(update_fields=[*fields, "version", "updated_at"])


def set_state(row: Publication, actor: Actor, new: str, reason: str) -> None:
    before = row.get_state_display()
    row.state = new
    trace(row, actor, "state", str(before), str(PublicationState(new).label), reason)


def require_text(value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(message)
    return value
