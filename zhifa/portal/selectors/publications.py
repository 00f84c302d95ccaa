"""Reads of 执法公示 for the public: only `Publication` rows in state PUBLISHED whose public_until has
not passed (RULES §6.1–6.2: 公示期满撤下), never the source records.

Every read starts from `public_queryset`: the disclosure app's `public_publications` (and
`public_withdrawals` for the note of a withdrawn decision), the one definition of "public".

Search (spec/01 §2.2.5): a keyword found in the party name, 文号 or code (zhifa.portal.search),
filtered by kind, agency, district/street (GB/T 2260 prefixes of `region_code`) and decision date.
Lists are newest decision first (decided_on, id). Paging stops at BROWSE_CAP rows (a keyword:
`result_cap`) — deeper pages cost a scan and tell a reader nothing a narrower filter would not.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.utils.functional import cached_property

from zhifa.core.errors import NotFound
from zhifa.core.pagination import WholePagePaginator
from zhifa.disclosure.models import Publication
from zhifa.disclosure.selectors import public_publications, public_withdrawals
from zhifa.orgs.models import Region

from ..cache import ttl_memo
from ..search import (
    INDEX,
    MIN_QUERY,
    ORDER,
    WALK,
    NoIndex,
    clean_query,
    few_rows,
    result_cap,
    search_page,
    search_strategy,
)

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


def public_queryset(today: dt.date | None = None) -> QuerySet[Publication]:
    """Every public read of the portal starts here: the disclosure app's one definition of public
    (PUBLISHED, public_until empty or not before today)."""
    return public_publications(today=today)


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
    rows: list[Publication]
    number: int
    has_next: bool
    total: int | None  # None: more rows match than this page shows, not counted
    num_pages: int | None
    capped: bool  # more rows match than the list goes through
    keyword: str
    short_keyword: bool  # a keyword too short to search (1 character)
    cap: int  # the most rows this list goes through

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


@ttl_memo(600.0)
def region_codes(prefix: str) -> tuple[str, ...]:
    """A district's or street's code and its sub-regions' codes (a publication's region_code is a
    Region's, copied from its unit): an equality filter, which both planners take through
    pub_region_state_idx — SQLite, without statistics, prefers `state = ?` to a prefix range."""
    return (
        prefix,
        *Region.objects.filter(code__startswith=prefix).exclude(code=prefix).values_list("code", flat=True),
    )


def filtered_publications(
    f: PublicationFilters, *, today: dt.date | None = None, plain: bool = False
) -> QuerySet[Publication]:
    """The public rows under the filters. `plain`: agency and place tested on each row, through no
    index (a rare term's few matches are read first; see zhifa.portal.search.NoIndex)."""
    qs = public_queryset(today)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.agency and plain:
        qs = qs.alias(_agency=NoIndex("organisation_id")).filter(_agency=f.agency)
    elif f.agency:
        qs = qs.filter(organisation_id=f.agency)
    if f.region:
        codes = region_codes(f.region)
        if plain:
            qs = qs.alias(_region=NoIndex("region_code", text=True)).filter(_region__in=codes)
        else:
            qs = qs.filter(region_code__in=codes)
    if f.date_from:
        qs = qs.filter(decided_on__gte=f.date_from)
    if f.date_to:
        qs = qs.filter(decided_on__lte=f.date_to)
    return qs


class CountedPaginator(WholePagePaginator):
    """A WholePagePaginator told its count (counted by the caller with a cheaper statement)."""

    def __init__(self, object_list: Any, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


def page_number(value: Any, last: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), last)


def publication_search(
    f: PublicationFilters, *, page: Any = 1, today: dt.date | None = None
) -> PublicationPage:
    """One page of the public list.

    With a keyword: the page's rows plus one, newest decision first, read as the term's strategy
    says (zhifa.portal.search: one statement on PostgreSQL; on SQLite a capped count of the FTS
    matches first); matches are not counted (a common term has hundreds of thousands), the total is
    known when the page is the last. Paging stops at `result_cap(keyword)` rows.
    Without one: COUNT (up to BROWSE_CAP) and the page, newest decision first."""
    keyword = clean_query(f.q)
    if keyword and len(keyword) >= MIN_QUERY:
        strategy = search_strategy(keyword, narrow=f.narrow)
        sqlite_walk = connection.vendor == "sqlite" and strategy == WALK and f.narrow
        small = sqlite_walk and few_rows(filtered_publications(f, today=today))
        # Filters through no index: PostgreSQL's rare term reads its few matches first; SQLite's walk
        # of a large agency or district keeps to the newest decisions (its IN/equality would win).
        plain = (connection.vendor == "postgresql" and strategy == INDEX) or (sqlite_walk and not small)
        qs = filtered_publications(f, today=today, plain=plain).only(*LIST_FIELDS)
        cap = result_cap(keyword)
        number = page_number(page, cap // PER_PAGE)
        start = (number - 1) * PER_PAGE
        rows = search_page(
            qs, keyword, start=start, limit=PER_PAGE + 1, narrow=f.narrow, strategy=strategy, small=small
        )
        more = len(rows) > PER_PAGE
        capped = more and start + PER_PAGE >= cap
        rows = rows[:PER_PAGE]
        total = None if more else start + len(rows)
        return PublicationPage(
            rows=rows,
            number=number,
            has_next=more and not capped,
            total=total,
            num_pages=None if more else number,
            capped=capped,
            keyword=keyword,
            short_keyword=False,
            cap=cap,
        )
    qs = filtered_publications(f, today=today).only(*LIST_FIELDS)
    # The COUNT reads ids only and in no order (a plain LIMIT stops at BROWSE_CAP rows wherever they lie).
    count = qs.order_by().values("pk")[:BROWSE_CAP].count()
    paginator = CountedPaginator(qs.order_by(*ORDER)[:BROWSE_CAP], PER_PAGE, count=count)
    current = paginator.get_page(page)
    return PublicationPage(
        rows=list(current.object_list),
        number=current.number,
        has_next=current.has_next(),
        total=count,
        num_pages=paginator.num_pages,
        capped=count >= BROWSE_CAP,
        keyword=keyword,
        short_keyword=bool(keyword),
        cap=BROWSE_CAP,
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


def public_withdrawal(pk: Any, *, today: dt.date | None = None) -> Publication | None:
    """A publication withdrawn after it was published, while its public period runs: the public
    note of 处罚法第48条第2款 (which decision, why) — WITHDRAWAL_FIELDS only, never the party."""
    try:
        key = int(pk)
    except (TypeError, ValueError):
        return None
    return public_withdrawals(today=today).filter(pk=key).first()
