"""The public keyword search of 执法公示: `party name, 文号 or code contains q`, the same hits on SQLite
and PostgreSQL, fast over millions of published rows (spec/01 §2.2.5: 输入姓名或企业名称关键字查询).

It is the bigram index of `zhifa.parties.search` applied to `disclosure_publication.search_grams`:

* `grams_for_publication(party_name, number, party_code)` is the column's content — the folded
  bigrams of each of the three published values, joined by a separator token that no query can
  contain, so that a phrase never runs from the end of the name into the 文号. **The disclosure
  services must write `search_grams = grams_for_publication(...)` with the values as published
  (masked)** whenever they create a row or change one of those three fields; indexing an unmasked
  name would let anyone probe it. `manage.py portal_reindex` fills rows whose column is empty.
* SQLite: FTS5 table `portal_publication_grams_fts` (external content = the publication table,
  `ascii` tokenizer: each bigram one token) kept in step by triggers on `search_grams`; the query
  is the phrase of its bigrams, read newest first from the FTS table, joined to the rows by id.
* PostgreSQL: GIN over `string_to_array(search_grams, ' ')`; `@>` names the query's rare bigrams
  (from ANALYZE's most-common-elements list) and `strpos(search_grams, phrase) > 0` keeps the
  consecutive ones. Without a narrowing filter the search itself chooses, from ANALYZE's bigram
  shares, between the GIN bitmap (rare terms) and the newest-first primary-key walk testing only
  `strpos` (common terms) — see `pg_strategy`.

Both are installed by the portal app's migration 0001 (RunPython on the disclosure app's table).
SQLite drops triggers with their table: a disclosure migration that remakes
`disclosure_publication` must be followed by a portal migration that runs `install_publication_search`
again (idempotent); `publication_search_is_installed` (tested) catches a forgotten one, and
`portal_reindex` reinstalls and rebuilds.

A search pages through its matches newest (highest id) first, up to the newest `MATCH_CAP`; a
query needs ≥ 2 characters.
"""

from __future__ import annotations

import time
from typing import Any

from django.db import connection, connections, transaction
from django.db.models import BooleanField, F, Func, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import StrIndex

from zhifa.parties.search import name_grams

TABLE = "disclosure_publication"
GRAMS_FTS = "portal_publication_grams_fts"
PG_GRAMS_INDEX = "portal_publication_grams_gin"
REBUILD_SQL = f"INSERT INTO {GRAMS_FTS}({GRAMS_FTS}) VALUES ('rebuild')"  # noqa: S608 — constants
# Between the three fields: one token of two characters outside what name_grams ever produces
# (it maps only ASCII punctuation, ord < 128, into U+F0000…U+F007F).
SEPARATOR = chr(0xF0080) * 2
MIN_QUERY = 2
MAX_QUERY = 40
MATCH_CAP = 1_000


def grams_for_publication(party_name: str, number: str, party_code: str) -> str:
    """`Publication.search_grams` for the published (already masked) party name, 文号 and code."""
    parts = [name_grams(value.strip()) for value in (party_name or "", number or "", party_code or "")]
    return f" {SEPARATOR} ".join(part for part in parts if part)


def clean_query(q: str | None) -> str:
    """The query as searched: trimmed, control and separator characters removed, at most MAX_QUERY."""
    text = "".join(c for c in (q or "") if c.isprintable() and c != SEPARATOR[0]).strip()
    return text[:MAX_QUERY]


def phrase(q: str) -> str:
    """The bigrams of q in sequence: what `search_grams` contains when a field contains q."""
    return name_grams(q)


def query_grams(q: str) -> list[str]:
    return list(dict.fromkeys(phrase(q).split(" "))) if len(q) >= MIN_QUERY else []


def fts_phrase(q: str) -> str:
    return '"' + phrase(q) + '"'


# -- installation (migrations, portal_reindex) ------------------------------------------------

_SQLITE_TRIGGERS = (  # constant statements (table names are module constants)
    f"""CREATE TRIGGER IF NOT EXISTS portal_publication_grams_ai AFTER INSERT ON {TABLE} BEGIN
  INSERT INTO {GRAMS_FTS}(rowid, search_grams) VALUES (new.id, new.search_grams);
END""",  # noqa: S608
    f"""CREATE TRIGGER IF NOT EXISTS portal_publication_grams_ad AFTER DELETE ON {TABLE} BEGIN
  INSERT INTO {GRAMS_FTS}({GRAMS_FTS}, rowid, search_grams) VALUES ('delete', old.id, old.search_grams);
END""",  # noqa: S608
    f"""CREATE TRIGGER IF NOT EXISTS portal_publication_grams_au AFTER UPDATE OF search_grams ON {TABLE} BEGIN
  INSERT INTO {GRAMS_FTS}({GRAMS_FTS}, rowid, search_grams) VALUES ('delete', old.id, old.search_grams);
  INSERT INTO {GRAMS_FTS}(rowid, search_grams) VALUES (new.id, new.search_grams);
END""",  # noqa: S608
)
TRIGGERS = ("portal_publication_grams_ai", "portal_publication_grams_ad", "portal_publication_grams_au")


class _Executor:
    """What the install steps need of a schema editor, over a plain connection (portal_reindex)."""

    def __init__(self, conn: Any) -> None:
        self.connection = conn

    def execute(self, sql: str) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(sql)


def install_publication_search(apps: Any, schema_editor: Any) -> None:
    """Migration step (idempotent): the vendor's bigram index over disclosure_publication.search_grams.
    Also `install_publication_search(None, None)` outside migrations (default database)."""
    if schema_editor is None:
        schema_editor = _Executor(connection)
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {GRAMS_FTS} USING fts5(search_grams, "
            f"content='{TABLE}', content_rowid='id', tokenize='ascii', columnsize=0)"
        )
        for sql in _SQLITE_TRIGGERS:
            schema_editor.execute(sql)
        schema_editor.execute(REBUILD_SQL)
    elif vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {PG_GRAMS_INDEX} ON {TABLE} "
            "USING gin (string_to_array(search_grams, ' '))"
        )
        schema_editor.execute(f"ANALYZE {TABLE}")  # bigram frequencies for the planner at once


def uninstall_publication_search(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for trigger in TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {GRAMS_FTS}")
    elif vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {PG_GRAMS_INDEX}")


def publication_search_is_installed(using: str = "default") -> bool:
    conn = connections[using]
    with conn.cursor() as cursor:
        if conn.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE (type='table' AND name=%s) "
                "OR (type='trigger' AND name IN (%s, %s, %s))",
                [GRAMS_FTS, *TRIGGERS],
            )
            return cursor.fetchone()[0] == 4
        if conn.vendor == "postgresql":
            cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [PG_GRAMS_INDEX])
            return cursor.fetchone() is not None
    return False


def fill_publication_grams(*, using: str = "default", batch: int = 20_000, only_missing: bool = True) -> int:
    """Write `search_grams` for every publication lacking it (all with only_missing=False), set-based
    in batches by id, each committed on its own; returns the number of rows written."""
    conn = connections[using]
    where = "AND (search_grams IS NULL OR search_grams = '')" if only_missing else ""
    written, last = 0, 0
    while True:
        with transaction.atomic(using=using), conn.cursor() as cursor:
            cursor.execute(
                f"SELECT id, party_name, number, party_code FROM {TABLE} "  # noqa: S608
                f"WHERE id > %s {where} ORDER BY id LIMIT %s",
                [last, batch],
            )
            rows = cursor.fetchall()
            if not rows:
                return written
            grams = [grams_for_publication(name, number, code) for _, name, number, code in rows]
            if conn.vendor == "postgresql":
                cursor.execute(
                    f"UPDATE {TABLE} AS p SET search_grams = v.grams "  # noqa: S608
                    "FROM unnest(%s::bigint[], %s::text[]) AS v(id, grams) WHERE p.id = v.id",
                    [[r[0] for r in rows], grams],
                )
            else:
                cursor.executemany(
                    f"UPDATE {TABLE} SET search_grams = %s WHERE id = %s",  # noqa: S608
                    [(g, r[0]) for g, r in zip(grams, rows, strict=True)],
                )
        written += len(rows)
        last = rows[-1][0]


def rebuild_publication_search(using: str = "default") -> None:
    """SQLite: re-index every row (after a raw load with the triggers off, or a restore)."""
    conn = connections[using]
    if conn.vendor == "sqlite":
        with conn.cursor() as cursor:
            cursor.execute(REBUILD_SQL)


# -- PostgreSQL: which bigrams the query names -------------------------------------------------

GRAM_STATS_TTL = 600.0
_gram_stats: dict[str, tuple[float, dict[str, float]]] = {}


def gram_frequencies() -> dict[str, float]:
    """ANALYZE's most common bigrams of the publication index → share of rows holding each (empty
    before the first ANALYZE); cached per process and database for GRAM_STATS_TTL seconds."""
    key = str(connection.settings_dict.get("NAME"))
    cached = _gram_stats.get(key)
    now = time.monotonic()
    if cached is not None and now - cached[0] < GRAM_STATS_TTL:
        return cached[1]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
            "WHERE schemaname = current_schema() AND tablename = %s",
            [PG_GRAMS_INDEX],
        )
        row = cursor.fetchone()
    freqs: dict[str, float] = dict(zip(row[0], row[1], strict=False)) if row and row[0] else {}
    _gram_stats[key] = (now, freqs)
    return freqs


def index_grams(q: str) -> list[str]:
    """The bigrams named in `@>`: those too rare for ANALYZE's list, else the least frequent one
    (naming several common ones makes the planner multiply their shares and underestimate)."""
    grams = query_grams(q)
    freqs = gram_frequencies()
    rare = [g for g in grams if g not in freqs]
    return rare or [min(grams, key=lambda g: freqs[g])]


class HasGrams(Func):
    """PostgreSQL: `string_to_array(search_grams, ' ') @> ARRAY[…]` (the GIN index's expression)."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, grams: list[str]) -> None:
        super().__init__(F("search_grams"))
        self.grams = list(grams)

    def as_sql(  # type: ignore[override]
        self, compiler: Any, connection: Any, **extra_context: Any
    ) -> tuple[str, list[Any]]:
        column, params = compiler.compile(self.source_expressions[0])
        return f"string_to_array({column}, ' ') @> %s::text[]", [*params, self.grams]


# -- the filter ----------------------------------------------------------------------------------


# A query whose rarest bigram is in at least this share of the rows is "common" on PostgreSQL.
WALK_SHARE = 0.002


def pg_strategy(q: str) -> str:
    """PostgreSQL, no narrowing filter: WALK the primary key newest first testing only `strpos`
    (a common term: the first page's matches are among the newest rows), or BITMAP the GIN index
    and take the newest matches by a sort (a rare term). Decided here from ANALYZE's bigram shares,
    not by the planner: it cannot see that `string_to_array` costs ~10 µs a row, and it estimates a
    bigram missing from the most-common list at the list's floor (20× too many for a 字号 piece),
    so with a small LIMIT it walks 200,000 rows for a rare name (measured 0.4–0.9 s at 1M rows).
    The crossover (~0.2 %) bounds both: a walk reads ≤ 21 / 0.002 ≈ 10,000 rows for a first page,
    a bitmap fetches ≤ 2,000 heap pages."""
    grams = query_grams(q)
    freqs = gram_frequencies()
    share = min((freqs.get(g, 0.0) for g in grams), default=0.0)
    return PG_WALK if share >= WALK_SHARE else PG_BITMAP


PG_WALK = "walk"
PG_BITMAP = "bitmap"
# `ORDER BY id + 0 DESC`: the same order, but no index provides it, so the planner takes the GIN
# bitmap and a top-N sort rather than the primary-key walk.
NEWEST_BY_SORT = (F("id") + 0).desc()


def filter_contains(queryset: QuerySet[Any], q: str, *, broad: bool = True) -> QuerySet[Any]:
    """Rows of `queryset` whose party name, 文号 or code contains `q` (≥ 2 characters, folded), newest
    (highest id) first. The order belongs to the search: do not re-order the result (on SQLite the
    rows come in the FTS table's order, on PostgreSQL a rare term sorts `id + 0`). `broad`: no
    narrowing filter (agency, place) — PostgreSQL's strategy is chosen here; with one, its planner
    combines the GIN and the filter's index itself. SQLite always reads the FTS table first."""
    q = clean_query(q)
    if len(q) < MIN_QUERY:
        return queryset.none()
    if connection.vendor == "sqlite":
        # Always from the FTS table, newest match first, each match's row by primary key: a rare
        # term has few matches, a common one fills a page among the newest. (Reading the matches
        # into an IN and walking a district's index instead read 100,000 rows: 0.19 s at 1M.)
        fts_rowid = RawSQL(f"{GRAMS_FTS}.rowid", ())  # noqa: S611
        return (
            queryset.extra(tables=[GRAMS_FTS], where=[f"{GRAMS_FTS} MATCH %s"], params=[fts_phrase(q)])  # noqa: S610
            .filter(id=fts_rowid)
            .order_by(fts_rowid.desc())
        )
    # strpos(search_grams, phrase) > 0 is exact on its own (bigrams are whole tokens); it comes
    # first so a row is tested with it before the costlier array expression.
    contains = queryset.alias(_grams_at=StrIndex("search_grams", Value(phrase(q)))).filter(_grams_at__gt=0)
    if connection.vendor != "postgresql":
        return contains.order_by("-id")
    if not broad:
        return contains.filter(HasGrams(index_grams(q))).order_by("-id")
    if pg_strategy(q) == PG_WALK:
        return contains.order_by("-id")
    return contains.filter(HasGrams(index_grams(q))).order_by(NEWEST_BY_SORT)
