"""Hand-written SQL twins of the public 执法公示 search measured by `bench portal`: what
`zhifa.portal.selectors.publications.publication_search` reads for one page — with a keyword, the
newest MATCH_CAP matches' (id, published_at) through the same bigram index and strategy (sorted here
the same way) and the page's rows by primary key; without one, the capped COUNT and the page —
with the same filters, through `connection.cursor()` only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.utils import timezone

from zhifa.disclosure.models import Publication, PublicationState
from zhifa.portal.search import GRAMS_FTS, MATCH_CAP, MIN_QUERY, clean_query, fts_phrase, index_grams, phrase
from zhifa.portal.selectors.publications import BROWSE_CAP, LIST_FIELDS, PER_PAGE, PublicationFilters

from .sql import _fetch

T_PUB = Publication._meta.db_table
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


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
        where += " AND p.region_code LIKE %s"
        params.append(f.region + "%")
    if f.date_from:
        where += " AND p.decided_on >= %s"
        params.append(f.date_from)
    if f.date_to:
        where += " AND p.decided_on <= %s"
        params.append(f.date_to)
    return where, params


def _aware(value: Any) -> Any:
    """published_at as the ORM returns it (SQLite hands back text)."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value


def publication_search(_: Any, f: PublicationFilters, *, page: int = 1) -> tuple[int, list[tuple[Any, ...]]]:
    """(total, page rows) of the public list for filters `f`, page `page`."""
    today = timezone.localdate()
    where, params = _public(f, today)
    q = clean_query(f.q)
    if q and len(q) >= MIN_QUERY:
        if connection.vendor == "sqlite" and not f.narrow:
            sql = (
                f"SELECT p.id, p.published_at FROM {T_PUB} p, {GRAMS_FTS} "
                f"WHERE {GRAMS_FTS} MATCH %s AND p.id = {GRAMS_FTS}.rowid AND {where} "
                f"ORDER BY {GRAMS_FTS}.rowid DESC LIMIT {MATCH_CAP}"
            )
            args = [fts_phrase(q), *params]
        elif connection.vendor == "sqlite":
            sql = (
                f"SELECT p.id, p.published_at FROM {T_PUB} p WHERE {where} AND p.id IN "
                f"(SELECT rowid FROM {GRAMS_FTS} WHERE {GRAMS_FTS} MATCH %s) "
                f"ORDER BY p.id DESC LIMIT {MATCH_CAP}"
            )
            args = [*params, fts_phrase(q)]
        else:
            match = "string_to_array(p.search_grams, ' ') @> %s::text[]"
            args = [*params, index_grams(q)]
            if len(q) > MIN_QUERY:
                match += " AND strpos(p.search_grams, %s) > 0"
                args.append(phrase(q))
            sql = (
                f"SELECT p.id, p.published_at FROM {T_PUB} p WHERE {where} AND {match} "
                f"ORDER BY p.id DESC LIMIT {MATCH_CAP}"
            )
        keys = [(pk, _aware(at)) for pk, at in _fetch(sql, args)]
        keys.sort(key=lambda k: (k[1] or _EPOCH, k[0]), reverse=True)
        total = len(keys)
        pages = max(1, -(-total // PER_PAGE))
        number = min(max(page, 1), pages)
        ids = [pk for pk, _ in keys[(number - 1) * PER_PAGE : number * PER_PAGE]]
        if not ids:
            return total, []
        where_all, params_all = _public(PublicationFilters(), today)
        marks = ", ".join(["%s"] * len(ids))
        rows = _fetch(
            f"SELECT {_columns()} FROM {T_PUB} p WHERE {where_all} AND p.id IN ({marks})", [*params_all, *ids]
        )
        position = {pk: i for i, pk in enumerate(ids)}
        return total, sorted(rows, key=lambda r: position[r[0]])
    total = _fetch(
        f"SELECT COUNT(*) FROM (SELECT p.id FROM {T_PUB} p WHERE {where} LIMIT {BROWSE_CAP}) s", params
    )[0][0]
    pages = max(1, -(-total // PER_PAGE))
    number = min(max(page, 1), pages)
    rows = _fetch(
        f"SELECT {_columns()} FROM {T_PUB} p WHERE {where} ORDER BY p.published_at DESC, p.id DESC "
        f"LIMIT {PER_PAGE} OFFSET {(number - 1) * PER_PAGE}",
        params,
    )
    return total, rows


def publication_by_pk(_: Any, pk: int) -> list[tuple[Any, ...]]:
    """The floor: two columns of one row by primary key."""
    return _fetch(f"SELECT p.id, p.party_name FROM {T_PUB} p WHERE p.id = %s", [pk])
