"""What the next push must send: published penalties the platform does not hold in their current
version, and withdrawn (or credit-repaired) penalties it still shows."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from zhifa.disclosure.models import Publication, PublicationKind, PublicationState
from zhifa.orgs.scopes import require_perm, scope_filter

from .models import Operation, PushedRecord, PushReceipt, ReceiptStatus
from .permissions import CreditPushPerm

# Taken down before the end of the period: the platform must stop showing them (RULES D15, §6.1–6.2).
WITHDRAWN_STATES = (PublicationState.WITHDRAWN, PublicationState.REPAIRED)
SCOPE_PATHS: dict[str, Any] = {
    "org_path": "organisation_id",
    "region_path": "region_code",
    "owner_path": None,
}


def _base(user: Any | None, perm: str, organisation_ids: Iterable[int] | None) -> QuerySet[Publication]:
    qs = Publication.objects.filter(kind=PublicationKind.PENALTY).defer("search_grams")
    if user is not None:
        require_perm(user, perm)
        qs = scope_filter(qs, user=user, perm=perm, **SCOPE_PATHS)
    if organisation_ids is not None:
        qs = qs.filter(organisation_id__in=sorted(set(organisation_ids)))
    return qs


def upsert_candidates(
    *, user: Any | None = None, organisation_ids: Iterable[int] | None = None, full: bool = False
) -> QuerySet[Publication]:
    """Published penalties whose current version the platform has not accepted (all of them when
    `full`: the content hash then finds changes made outside the publication, e.g. a party code)."""
    qs = _base(user, CreditPushPerm.RUN, organisation_ids).filter(state=PublicationState.PUBLISHED)
    if full:
        return qs
    held = PushedRecord.objects.filter(
        publication_id=OuterRef("pk"), operation=Operation.UPSERT, publication_version=OuterRef("version")
    )
    return qs.exclude(Exists(held))


def withdraw_candidates(
    *, user: Any | None = None, organisation_ids: Iterable[int] | None = None
) -> QuerySet[Publication]:
    """Withdrawn or credit-repaired penalties the platform still holds as published."""
    shown = PushedRecord.objects.filter(publication_id=OuterRef("pk"), operation=Operation.UPSERT)
    return (
        _base(user, CreditPushPerm.RUN, organisation_ids)
        .filter(state__in=WITHDRAWN_STATES)
        .filter(Exists(shown))
    )


def pushed_records(publication_ids: Iterable[int]) -> dict[int, PushedRecord]:
    return {
        p.publication_id: p for p in PushedRecord.objects.filter(publication_id__in=list(publication_ids))
    }


def rejected_keys(publication_ids: Iterable[int]) -> set[str]:
    """Idempotency keys the platform refused by name: the same content is not sent again."""
    return set(
        PushReceipt.objects.filter(
            publication_id__in=list(publication_ids), status=ReceiptStatus.REJECTED
        ).values_list("idempotency_key", flat=True)
    )
