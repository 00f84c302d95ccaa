"""An officer's writes on one publication: correct or redact a field, publish, exempt, withdraw after
the decision was varied or revoked (D15), take down early after credit repair (§6.1 Art. 14,
§6.2). Each write: one transaction, the row locked, the version checked (a stale form loses), a
`PublicationChange` row for the 操作记录 and an audit event.

`user` (optional): when given, the service authorises it itself (the kind's publish codename in
the user's data scope) — views pass it; system callers (the demo, a hook) do not.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhifa.core.audit import Actor, audit_append
from zhifa.core.errors import Conflict, ValidationError

from ..config import ConfigCache
from ..grams import search_grams
from ..models import Publication, PublicationState
from ..planning import FIELD_LABELS, plan_for
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

EDITABLE_FIELDS = (
    "number",
    "title",
    "party_name",
    "party_code",
    "legal_representative",
    "facts",
    "basis",
    "decision",
    "licence",
)
MAX_LENGTH = {
    "number": 128,
    "title": 500,
    "party_name": 200,
    "party_code": 64,
    "legal_representative": 50,
    "licence": 200,
}
PUBLIC_TEXT = (*EDITABLE_FIELDS, "end_note")


def publication_update(
    *,
    actor: Actor,
    publication_id: int,
    field: str,
    value: str,
    reason: str,
    version: int | None,
    user: Any = None,
) -> Publication:
    """An officer's correction or redaction of one public field before or after publishing
    (spec/02 §2.1.1.5: 调整、更正 … 留痕记录, 溯源复核)."""
    if field not in EDITABLE_FIELDS:
        raise ValidationError(f"字段“{FIELD_LABELS.get(field, field)}”不能修改")
    reason = require_text(reason, "请填写修改理由")
    value = (value or "").strip()
    if field in MAX_LENGTH and len(value) > MAX_LENGTH[field]:
        raise ValidationError(f"{FIELD_LABELS[field]}不能超过{MAX_LENGTH[field]}个字符")
    if field in ("title", "party_name") and not value:
        raise ValidationError(f"{FIELD_LABELS[field]}不能为空")
    with transaction.atomic():
        row = lock_row(publication_id=publication_id, version=version, user=user)
        if row.state not in OPEN_STATES:
            raise Conflict(f"公示信息{row.get_state_display()}，不能修改")
        before = str(getattr(row, field) or "")
        if before == value:
            raise ValidationError("修改后的内容与原内容相同")
        check_clean(row, source_record(row), {field: value})
        setattr(row, field, value)
        fields = [field]
        if field in ("party_name", "party_code", "number"):
            row.search_grams = search_grams(
                party_name=row.party_name, party_code=row.party_code, number=row.number
            )
            fields.append("search_grams")
        trace(row, actor, field, before, value, reason)
        save_row(row, fields)
        audit_append(
            actor=actor,
            action="disclosure.publication.update",
            subject=row,
            payload={"field": field, "before": before, "after": value, "reason": reason},
        )
    return row


def publication_publish(
    *, actor: Actor, publication_id: int, version: int | None, today: date | None = None, user: Any = None
) -> Publication:
    """Publish after review: the masking check over every public field, the plan recomputed with
    the configuration in force (period end and earliest repair from the decision date)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        row = lock_row(publication_id=publication_id, version=version, user=user)
        if row.state != PublicationState.PENDING:
            raise Conflict(f"公示信息{row.get_state_display()}，不能公示")
        if row.revoked_on is not None:
            raise Conflict("处罚决定已变更或撤销，应撤回而不是公示")
        record = source_record(row)
        check_clean(row, record, {name: str(getattr(row, name) or "") for name in PUBLIC_TEXT})
        if record is not None:
            plan, _ = plan_for(record, ConfigCache())
            if not plan.publish:
                raise Conflict(f"依现行规则不予公示：{plan.exempt_reason}")
            row.public_until, row.repair_from = plan.public_until, plan.repair_from
            row.severity, row.regime = plan.severity, plan.regime
        if row.public_until is not None and row.public_until < today:
            raise Conflict(f"公示期已于{row.public_until:%Y年%m月%d日}届满，不能再公示")
        row.published_at = timezone.now()
        row.reviewed_by_id = actor.id
        late = today > row.due_on
        note = "审核后公示" + (f"（逾期：应于{row.due_on:%Y年%m月%d日}前公示）" if late else "")
        set_state(row, actor, PublicationState.PUBLISHED, note)
        save_row(
            row, ["state", "published_at", "reviewed_by", "public_until", "repair_from", "severity", "regime"]
        )
        audit_append(
            actor=actor,
            action="disclosure.publication.publish",
            subject=row,
            payload={
                "public_until": row.public_until.isoformat() if row.public_until else None,
                "repair_from": row.repair_from.isoformat() if row.repair_from else None,
                "due_on": row.due_on.isoformat(),
                "late": late,
            },
        )
    return row


def publication_exempt(
    *, actor: Actor, publication_id: int, reason: str, version: int | None, user: Any = None
) -> Publication:
    """Decide not to publish a pending record (secrets, privacy, security — RULES §6.3; a minor the
    library did not know of …), with the reason kept (not public)."""
    reason = require_text(reason, "请填写不予公示的理由")
    with transaction.atomic():
        row = lock_row(publication_id=publication_id, version=version, user=user)
        if row.state != PublicationState.PENDING:
            raise Conflict(f"公示信息{row.get_state_display()}，不能改为不予公示")
        row.exempt_reason = reason[:200]
        set_state(row, actor, PublicationState.EXEMPT, reason)
        save_row(row, ["state", "exempt_reason"])
        audit_append(
            actor=actor, action="disclosure.publication.exempt", subject=row, payload={"reason": reason}
        )
    return row


__all__ = [
    "EDITABLE_FIELDS",
    "publication_exempt",
    "publication_publish",
    "publication_update",
]
