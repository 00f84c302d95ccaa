"""并案: duplicate detection (same party or same place within a radius, same violation, within a
window — BEYOND.md §1; 处罚法 第二十九条 one act is not penalised twice) and merging with links kept."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from zhifa.core.audit import Actor, audit_append
from zhifa.core.errors import Conflict, ValidationError
from zhifa.worklist.services import deadline_cancel_rule, tasks_close_for_subject

from ..choices import ClueState
from ..models import Clue, ClueSetting
from ..rules import (
    DEFAULT_DUPLICATE_RADIUS_M,
    DEFAULT_DUPLICATE_WINDOW_DAYS,
    bounding_box,
    haversine_m,
    normalise_text,
    same_violation,
)
from .assign import DEADLINE_RULE_CODE
from .common import lock


@dataclass
class DuplicateCandidate:
    clue: Clue
    reasons: list[str] = field(default_factory=list)
    distance_m: float | None = None


def duplicate_settings(organisation_id: int) -> tuple[int, int]:
    """(radius in metres, window in days): the unit's row, else the default row, else 200 m / 30 d."""
    rows = {
        r.organisation_id: r
        for r in ClueSetting.objects.filter(Q(organisation_id=organisation_id) | Q(organisation__isnull=True))
    }
    row = rows.get(organisation_id) or rows.get(None)
    if row is None:
        return DEFAULT_DUPLICATE_RADIUS_M, DEFAULT_DUPLICATE_WINDOW_DAYS
    return row.duplicate_radius_m, row.duplicate_window_days


def clue_duplicates(clue: Clue, *, within: Any = None) -> list[DuplicateCandidate]:
    """Clues that report the same act: (same party OR same place within the radius) AND same
    violation (and domain when both name one) AND received within the window of this one.
    `within` is the queryset to search (a user's scope); by default the clues of the same units."""
    radius, days = duplicate_settings(clue.organisation_id)
    window = timedelta(days=days)
    qs = (
        within
        if within is not None
        else Clue.objects.filter(
            Q(organisation_id__in=[clue.organisation_id, clue.handling_unit_id])
            | Q(handling_unit_id__in=[clue.organisation_id, clue.handling_unit_id])
        )
    )
    qs = qs.exclude(pk=clue.pk).exclude(state__in=[ClueState.MERGED, ClueState.REJECTED])
    qs = qs.filter(received_at__gte=clue.received_at - window, received_at__lte=clue.received_at + window)
    if clue.domain:
        qs = qs.filter(Q(domain=clue.domain) | Q(domain=""))
    near = Q(pk__in=[])
    if clue.party_id:
        near |= Q(party_id=clue.party_id)
    if clue.party_name:
        near |= Q(party_name=clue.party_name)
    if clue.lat is not None and clue.lng is not None:
        lat0, lat1, lng0, lng1 = bounding_box(float(clue.lat), float(clue.lng), radius)
        near |= Q(lat__gte=lat0, lat__lte=lat1, lng__gte=lng0, lng__lte=lng1)
    found: list[DuplicateCandidate] = []
    for other in qs.filter(near).order_by("received_at", "pk")[:200]:
        if not same_violation(clue.violation, other.violation):
            continue
        candidate = DuplicateCandidate(other)
        if (clue.party_id and other.party_id == clue.party_id) or (
            clue.party_name and normalise_text(other.party_name) == normalise_text(clue.party_name)
        ):
            candidate.reasons.append("同一当事人")
        if None not in (clue.lat, clue.lng, other.lat, other.lng):
            distance = haversine_m(clue.lat, clue.lng, other.lat, other.lng)  # type: ignore[arg-type]
            if distance <= radius:
                candidate.distance_m = round(distance, 1)
                candidate.reasons.append(f"同一地点（相距{distance:.0f}米）")
        if candidate.reasons:
            candidate.reasons.append("同一违法行为")
            found.append(candidate)
    return found


def clue_merge(*, actor: Actor, clue: Clue, into: Clue, note: str = "") -> Clue:
    """并案: `clue` joins `into`. Its reporters stay on it and hear every reply to `into`; its open
    clock and tasks close; the link is kept both ways (merged_into / merged_clues)."""
    if clue.pk == into.pk:
        raise ValidationError("不能与自身并案")
    with transaction.atomic():
        clue = lock(clue)
        target = lock(into)
        if clue.state in (ClueState.MERGED, ClueState.HANDLED, ClueState.REJECTED):
            raise Conflict(f"线索“{clue.number}”已{clue.get_state_display()}，不能并案")
        if target.state in (ClueState.MERGED, ClueState.REJECTED):
            raise Conflict(f"目标线索“{target.number}”已{target.get_state_display()}，不能并入")
        cursor: Clue | None = target
        while cursor is not None and cursor.merged_into_id:  # never a cycle
            if cursor.merged_into_id == clue.pk:
                raise ValidationError("并案会形成循环")
            cursor = Clue.objects.filter(pk=cursor.merged_into_id).first()
        previous = clue.state
        clue.state = ClueState.MERGED
        clue.merged_into = target
        clue.outcome_note = note
        clue.handled_at = timezone.now()
        clue.save(update_fields=["state", "merged_into", "outcome_note", "handled_at", "updated_at"])
        deadline_cancel_rule(
            actor=actor, subject=clue, rule_code=DEADLINE_RULE_CODE, reason=f"并入{target.number}"
        )
        tasks_close_for_subject(actor=actor, subject=clue)
        audit_append(
            actor=actor,
            action="clues.clue.merge",
            subject=clue,
            payload={"into": target.pk, "into_number": target.number, "from_state": previous, "note": note},
        )
    return clue
