"""The officers' reads of publications, scoped and failing closed.

Visibility is the union of `disclosure.publication.view` (every kind) and each kind's publish
codename (`disclosure.penalty.publish` … : that kind only), each through its data scope. 本人
(the 执法人员 role) reaches the publications of the records the officer handles: the cases they are a
handler of, their inspections, the coercion they started or whose case they handle.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from zhifa.core.errors import NotFound, PermissionDenied
from zhifa.core.scopes import DataScope
from zhifa.orgs.scopes import scope_contains, scope_kinds, scope_q

from ..models import Publication, PublicationChange, PublicationState
from ..permissions import PUBLISH_PERM_BY_KIND, DisclosurePerm
from ..sources import SOURCES, source_for

DUE_SOON_DAYS = 3


def owned_q(user: Any) -> Q:
    """本人: publications whose source record the user handles."""
    q = Q(pk__in=[])
    for label, source in SOURCES.items():
        q |= Q(subject_type=label) & source.owners_q(user)
    return q


def scoped(user: Any, perm: str) -> Q:
    return scope_q(user, perm, org_path="organisation_id", region_path="region_code", owner_path=owned_q)


def visible_q(user: Any) -> Q:
    q = scoped(user, DisclosurePerm.VIEW)
    for kind, perm in PUBLISH_PERM_BY_KIND.items():
        q |= Q(kind=kind) & scoped(user, perm)
    return q


def publication_list_for_user(
    user: Any,
    *,
    kind: str = "",
    state: str = "",
    due: str = "",
    organisation_id: int | None = None,
    q: str = "",
    today: date | None = None,
) -> QuerySet[Publication]:
    """The list page: filters kind, state, due ("soon" — to publish within DUE_SOON_DAYS days,
    "overdue" — past its publication deadline or its withdrawal deadline, "withdraw" — decision
    revoked, still to withdraw), unit, keyword (party name, number, title)."""
    today = today or timezone.localdate()
    qs = Publication.objects.filter(visible_q(user))
    if kind:
        qs = qs.filter(kind=kind)
    if state:
        qs = qs.filter(state=state)
    if due == "soon":
        qs = qs.filter(
            state=PublicationState.PENDING,
            due_on__gte=today,
            due_on__lte=today + timedelta(days=DUE_SOON_DAYS),
        )
    elif due == "overdue":
        qs = qs.filter(
            Q(state=PublicationState.PENDING, due_on__lt=today)
            | Q(withdraw_due_on__lt=today, state__in=(PublicationState.PENDING, PublicationState.PUBLISHED))
        )
    elif due == "withdraw":
        qs = qs.filter(
            withdraw_due_on__isnull=False, state__in=(PublicationState.PENDING, PublicationState.PUBLISHED)
        )
    if organisation_id:
        qs = qs.filter(organisation_id=organisation_id)
    if q:
        qs = qs.filter(Q(party_name__contains=q) | Q(number__contains=q) | Q(title__contains=q))
    return qs.order_by("-id")


def publication_get_for_user(user: Any, pk: Any) -> Publication:
    row = Publication.objects.filter(visible_q(user)).filter(pk=pk).select_related("organisation").first()
    if row is None:
        raise NotFound()
    return row


def can_manage(user: Any, row: Publication) -> bool:
    """May `user` review, correct, publish … this row (its kind's publish codename, in scope)?"""
    perm = PUBLISH_PERM_BY_KIND.get(row.kind)
    if perm is None:
        return False
    source = source_for(row.subject_type)
    owners: set[int] = set()
    if source is not None and DataScope.SELF in scope_kinds(user, perm):
        owners = source.owner_ids(row.subject_id)
    return scope_contains(
        user, perm, organisation_id=row.organisation_id, region_code=row.region_code, owner_ids=owners
    )


def publication_get_for_manage(user: Any, pk: Any) -> Publication:
    """The row if `user` may act on it; NotFound when invisible, PermissionDenied when only readable."""
    try:
        key = int(str(pk))
    except (TypeError, ValueError):
        raise NotFound() from None
    row = Publication.objects.filter(pk=key).select_related("organisation").first()
    if row is None:
        raise NotFound()
    if can_manage(user, row):
        return row
    if Publication.objects.filter(visible_q(user)).filter(pk=key).exists():
        raise PermissionDenied("您没有办理此类公示的权限")
    raise NotFound()


def publication_changes(row: Publication) -> list[PublicationChange]:
    return list(row.changes.order_by("changed_at", "id"))


def source_url(row: Publication) -> str:
    source = source_for(row.subject_type)
    return source.url(row.subject_id) if source is not None else ""
