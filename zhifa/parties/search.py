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

import json
from typing import Any

from django.db import OperationalError, connection, transaction
from django.db.models import F, QuerySet
from django.db.models.expressions import RawSQL

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


# Result caps: a name search returns the newest `cap` matches (the same ones on both databases).
MATCH_CAP = 1_000  # queries of ≥ 3 characters (trigram-indexed)
SHORT_CAP = 200  # 1–2 characters: no trigram to index, a LIKE scan newest-first with this LIMIT
FTS_CHUNK = 2_000  # SQLite: FTS rowids checked against the filtered set per step
MAX_FTS_CHUNKS = 5  # … then a LIKE over the filtered set (its own index) finishes the job

FTS_SQL = "SELECT rowid FROM parties_party_name_fts WHERE parties_party_name_fts MATCH %s ORDER BY rowid DESC"


JSON_IDS_SQL = "SELECT value FROM json_each(%s)"


def result_cap(q: str) -> int:
    return SHORT_CAP if len(q.strip()) < MIN_TRIGRAM_CHARS else MATCH_CAP


def _like_ids(queryset: QuerySet[Any], q: str, cap: int) -> list[int]:
    return list(queryset.filter(name__icontains=q).order_by("-id").values_list("id", flat=True)[:cap])


def _sqlite_fts_ids(queryset: QuerySet[Any], q: str, cap: int) -> list[int]:
    """The newest `cap` rows of `queryset` whose name contains `q`.

    FTS5 yields the matches of a trigram phrase lazily, newest first; each chunk is intersected
    with the filtered set by primary key. When the filtered set holds few of the newest matches
    (a small or old scope), a LIKE over the filtered set — through its own index, newest first —
    finishes after MAX_FTS_CHUNKS chunks instead of walking the whole match list.
    """
    ids: list[int] = []
    with connection.cursor() as cursor:
        cursor.execute(FTS_SQL, [_fts_phrase(q)])
        for _ in range(MAX_FTS_CHUNKS):
            chunk = [row[0] for row in cursor.fetchmany(FTS_CHUNK)]
            if chunk:
                # One JSON parameter instead of 2,000 (the ORM's per-parameter cost dominates).
                in_chunk = RawSQL(JSON_IDS_SQL, [json.dumps(chunk)])  # noqa: S611 - constant SQL
                kept = queryset.filter(id__in=in_chunk).order_by("-id").values_list("id", flat=True)
                ids.extend(kept[: cap - len(ids)])
            if len(chunk) < FTS_CHUNK or len(ids) >= cap:
                return ids  # every match seen, or enough of them
    return _like_ids(queryset, q, cap)


def filter_name_contains(queryset: QuerySet[Any], q: str, *, cap: int | None = None) -> QuerySet[Any]:
    """Rows of `queryset` whose name contains `q` (case-insensitive): the newest `cap` of them.

    PostgreSQL: `UPPER(name) LIKE UPPER('%q%') ORDER BY id DESC LIMIT cap`, served by the pg_trgm
    index or a newest-first scan (the planner's choice). SQLite: the FTS5 trigram walk above.
    Queries shorter than 3 characters: a LIKE scan with the lower SHORT_CAP limit on both.
    """
    q = q.strip()
    if not q:
        return queryset
    cap = cap or result_cap(q)
    if connection.vendor == "sqlite" and len(q) >= MIN_TRIGRAM_CHARS:
        ids = _sqlite_fts_ids(queryset, q, cap)
    elif connection.vendor == "postgresql" and len(q) >= MIN_TRIGRAM_CHARS:
        ids = _pg_trigram_ids(queryset, q, cap)
    else:
        ids = _like_ids(queryset, q, cap)
    return queryset.filter(id__in=ids)


# PostgreSQL cannot estimate how many rows a trigram LIKE matches, so it guesses between
# (a) walking the primary key newest-first and filtering — instant for common terms, a full
# scan for rare ones — and (b) the trigram bitmap plus a top-N sort — instant for rare terms,
# hundreds of ms for terms matching half the table. We try (a) under a short statement timeout
# and fall back to (b), so either kind of term stays fast.
PG_FAST_PATH_MS: int | None = 25


def _pg_trigram_ids(queryset: QuerySet[Any], q: str, cap: int) -> list[int]:
    matches = queryset.filter(name__icontains=q)
    if PG_FAST_PATH_MS:
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT set_config('statement_timeout', %s, true)", [f"{PG_FAST_PATH_MS}ms"])
                ids = list(matches.order_by("-id").values_list("id", flat=True)[:cap])
                cursor.execute("SELECT set_config('statement_timeout', %s, true)", [_statement_timeout()])
            return ids
        except OperationalError as exc:
            if getattr(exc.__cause__, "sqlstate", None) != "57014":  # query_canceled
                raise
    # `id + 0` hides the order from the primary key, so the planner takes the trigram bitmap.
    by_bitmap = matches.alias(_newest=F("id") + 0).order_by("-_newest")
    return list(by_bitmap.values_list("id", flat=True)[:cap])


def _statement_timeout() -> str:
    """The session's own statement_timeout (restored after the fast path)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT reset_val FROM pg_settings WHERE name = 'statement_timeout'")
        return f"{cursor.fetchone()[0]}ms"
