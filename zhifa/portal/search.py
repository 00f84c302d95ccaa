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
  is the phrase of its bigrams.
* PostgreSQL: GIN over `string_to_array(search_grams, ' ')`; `@>` names the query's rare bigrams
  (from ANALYZE's most-common-elements list) and `strpos(search_grams, phrase) > 0` keeps the
  consecutive ones.
* Both: an index on (state, decided_on DESC, id DESC) — the public lists' order.

Matches are listed newest decision first. The search itself chooses how (`search_strategy`): a rare
term's matches come from the bigram index and are sorted; a common term walks the newest decisions
testing `strpos`/`instr` on each row until the page is full.

Both are installed by the portal app's migration 0001 (RunPython on the disclosure app's table).
SQLite drops triggers with their table: a disclosure migration that remakes
`disclosure_publication` must be followed by a portal migration that runs `install_publication_search`
again (idempotent); `publication_search_is_installed` (tested) catches a forgotten one, and
`portal_reindex` reinstalls and rebuilds.

A search pages through at most the newest `result_cap(q)` matches (200 for two characters, 1,000
for longer queries, as the party search does); a query needs ≥ 2 characters.
"""

from __future__ import annotations

from typing import Any

from django.db import connection, connections, transaction
from django.db.models import F, Func, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import StrIndex

from zhifa.parties.search import (
    GRAM_STATS_TTL,
    HasGrams,
    index_gram_frequencies,
    name_grams,
    rarest_grams,
)

from .cache import ttl_memo

TABLE = "disclosure_publication"
GRAMS_FTS = "portal_publication_grams_fts"
PG_GRAMS_INDEX = "portal_publication_grams_gin"
# The public lists' order (newest decision first) as an index, for the walk and for date ranges.
DECIDED_INDEX = "portal_pub_state_decided_idx"
DECIDED_INDEX_SQL = f"CREATE INDEX IF NOT EXISTS {DECIDED_INDEX} ON {TABLE} (state, decided_on DESC, id DESC)"
REBUILD_SQL = f"INSERT INTO {GRAMS_FTS}({GRAMS_FTS}) VALUES ('rebuild')"  # noqa: S608 — constants
# Between the three fields: one token of two characters outside what name_grams ever produces
# (it maps only ASCII punctuation, ord < 128, into U+F0000…U+F007F).
SEPARATOR = chr(0xF0080) * 2
MIN_QUERY = 2
MAX_QUERY = 40
MATCH_CAP = 1_000
SHORT_CAP = 200  # two-character queries (a surname with its mask, 科技 …)


def result_cap(q: str) -> int:
    return SHORT_CAP if len(clean_query(q)) <= MIN_QUERY else MATCH_CAP


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
        schema_editor.execute(DECIDED_INDEX_SQL)
    elif vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {PG_GRAMS_INDEX} ON {TABLE} "
            "USING gin (string_to_array(search_grams, ' '))"
        )
        schema_editor.execute(DECIDED_INDEX_SQL)
        schema_editor.execute(f"ANALYZE {TABLE}")  # bigram frequencies for the planner at once


def install_order_index(apps: Any, schema_editor: Any) -> None:
    """Migration step (idempotent): the public lists' order index alone."""
    schema_editor.execute(DECIDED_INDEX_SQL)


def uninstall_order_index(apps: Any, schema_editor: Any) -> None:
    schema_editor.execute(f"DROP INDEX IF EXISTS {DECIDED_INDEX}")


def uninstall_publication_search(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for trigger in TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {GRAMS_FTS}")
    elif vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {PG_GRAMS_INDEX}")
    schema_editor.execute(f"DROP INDEX IF EXISTS {DECIDED_INDEX}")


def publication_search_is_installed(using: str = "default") -> bool:
    conn = connections[using]
    with conn.cursor() as cursor:
        if conn.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE (type='table' AND name=%s) "
                "OR (type='trigger' AND name IN (%s, %s, %s)) OR (type='index' AND name=%s)",
                [GRAMS_FTS, *TRIGGERS, DECIDED_INDEX],
            )
            return cursor.fetchone()[0] == 5
        if conn.vendor == "postgresql":
            cursor.execute(
                "SELECT count(*) FROM pg_indexes WHERE indexname IN (%s, %s)", [PG_GRAMS_INDEX, DECIDED_INDEX]
            )
            return cursor.fetchone()[0] == 2
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


def gram_frequencies() -> dict[str, float]:
    """ANALYZE's most common bigrams of the publication index → share of rows holding each."""
    return index_gram_frequencies(PG_GRAMS_INDEX)


def index_grams(q: str) -> list[str]:
    return rarest_grams(query_grams(q), gram_frequencies())


def has_grams(grams: list[str]) -> HasGrams:
    """`string_to_array(search_grams, ' ') @> ARRAY[…]`: the publication GIN index's expression."""
    return HasGrams(grams, column="search_grams")


# -- the filter ----------------------------------------------------------------------------------

WALK = "walk"  # a common term: walk the newest decisions, testing each row's text
INDEX = "index"  # a rare term: its matches from the bigram index, then sorted
WALK_SHARE = 0.002  # PostgreSQL: the rarest bigram's share of rows from which a term is common
RARE_LIMIT = 2_000  # SQLite: a phrase with more FTS matches than this is common
NARROW_RARE_LIMIT = 20_000  # … and with an agency or place filter (reading them beats a long walk)
FEW_ROWS = 20_000  # SQLite: a filter selecting at most this many rows is read whole and sorted
FTS_IDS_SQL = f"SELECT rowid FROM {GRAMS_FTS} WHERE {GRAMS_FTS} MATCH %s"  # noqa: S608
FTS_COUNT_SQL = "SELECT count(*) FROM (" + FTS_IDS_SQL + " LIMIT %s)"  # noqa: S608


def search_strategy(q: str, *, narrow: bool = False) -> str:
    """WALK or INDEX for the (clean, ≥ 2 characters) query `q`.

    A common term's first page lies among the newest decisions: walking them newest first and
    testing `strpos`/`instr` reads ≤ 21 / share rows. A rare term has few matches: read them through
    the bigram index and sort them. Neither database's planner can be left to choose — it cannot see
    that testing `string_to_array` costs ~10 µs a row, and PostgreSQL estimates a bigram missing
    from ANALYZE's most-common list at the list's floor (20× too many for a 字号 piece), so with a
    page's LIMIT it walked 200,000 rows for a rare name (0.4–0.9 s at 1M rows).

    PostgreSQL: from ANALYZE's bigram shares (no statement; cached per process). SQLite: one
    statement (its answer cached per process for GRAM_STATS_TTL) counting the phrase's FTS matches
    one past the limit (reading 20,000 entries of a common bigram costs ~3 ms, so only a filtered
    search counts that far). Both crossovers
    (~0.2 % of a million rows) bound the work: a walk reads ≤ ~10,000 rows for a first page, an
    index read fetches ≤ ~2,000 rows. With an agency or place filter (`narrow`) SQLite reads up to
    NARROW_RARE_LIMIT matches: a walk past the other agencies' rows would read far more."""
    if connection.vendor == "postgresql":
        freqs = gram_frequencies()
        share = min((freqs.get(g, 0.0) for g in query_grams(q)), default=0.0)
        return WALK if share >= WALK_SHARE else INDEX
    if connection.vendor == "sqlite":
        return _sqlite_strategy(str(connection.settings_dict.get("NAME")), q, narrow)
    return WALK


@ttl_memo(GRAM_STATS_TTL)
def _sqlite_strategy(database: str, q: str, narrow: bool) -> str:
    """Per process and database for GRAM_STATS_TTL: a term's share changes slowly, and a public
    site's searches repeat (the search page then reads one statement)."""
    with connection.cursor() as cursor:
        limit = NARROW_RARE_LIMIT if narrow else RARE_LIMIT  # counting stops one past it
        cursor.execute(FTS_COUNT_SQL, [fts_phrase(q), limit + 1])
        return WALK if cursor.fetchone()[0] > limit else INDEX


class NoIndex(Func):
    """A column's value that no index can provide (`+col` on SQLite; `col + 0`, or `col || ''` for
    text, on PostgreSQL). In an ORDER BY the planner then reads a rare term's matches and sorts
    them, never walking the order's index in the hope of meeting them early; in a filter it keeps
    the filter's index out of a rare term's plan (PostgreSQL ANDed a district's 140,000-row bitmap
    with the term's 117 matches: 24 ms instead of 2)."""

    def __init__(self, column: str, *, text: bool = False) -> None:
        super().__init__(F(column))
        self.text = text

    def as_sql(  # type: ignore[override]
        self, compiler: Any, connection: Any, **extra_context: Any
    ) -> tuple[str, list[Any]]:
        column, params = compiler.compile(self.source_expressions[0])
        if connection.vendor == "sqlite":
            return f"+{column}", params
        return (f"({column} || '')" if self.text else f"({column} + 0)"), params


ORDER = ("-decided_on", "-id")
SORTED_ORDER = (NoIndex("decided_on").desc(), NoIndex("id").desc())


def filter_contains(
    queryset: QuerySet[Any],
    q: str,
    *,
    narrow: bool = False,
    small: bool = False,
    strategy: str | None = None,
) -> QuerySet[Any]:
    """Rows of `queryset` whose party name, 文号 or code contains `q` (≥ 2 characters, folded),
    ordered newest decision first (decided_on, id — the public lists' order). `narrow`: an agency or
    place filter — PostgreSQL's planner then combines its index with the bigram index for a common
    term. `small`: a filter that selects few rows by equality (an agency, a street) — SQLite, which
    keeps no statistics, then reads the filter's rows and sorts them rather than walking the newest
    decisions past every other agency's (1 s for a street and a common term at 1M rows). `strategy`
    (WALK/INDEX) as `search_strategy` gives it, unless given.

    SQLite's INDEX strategy is `search_page` only (a statement the ORM cannot build); here it is
    the same rows through a join that SQLite may plan either way (fine for tests, not for 1M rows)."""
    q = clean_query(q)
    if len(q) < MIN_QUERY:
        return queryset.none()
    strategy = strategy or search_strategy(q)
    contains = _contains(queryset, q)
    vendor = connection.vendor
    if strategy == WALK:
        if vendor == "postgresql" and narrow:
            return contains.filter(has_grams(index_grams(q))).order_by(*ORDER)
        if vendor == "sqlite" and small:
            return contains.order_by(*SORTED_ORDER)
        return contains.order_by(*ORDER)
    if vendor == "sqlite":
        fts_rowid = RawSQL(f"{GRAMS_FTS}.rowid", ())  # noqa: S611
        return (
            contains.extra(tables=[GRAMS_FTS], where=[f"{GRAMS_FTS} MATCH %s"], params=[fts_phrase(q)])  # noqa: S610
            .filter(id=fts_rowid)
            .order_by(*SORTED_ORDER)
        )
    if vendor == "postgresql":
        return contains.filter(has_grams(index_grams(q))).order_by(*SORTED_ORDER)
    return contains.order_by(*ORDER)


def _contains(queryset: QuerySet[Any], q: str) -> QuerySet[Any]:
    """strpos/instr(search_grams, phrase) > 0 — exact on its own (bigrams are whole tokens)."""
    return queryset.alias(_grams_at=StrIndex("search_grams", Value(phrase(q)))).filter(_grams_at__gt=0)


def search_page(
    queryset: QuerySet[Any],
    q: str,
    *,
    start: int,
    limit: int,
    narrow: bool = False,
    strategy: str | None = None,
    small: bool | None = None,
) -> list[Any]:
    """Rows start … start + limit − 1 of `filter_contains(queryset, q)`: what the public list reads.

    SQLite, rare term: `FROM fts CROSS JOIN (the filtered rows) ON id = rowid` — CROSS JOIN is
    SQLite's way to fix the outer loop: the phrase's FTS matches, each row by primary key, then
    the sort. Without it, SQLite (no statistics) takes `state = ?` on a state-led index for
    selective and reads every published row (0.12–0.27 s at 1M) — the rows come from the portal's
    one public door, so its `state` filter cannot be written otherwise.

    SQLite, common term and an agency or place filter: when the filter selects at most FEW_ROWS
    rows (a capped COUNT), they are read whole and sorted (`small`); otherwise the newest decisions
    are walked (the filter holds ≥ 2 % of the rows, the term ≥ 2 %: ≤ ~50,000 rows for a page) —
    the caller then passes the filter through no index (`NoIndex`), or SQLite reads it whole."""
    q = clean_query(q)
    if len(q) < MIN_QUERY:
        return []
    strategy = strategy or search_strategy(q, narrow=narrow)
    if connection.vendor != "sqlite" or strategy == WALK:
        if small is None:
            small = connection.vendor == "sqlite" and narrow and few_rows(queryset)
        matches = filter_contains(queryset, q, narrow=narrow, small=small, strategy=strategy)
        return list(matches[start : start + limit])
    inner, params = _contains(queryset, q).order_by().query.sql_with_params()
    sql = (
        f"SELECT q.* FROM {GRAMS_FTS} CROSS JOIN ({inner}) q ON q.id = {GRAMS_FTS}.rowid "  # noqa: S608
        f"WHERE {GRAMS_FTS} MATCH %s ORDER BY q.decided_on DESC, q.id DESC LIMIT %s OFFSET %s"
    )
    return list(queryset.model.objects.raw(sql, [*params, fts_phrase(q), limit, start]))


def few_rows(queryset: QuerySet[Any]) -> bool:
    """The (filtered) rows number at most FEW_ROWS — a COUNT that stops there."""
    return queryset.order_by().values("pk")[: FEW_ROWS + 1].count() <= FEW_ROWS
