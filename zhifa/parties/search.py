"""Party name search: substring match (`name contains q`, case-insensitive), same hits on both DBs.

* PostgreSQL: a pg_trgm GIN index on `UPPER(name)`; Django's `name__icontains` compiles to
  `UPPER(name::text) LIKE UPPER('%q%')`, which that index serves for queries of ≥ 3 characters.
* SQLite (≥ 3.34): an external-content FTS5 table with the `trigram` tokenizer (case-insensitive),
  kept in step by triggers on parties_party; a quoted phrase of ≥ 3 characters matches exactly the
  rows whose name contains it.
* Queries shorter than 3 characters fall back to `LIKE` on both databases (callers page with a
  LIMIT, so a common 1–2 character query stops after the first page).

SQLite triggers are dropped when Django remakes a table; a later migration that alters
parties_party must end with `migrations.RunPython(install_name_search, ...)` again (idempotent).
The `name_search_is_installed` check in the tests catches a forgotten one.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import QuerySet

FTS_TABLE = "parties_party_name_fts"
PG_INDEX = "parties_party_name_trgm"
MIN_TRIGRAM_CHARS = 3
REBUILD_SQL = "INSERT INTO parties_party_name_fts(parties_party_name_fts) VALUES ('rebuild')"

_SQLITE_TRIGGERS = (
    """CREATE TRIGGER IF NOT EXISTS parties_party_name_ai AFTER INSERT ON parties_party BEGIN
  INSERT INTO parties_party_name_fts(rowid, name) VALUES (new.id, new.name);
END""",
    """CREATE TRIGGER IF NOT EXISTS parties_party_name_ad AFTER DELETE ON parties_party BEGIN
  INSERT INTO parties_party_name_fts(parties_party_name_fts, rowid, name) VALUES ('delete', old.id, old.name);
END""",
    """CREATE TRIGGER IF NOT EXISTS parties_party_name_au AFTER UPDATE OF name ON parties_party BEGIN
  INSERT INTO parties_party_name_fts(parties_party_name_fts, rowid, name) VALUES ('delete', old.id, old.name);
  INSERT INTO parties_party_name_fts(rowid, name) VALUES (new.id, new.name);
END""",
)


def install_name_search(apps: Any, schema_editor: Any) -> None:
    """Migration step (idempotent): create the vendor's name index."""
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS parties_party_name_fts USING fts5("
            "name, content='parties_party', content_rowid='id', tokenize='trigram')"
        )
        for sql in _SQLITE_TRIGGERS:
            schema_editor.execute(sql)
        schema_editor.execute(REBUILD_SQL)
    elif vendor == "postgresql":
        # The dev/prod database user may create extensions; otherwise a DBA runs this once.
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS parties_party_name_trgm ON parties_party "
            "USING gin (UPPER(name::text) gin_trgm_ops)"
        )


def uninstall_name_search(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for trigger in ("parties_party_name_ai", "parties_party_name_ad", "parties_party_name_au"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        schema_editor.execute("DROP TABLE IF EXISTS parties_party_name_fts")
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS parties_party_name_trgm")


def name_search_is_installed() -> bool:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE (type='table' AND name=%s) "
                "OR (type='trigger' AND name LIKE 'parties_party_name_a_')",
                [FTS_TABLE],
            )
            return cursor.fetchone()[0] == 4
        if connection.vendor == "postgresql":
            cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [PG_INDEX])
            return cursor.fetchone() is not None
    return False


def rebuild_name_search() -> None:
    """Re-index every name (SQLite; after restoring a backup or a raw bulk load)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(REBUILD_SQL)


def _fts_phrase(q: str) -> str:
    return '"' + q.replace('"', '""') + '"'


# SQLite strategy knobs (see filter_name_contains).
SMALL_SCOPE_ROWS = 20_000  # a filtered set this small is scanned with LIKE through its own index
FTS_CHUNK = 2_000  # FTS rowids fetched per step, newest first
MATCH_CAP = 1_000  # a name search returns at most this many (newest) matches on SQLite

CHUNK_SQL = (
    "SELECT rowid FROM parties_party_name_fts WHERE parties_party_name_fts MATCH %s "
    "AND rowid < %s ORDER BY rowid DESC LIMIT %s"
)


def _sqlite_matching_ids(queryset: QuerySet[Any], q: str, cap: int) -> list[int]:
    """Walk the FTS matches newest-first in chunks, keeping those inside `queryset`.

    FTS5 yields a phrase's matches lazily in rowid order, so a common term ("有限公司") costs a few
    chunks instead of materialising hundreds of thousands of rowids."""
    phrase = _fts_phrase(q)
    ids: list[int] = []
    upper = 2**63 - 1
    with connection.cursor() as cursor:
        while len(ids) < cap:
            cursor.execute(CHUNK_SQL, [phrase, upper, FTS_CHUNK])
            chunk = [row[0] for row in cursor.fetchall()]
            if not chunk:
                break
            upper = chunk[-1]
            kept = queryset.filter(id__in=chunk).order_by("-id").values_list("id", flat=True)
            ids.extend(kept[: cap - len(ids)])
            if len(chunk) < FTS_CHUNK:
                break
    return ids


def filter_name_contains(queryset: QuerySet[Any], q: str, *, cap: int = MATCH_CAP) -> QuerySet[Any]:
    """Rows of `queryset` whose name contains `q` (case-insensitive).

    PostgreSQL: `UPPER(name) LIKE UPPER('%q%')`, served by the pg_trgm index (the planner picks it
    or a newest-first scan). SQLite: when the already-filtered set is small, a LIKE over it;
    otherwise the newest `cap` matches found through the FTS5 trigram index (the hits are the
    same substring matches; only their number is capped).
    """
    q = q.strip()
    if not q:
        return queryset
    if connection.vendor != "sqlite" or len(q) < MIN_TRIGRAM_CHARS:
        return queryset.filter(name__icontains=q)
    if queryset.order_by()[: SMALL_SCOPE_ROWS + 1].count() <= SMALL_SCOPE_ROWS:
        return queryset.filter(name__icontains=q)
    return queryset.filter(id__in=_sqlite_matching_ids(queryset, q, cap))
