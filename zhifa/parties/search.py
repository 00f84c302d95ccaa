"""Party name search: `name contains q`, case-insensitive, the same hits on SQLite and PostgreSQL.

The index is one of overlapping character pairs (bigrams). `Party.name_grams` holds the folded
name as space-separated bigrams — "深圳市华强" → "深圳 圳市 市华 华强" — and is written by the
services with the name (`apply_clean`: `party_register`, `party_update`, `party_bulk_create`).
A query of n ≥ 2 characters matches exactly the names in which its n − 1 bigrams follow each other:

* SQLite: FTS5 table `parties_party_grams_fts` (external content = `parties_party.name_grams`,
  `ascii` tokenizer: each bigram is one token), kept in step by triggers on that column; the
  query is the phrase of the bigrams. FTS5 yields matches newest first (rowid order), so a page
  joins the FTS table and stops after the page's rows (`broad` scopes); narrow scopes (本单位,
  本人 …) read the match list into an `IN` and walk their own index instead.
* PostgreSQL: GIN over `string_to_array(name_grams, ' ')`. `@>` narrows to names holding the
  query's bigrams and `strpos(name_grams, phrase) > 0` keeps the consecutive ones. ANALYZE keeps
  per-bigram frequencies (most_common_elems) for that expression; the query names only its rare
  bigrams (or its rarest one), so the planner's estimate is right and it picks between the GIN
  bitmap (rare terms) and the newest-first primary key walk (common terms) itself.
* 1-character queries have no bigram: `strpos/instr(name_grams, q)` newest first. With the page's
  LIMIT a common character stops early; a character found in few names reads the table
  (≈ 0.5–1 s at 1M parties).

Folding (`fold`) upper-cases each character whose upper case is one character, on both databases
in Python — so "abc" finds "ABC" and CJK is unaffected; the database's own UPPER/collation is never
involved. ASCII punctuation and spaces are mapped to private-use characters so that every bigram
stays one FTS token and `%`/`_`/`"` need no escaping.

SQLite triggers are dropped when Django remakes parties_party: a later migration that alters the
table must end with `migrations.RunPython(install_name_grams, ...)` again (idempotent);
`name_search_is_installed` (tested) catches a forgotten one.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.db.models import BooleanField, F, Func, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import StrIndex

GRAMS_FTS = "parties_party_grams_fts"
PG_GRAMS_INDEX = "parties_party_grams_gin"
REBUILD_SQL = "INSERT INTO parties_party_grams_fts(parties_party_grams_fts) VALUES ('rebuild')"
_PRIVATE_BASE = 0xF0000  # Supplementary Private Use Area-A

# Result caps: a name search lists the newest `cap` matches (the same ones on both databases);
# the list views and the API stop paging and counting there (selectors.party_result_cap).
MATCH_CAP = 1_000  # queries of ≥ 3 characters
SHORT_CAP = 200  # 1–2 characters
MIN_TRIGRAM_CHARS = 3  # the boundary between the two caps (historical name)


def result_cap(q: str) -> int:
    return SHORT_CAP if len(q.strip()) < MIN_TRIGRAM_CHARS else MATCH_CAP


# -- the bigram text ---------------------------------------------------------------------------


def fold(text: str) -> str:
    """Case-fold without changing the length (ß, ligatures … stay as they are)."""
    out = []
    for char in text:
        upper = char.upper()
        out.append(upper if len(upper) == 1 else char)
    return "".join(out)


def _token_chars(text: str) -> str:
    return "".join(chr(_PRIVATE_BASE + ord(c)) if ord(c) < 128 and not c.isalnum() else c for c in fold(text))


def name_grams(name: str) -> str:
    """The indexed form of a name: its folded bigrams, space-separated (one character: itself)."""
    chars = _token_chars(name or "")
    if len(chars) < 2:
        return chars
    return " ".join(chars[i : i + 2] for i in range(len(chars) - 1))


def query_grams(q: str) -> list[str]:
    """The distinct bigrams of a query of ≥ 2 characters, in order."""
    return list(dict.fromkeys(name_grams(q.strip()).split(" "))) if len(q.strip()) >= 2 else []


def phrase(q: str) -> str:
    """What `name_grams` contains when the name contains `q`: the bigrams of q in sequence.

    Every bigram of a name is exactly two characters and no character is a space, so a
    substring of `name_grams` made of whole bigrams can only start at a bigram boundary."""
    return name_grams(q.strip())


def fts_phrase(q: str) -> str:
    return '"' + phrase(q) + '"'


# -- installation (migrations) -----------------------------------------------------------------

_SQLITE_TRIGGERS = (
    """CREATE TRIGGER IF NOT EXISTS parties_party_grams_ai AFTER INSERT ON parties_party BEGIN
  INSERT INTO parties_party_grams_fts(rowid, name_grams) VALUES (new.id, new.name_grams);
END""",
    """CREATE TRIGGER IF NOT EXISTS parties_party_grams_ad AFTER DELETE ON parties_party BEGIN
  INSERT INTO parties_party_grams_fts(parties_party_grams_fts, rowid, name_grams)
    VALUES ('delete', old.id, old.name_grams);
END""",
    """CREATE TRIGGER IF NOT EXISTS parties_party_grams_au AFTER UPDATE OF name_grams ON parties_party BEGIN
  INSERT INTO parties_party_grams_fts(parties_party_grams_fts, rowid, name_grams)
    VALUES ('delete', old.id, old.name_grams);
  INSERT INTO parties_party_grams_fts(rowid, name_grams) VALUES (new.id, new.name_grams);
END""",
)
_TRIGGER_NAMES = ("parties_party_grams_ai", "parties_party_grams_ad", "parties_party_grams_au")


def install_name_grams(apps: Any, schema_editor: Any) -> None:
    """Migration step (idempotent): create the vendor's bigram index over name_grams."""
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {GRAMS_FTS} USING fts5(name_grams, "
            "content='parties_party', content_rowid='id', tokenize='ascii', columnsize=0)"
        )
        for sql in _SQLITE_TRIGGERS:
            schema_editor.execute(sql)
        schema_editor.execute(REBUILD_SQL)
    elif vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {PG_GRAMS_INDEX} ON parties_party "
            "USING gin (string_to_array(name_grams, ' '))"
        )
        # Bigram frequencies for the planner (and gram_frequencies) at once, not at autovacuum's pace.
        schema_editor.execute("ANALYZE parties_party")


def uninstall_name_grams(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for trigger in _TRIGGER_NAMES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {GRAMS_FTS}")
    elif vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {PG_GRAMS_INDEX}")


def name_search_is_installed() -> bool:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE (type='table' AND name=%s) "
                "OR (type='trigger' AND name IN (%s, %s, %s))",
                [GRAMS_FTS, *_TRIGGER_NAMES],
            )
            return cursor.fetchone()[0] == 4
        if connection.vendor == "postgresql":
            cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [PG_GRAMS_INDEX])
            return cursor.fetchone() is not None
    return False


def fill_name_grams(*, using: str = "default", batch: int = 20_000, only_missing: bool = True) -> int:
    """Write `name_grams` for every party lacking it (all with only_missing=False), in batches
    by id, each batch committed on its own; returns the number of rows written. Used by the
    migration that introduced the column and by `manage.py reindex_party_names`."""
    from django.db import connections, transaction

    conn = connections[using]
    where = "AND name_grams IS NULL" if only_missing else ""
    written, last = 0, 0
    while True:
        with transaction.atomic(using=using), conn.cursor() as cursor:
            cursor.execute(
                f"SELECT id, name FROM parties_party WHERE id > %s {where} ORDER BY id LIMIT %s",  # noqa: S608
                [last, batch],
            )
            rows = cursor.fetchall()
            if not rows:
                return written
            if conn.vendor == "postgresql":
                cursor.execute(
                    "UPDATE parties_party AS p SET name_grams = v.grams "
                    "FROM unnest(%s::bigint[], %s::text[]) AS v(id, grams) WHERE p.id = v.id",
                    [[r[0] for r in rows], [name_grams(r[1]) for r in rows]],
                )
            else:
                cursor.executemany(
                    "UPDATE parties_party SET name_grams = %s WHERE id = %s",
                    [(name_grams(name), pk) for pk, name in rows],
                )
        written += len(rows)
        last = rows[-1][0]


def rebuild_name_search() -> None:
    """Re-index every name (SQLite; after restoring a backup or a raw load into parties_party)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(REBUILD_SQL)


# -- PostgreSQL: which bigrams the query names -------------------------------------------------

GRAM_STATS_TTL = 600.0  # seconds a process trusts its copy of the bigram frequencies
_gram_stats: dict[str, tuple[float, dict[str, float]]] = {}


def index_gram_frequencies(index: str) -> dict[str, float]:
    """PostgreSQL: ANALYZE's most common bigrams of a bigram GIN index (`index`, as pg_stats names
    an expression index) → fraction of rows holding each (empty before the first ANALYZE). Cached
    per process, database and index for GRAM_STATS_TTL. Shared with the portal's publication search."""
    key = f"{connection.settings_dict.get('NAME')}:{index}"
    cached = _gram_stats.get(key)
    now = time.monotonic()
    if cached is not None and now - cached[0] < GRAM_STATS_TTL:
        return cached[1]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
            "WHERE schemaname = current_schema() AND tablename = %s",
            [index],
        )
        row = cursor.fetchone()
    freqs: dict[str, float] = dict(zip(row[0], row[1], strict=False)) if row and row[0] else {}
    _gram_stats[key] = (now, freqs)
    return freqs


def gram_frequencies() -> dict[str, float]:
    return index_gram_frequencies(PG_GRAMS_INDEX)


def rarest_grams(grams: list[str], freqs: dict[str, float]) -> list[str]:
    """The bigrams a PostgreSQL query names in `@>`: those too rare for ANALYZE's list (all of
    them before the first ANALYZE), else the least frequent one. Naming several common bigrams
    would make the planner multiply their frequencies and underestimate a common phrase
    (科技有限) by 20×, then sort 90,000 rows; the strpos recheck keeps the result exact anyway."""
    rare = [g for g in grams if g not in freqs]
    return rare or [min(grams, key=lambda g: freqs[g])]


def index_grams(q: str) -> list[str]:
    return rarest_grams(query_grams(q), gram_frequencies())


class HasGrams(Func):
    """PostgreSQL: `string_to_array(<column>, ' ') @> ARRAY[…]` (the bigram GIN index's expression)."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, grams: Iterable[str], column: str = "name_grams") -> None:
        super().__init__(F(column))
        self.grams = list(grams)

    def as_sql(  # type: ignore[override]
        self, compiler: Any, connection: Any, **extra_context: Any
    ) -> tuple[str, list[Any]]:
        column, params = compiler.compile(self.source_expressions[0])
        return f"string_to_array({column}, ' ') @> %s::text[]", [*params, self.grams]


# -- the filter ----------------------------------------------------------------------------------

FTS_IDS_SQL = "SELECT rowid FROM parties_party_grams_fts WHERE parties_party_grams_fts MATCH %s"
SQLITE_JOIN = "join"  # strategies on SQLite (tests force each)
SQLITE_IN = "in"


def _sqlite_strategy(broad: bool) -> str:
    return SQLITE_JOIN if broad else SQLITE_IN


def _contains(queryset: QuerySet[Any], q: str) -> QuerySet[Any]:
    return queryset.alias(_grams_at=StrIndex("name_grams", Value(phrase(q)))).filter(_grams_at__gt=0)


def filter_name_contains(
    queryset: QuerySet[Any], q: str, *, cap: int | None = None, broad: bool = True
) -> QuerySet[Any]:
    """Parties of `queryset` whose name contains `q` (case-insensitive), newest first.

    The ordering belongs to the search: do not re-order the result by id (on SQLite the page
    is read in the FTS table's order; `ORDER BY parties_party.id` would make SQLite probe the
    FTS table once per party). `broad`: the queryset's scope holds a large part of the table
    (全部, 本区域), so walking the newest matches finds a page quickly. With `cap`, only the
    newest `cap` matches (their ids are read now).
    """
    q = q.strip()
    if not q:
        return queryset
    if len(q) < 2:
        matches = _contains(queryset, q).order_by("-id")
    elif connection.vendor == "sqlite":
        if _sqlite_strategy(broad) == SQLITE_JOIN:
            # Constant SQL, the phrase is a parameter. extra(): the ORM has no join to a table
            # without a model; ordering by the FTS rowid is what makes SQLite drive from it.
            fts_rowid = RawSQL(f"{GRAMS_FTS}.rowid", ())  # noqa: S611
            matches = (
                queryset.extra(tables=[GRAMS_FTS], where=[f"{GRAMS_FTS} MATCH %s"], params=[fts_phrase(q)])  # noqa: S610
                .filter(id=fts_rowid)
                .order_by(fts_rowid.desc())
            )
        else:
            matches = queryset.filter(id__in=RawSQL(FTS_IDS_SQL, [fts_phrase(q)])).order_by("-id")  # noqa: S611
    elif connection.vendor == "postgresql":
        matches = queryset.filter(HasGrams(index_grams(q)))
        if len(q) > 2:
            matches = _contains(matches, q)
        matches = matches.order_by("-id")
    else:
        matches = _contains(queryset, q).order_by("-id")
    if cap is None:
        return matches
    ids = list(matches.values_list("id", flat=True)[:cap])
    return queryset.filter(id__in=ids).order_by("-id")
