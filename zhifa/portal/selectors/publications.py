"""Reads of 执法公示 for the public: only `Publication` rows in state PUBLISHED whose public_until has
not passed (RULES §6.1–6.2: 公示期满撤下), never the source records.

Every read starts from `public_queryset` (today: the portal's own `published_publications`, the
same filter the disclosure app's selectors define).

Search (spec/01 §2.2.5): a keyword found in the party name, 文号 or code (zhifa.portal.search),
filtered by kind, agency, district/street (GB/T 2260 prefixes of `region_code`) and decision date.
Lists are newest published first. Paging stops at BROWSE_CAP rows (a keyword: the newest
MATCH_CAP matches) — deeper pages cost a scan and tell a reader nothing a narrower filter would not.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page
from django.db.models import Q, QuerySet
from django.utils import timezone

from zhifa.core.errors import NotFound
from zhifa.core.pagination import WholePagePaginator
from zhifa.disclosure.models import Publication, PublicationState

from ..search import MATCH_CAP, MIN_QUERY, clean_query, filter_contains

PER_PAGE = 20
BROWSE_CAP = 1_000
LIST_FIELDS = (
    "id",
    "kind",
    "organisation_name",
    "title",
    "party_kind",
    "party_name",
    "decision",
    "decided_on",
    "published_at",
)
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def published_publications(today: dt.date | None = None) -> QuerySet[Publication]:
    """Published and unexpired: state PUBLISHED and public_until empty or not before today."""
    day = today or timezone.localdate()
    return Publication.objects.filter(
        Q(public_until__isnull=True) | Q(public_until__gte=day), state=PublicationState.PUBLISHED
    )


def public_queryset(today: dt.date | None = None) -> QuerySet[Publication]:
    """Every public read of the portal starts here."""
    return published_publications(today)


@dataclass(frozen=True)
class PublicationFilters:
    q: str = ""
    kind: str = ""
    agency: int | None = None
    district: str = ""
    street: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    @property
    def region(self) -> str:
        """The street when one is chosen inside the district, else the district."""
        if self.street and (not self.district or self.street.startswith(self.district)):
            return self.street
        return self.district

    @property
    def narrow(self) -> bool:
        """A filter with its own index (agency, place) narrows the rows a keyword is looked for in."""
        return bool(self.agency or self.region)


@dataclass
class PublicationPage:
    page: Page
    rows: list[Publication]
    total: int
    capped: bool  # more rows matched than the list shows
    keyword: str
    short_keyword: bool  # a keyword too short to search (1 character)
    cap: int  # the most rows this list shows


def filtered_publications(f: PublicationFilters, *, today: dt.date | None = None) -> QuerySet[Publication]:
    qs = public_queryset(today)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.agency:
        qs = qs.filter(organisation_id=f.agency)
    if f.region:
        qs = qs.filter(region_code__startswith=f.region)
    if f.date_from:
        qs = qs.filter(decided_on__gte=f.date_from)
    if f.date_to:
        qs = qs.filter(decided_on__lte=f.date_to)
    return qs


def _ordered(rows: list[Publication], ids: list[int]) -> list[Publication]:
    position = {pk: i for i, pk in enumerate(ids)}
    return sorted(rows, key=lambda r: position[r.pk])


def publication_search(
    f: PublicationFilters, *, page: Any = 1, today: dt.date | None = None
) -> PublicationPage:
    """One page of the public list. Without a keyword: COUNT (up to BROWSE_CAP) and the page.
    With one: the newest MATCH_CAP matches' (id, published_at), sorted here, and the page's rows
    by primary key — two statements whatever the number of matches."""
    keyword = clean_query(f.q)
    qs = filtered_publications(f, today=today)
    if keyword and len(keyword) >= MIN_QUERY:
        matches = filter_contains(qs, keyword, broad=not f.narrow)
        keys = list(matches.values_list("id", "published_at")[:MATCH_CAP])
        keys.sort(key=lambda k: (k[1] or _EPOCH, k[0]), reverse=True)
        paginator = WholePagePaginator([pk for pk, _ in keys], PER_PAGE)
        current = paginator.get_page(page)
        ids = list(current.object_list)
        rows = list(public_queryset(today).filter(pk__in=ids).only(*LIST_FIELDS)) if ids else []
        return PublicationPage(
            current, _ordered(rows, ids), len(keys), len(keys) >= MATCH_CAP, keyword, False, MATCH_CAP
        )
    listed = qs.only(*LIST_FIELDS).order_by("-published_at", "-id")
    paginator = WholePagePaginator(listed[:BROWSE_CAP], PER_PAGE)
    current = paginator.get_page(page)
    count = paginator.count
    return PublicationPage(
        current, list(current.object_list), count, count >= BROWSE_CAP, keyword, bool(keyword), BROWSE_CAP
    )


def public_publication(pk: Any, *, today: dt.date | None = None) -> Publication:
    """One public publication (NotFound when it is not, or no longer, public)."""
    try:
        key = int(pk)
    except (TypeError, ValueError):
        raise NotFound("未找到该公示信息") from None
    found = public_queryset(today).filter(pk=key).first()
    if found is None:
        raise NotFound("未找到该公示信息，可能已超过公示期限或已撤下")
    return found


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


def public_withdrawal(pk: Any, *, today: dt.date | None = None) -> Publication | None:
    """A publication withdrawn after it was published, while its public period runs: the public
    note of 处罚法第48条第2款 (which decision, why) — read with WITHDRAWAL_FIELDS only, never the party."""
    try:
        key = int(pk)
    except (TypeError, ValueError):
        return None
    day = today or timezone.localdate()
    return (
        Publication.objects.filter(
            Q(public_until__isnull=True) | Q(public_until__gte=day),
            pk=key,
            state=PublicationState.WITHDRAWN,
            published_at__isnull=False,
        )
        .only(*WITHDRAWAL_FIELDS)
        .first()
    )
