"""Hand-written SQL twins of the public 执法公示 search measured by `bench portal`: what
`zhifa.portal.selectors.publications.publication_search` reads for one page — with a keyword, the
page's rows plus one through the same bigram index and strategy; without one, the capped COUNT and
the page — with the same filters, through `connection.cursor()` only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.utils import timezone

from zhifa.disclosure.models import Publication, PublicationState
from zhifa.portal.search import (
    GRAMS_FTS,
    MATCH_CAP,
    MIN_QUERY,
    PG_BITMAP,
    clean_query,
    fts_phrase,
    index_grams,
    pg_strategy,
    phrase,
)
from zhifa.portal.selectors.publications import BROWSE_CAP, LIST_FIELDS, PER_PAGE, PublicationFilters

from .sql import _fetch

T_PUB = Publication._meta.db_table


def _columns() -> str:
    fields = {f.name: f.column for f in Publication._meta.concrete_fields}
    return ", ".join(f"p.{fields[name]}" for name in LIST_FIELDS)


def _public(f: PublicationFilters, today: dt.date) -> tuple[str, list[Any]]:
    where = "p.state = %s AND (p.public_until IS NULL OR p.public_until >= %s)"
    params: list[Any] = [PublicationState.PUBLISHED, today]
    if f.kind:
        where += " AND p.kind = %s"
        params.append(f.kind)
    if f.agency:
        where += " AND p.organisation_id = %s"
        params.append(f.agency)
    if f.region:
        where += " AND p.region_code >= %s AND p.region_code < %s"
        params += [f.region, f.region[:-1] + chr(ord(f.region[-1]) + 1)]
    if f.date_from:
        where += " AND p.decided_on >= %s"
        params.append(f.date_from)
    if f.date_to:
        where += " AND p.decided_on <= %s"
        params.append(f.date_to)
    return where, params


def publication_search(
    _: Any, f: PublicationFilters, *, page: int = 1
) -> tuple[int | None, list[tuple[Any, ...]]]:
    """(total or None when not counted, page rows) of the public list for filters `f`, page `page`."""
    today = timezone.localdate()
    where, params = _public(f, today)
    q = clean_query(f.q)
    cols = _columns()
    if q and len(q) >= MIN_QUERY:
        number = min(max(page, 1), MATCH_CAP // PER_PAGE)
        offset = (number - 1) * PER_PAGE
        order = "p.id DESC"
        if connection.vendor == "sqlite":
            sql = (
                f"SELECT {cols} FROM {T_PUB} p, {GRAMS_FTS} WHERE {GRAMS_FTS} MATCH %s "
                f"AND p.id = {GRAMS_FTS}.rowid AND {where}"
            )
            args = [fts_phrase(q), *params]
            order = f"{GRAMS_FTS}.rowid DESC"
        else:
            sql = f"SELECT {cols} FROM {T_PUB} p WHERE {where} AND strpos(p.search_grams, %s) > 0"
            args = [*params, phrase(q)]
            if f.narrow or pg_strategy(q) == PG_BITMAP:
                sql += " AND string_to_array(p.search_grams, ' ') @> %s::text[]"
                args.append(index_grams(q))
                if not f.narrow:
                    order = "p.id + 0 DESC"
        rows = _fetch(f"{sql} ORDER BY {order} LIMIT {PER_PAGE + 1} OFFSET {offset}", args)
        more = len(rows) > PER_PAGE
        return (None if more else offset + len(rows)), rows[:PER_PAGE]
    total = _fetch(
        f"SELECT COUNT(*) FROM (SELECT p.id FROM {T_PUB} p WHERE {where} LIMIT {BROWSE_CAP}) s", params
    )[0][0]
    pages = max(1, -(-total // PER_PAGE))
    number = min(max(page, 1), pages)
    rows = _fetch(
        f"SELECT {cols} FROM {T_PUB} p WHERE {where} ORDER BY p.published_at DESC, p.id DESC "
        f"LIMIT {PER_PAGE} OFFSET {(number - 1) * PER_PAGE}",
        params,
    )
    return total, rows


def publication_by_pk(_: Any, pk: int) -> list[tuple[Any, ...]]:
    """The floor: two columns of one row by primary key."""
    return _fetch(f"SELECT p.id, p.party_name FROM {T_PUB} p WHERE p.id = %s", [pk])
