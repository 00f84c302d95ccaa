"""What the public portal may read: published, unexpired, masked rows — and nothing else.

`public_publications()` is the only door from the portal to `Publication`: state PUBLISHED and a
public period that has not ended (`public_until` null or ≥ today). Every other state — pending
review, exempt, expired, repaired, withdrawn — is invisible. The rows hold masked content only
(zhifa.disclosure.masking), so a page may show any of `PUBLIC_FIELDS`.

`public_withdrawals()` serves the public note of D15 (处罚法第48条第2款: a withdrawn decision is
taken down "并公开说明理由"): the withdrawn rows that had been published, with the document number,
the agency and the note — never the party.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from zhifa.core.errors import NotFound

from ..models import Publication, PublicationState

# The columns a public page or export may show (all masked at the source).
PUBLIC_FIELDS = (
    "id",
    "kind",
    "organisation_name",
    "region_code",
    "number",
    "title",
    "party_kind",
    "party_name",
    "party_code",
    "legal_representative",
    "facts",
    "basis",
    "decision",
    "penalty_kinds",
    "fine_amount",
    "confiscation_amount",
    "licence",
    "decided_on",
    "published_at",
    "public_until",
)

# What a withdrawal note shows (D15): which decision, who, when, why — not the party.
WITHDRAWAL_FIELDS = (
    "id",
    "kind",
    "organisation_name",
    "number",
    "title",
    "decided_on",
    "ended_at",
    "end_note",
)


def _open(today: date) -> Q:
    return Q(state=PublicationState.PUBLISHED) & (Q(public_until__isnull=True) | Q(public_until__gte=today))


def public_publications(*, today: date | None = None) -> QuerySet[Publication]:
    """Every publication the public may read today, newest first (index pub_state_recent_idx)."""
    today = today or timezone.localdate()
    return Publication.objects.filter(_open(today)).order_by("-published_at", "-id")


def public_publication(pk: object, *, today: date | None = None) -> Publication:
    """One publication the public may read; anything else — missing, pending, expired, withdrawn —
    is the same NotFound."""
    try:
        key = int(str(pk))
    except (TypeError, ValueError):
        raise NotFound() from None
    row = public_publications(today=today).filter(pk=key).first()
    if row is None:
        raise NotFound()
    return row


def public_withdrawals(*, today: date | None = None) -> QuerySet[Publication]:
    """Withdrawn publications that had been public, with their public note, for as long as the
    original period would have lasted (null = indefinitely); newest first. Show only
    WITHDRAWAL_FIELDS."""
    today = today or timezone.localdate()
    return (
        Publication.objects.filter(state=PublicationState.WITHDRAWN, published_at__isnull=False)
        .filter(Q(public_until__isnull=True) | Q(public_until__gte=today))
        .only(*WITHDRAWAL_FIELDS, "state", "published_at", "public_until")
        .order_by("-ended_at", "-id")
    )
