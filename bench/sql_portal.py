"""Hand-written SQL twins of the public 执法公示 search measured by `bench portal`: what
`zhifa.portal.selectors.publications.publication_search` reads for one page — with a keyword, the
page's rows plus one through the same bigram index and strategy (on SQLite after the same COUNT
of the phrase's FTS matches that picks it); without one, the capped COUNT and
the page — with the same filters, through `connection.cursor()` only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.utils import timezone

from zhifa.disclosure.models import Publication, PublicationState
from zhifa.portal.search import (
    FEW_ROWS,
    GRAMS_FTS,
    MIN_QUERY,
    WALK,
    clean_query,
    fts_phrase,
    index_grams,
    phrase,
    result_cap,
    search_strategy,
)
from zhifa.portal.selectors.publications import (
    BROWSE_CAP,
    LIST_FIELDS,
    PER_PAGE,
    PublicationFilters,
    region_codes,
)

from .sql import _fetch

T_PUB = Publication._meta.db_table


def _columns() -> str:
    fields = {f.name: f.column for f in Publication._meta.concrete_fields}
    return ", ".join(f"p.{fields[name]}" for name in LIST_FIELDS)


def _public(f: PublicationFilters, today: dt.date, *, plain: bool = False) -> tuple[str, list[Any]]:
    where = "p.state = %s AND (p.public_until IS NULL OR p.public_until >= %s)"
    params: list[Any] = [PublicationState.PUBLISHED, today]
    if f.kind:
        where += " AND p.kind = %s"
        params.append(f.kind)
    if f.agency:
        agency = "+p.organisation_id" if connection.vendor == "sqlite" else "(p.organisation_id + 0)"
        where += f" AND {agency} = %s" if plain else " AND p.organisation_id = %s"
        params.append(f.agency)
    if f.region:
        codes = region_codes(f.region)
        column = (
            ("+p.region_code" if connection.vendor == "sqlite" else "(p.region_code || '')")
            if plain
            else "p.region_code"
        )
        where += f" AND {column} IN ({', '.join(['%s'] * len(codes))})"
        params += list(codes)
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
    q = clean_query(f.q)
    cols = _columns()
    if q and len(q) >= MIN_QUERY:
        strategy = search_strategy(q, narrow=f.narrow)  # SQLite: its one COUNT over the FTS table
        sqlite_walk = connection.vendor == "sqlite" and strategy == WALK and f.narrow
        small = False
        if sqlite_walk:  # the filter's rows, counted up to FEW_ROWS + 1
            where, params = _public(f, today)
            few = _fetch(
                f"SELECT COUNT(*) FROM (SELECT p.id FROM {T_PUB} p WHERE {where} LIMIT {FEW_ROWS + 1}) s",
                params,
            )
            small = few[0][0] <= FEW_ROWS
        plain = (connection.vendor == "postgresql" and strategy != WALK) or (sqlite_walk and not small)
        where, params = _public(f, today, plain=plain)
        number = min(max(page, 1), result_cap(q) // PER_PAGE)
        offset = (number - 1) * PER_PAGE
        find = "instr" if connection.vendor == "sqlite" else "strpos"
        sql = f"SELECT {cols} FROM {T_PUB} p WHERE {where} AND {find}(p.search_grams, %s) > 0"
        args = [*params, phrase(q)]
        order = "p.decided_on DESC, p.id DESC"
        if strategy == WALK:
            if connection.vendor == "postgresql" and f.narrow:
                sql += " AND string_to_array(p.search_grams, ' ') @> %s::text[]"
                args.append(index_grams(q))
            elif small:  # read the filter's rows whole and sort them
                order = "+p.decided_on DESC, +p.id DESC"
        elif connection.vendor == "sqlite":  # FTS first (CROSS JOIN fixes the outer loop), then sort
            sql = (
                f"SELECT q.* FROM {GRAMS_FTS} CROSS JOIN ({sql}) q ON q.id = {GRAMS_FTS}.rowid "
                f"WHERE {GRAMS_FTS} MATCH %s"
            )
            args.append(fts_phrase(q))
            order = "q.decided_on DESC, q.id DESC"
        else:
            sql += " AND string_to_array(p.search_grams, ' ') @> %s::text[]"
            args.append(index_grams(q))
            order = "(p.decided_on + 0) DESC, (p.id + 0) DESC"
        rows = _fetch(f"{sql} ORDER BY {order} LIMIT {PER_PAGE + 1} OFFSET {offset}", args)
        more = len(rows) > PER_PAGE
        return (None if more else offset + len(rows)), rows[:PER_PAGE]
    where, params = _public(f, today)
    total = _fetch(
        f"SELECT COUNT(*) FROM (SELECT p.id FROM {T_PUB} p WHERE {where} LIMIT {BROWSE_CAP}) s", params
    )[0][0]
    pages = max(1, -(-total // PER_PAGE))
    number = min(max(page, 1), pages)
    rows = _fetch(
        f"SELECT {cols} FROM {T_PUB} p WHERE {where} ORDER BY p.decided_on DESC, p.id DESC "
        f"LIMIT {PER_PAGE} OFFSET {(number - 1) * PER_PAGE}",
        params,
    )
    return total, rows


def publication_by_pk(_: Any, pk: int) -> list[tuple[Any, ...]]:
    """The floor: two columns of one row by primary key."""
    return _fetch(f"SELECT p.id, p.party_name FROM {T_PUB} p WHERE p.id = %s", [pk])
