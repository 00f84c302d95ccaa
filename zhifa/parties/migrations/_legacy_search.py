"""The trigram name index of 0001_initial (superseded by the bigram index of 0002, see
zhifa.parties.search). Kept here, frozen, because 0001 installs it and 0002 removes it.
Modules whose name starts with "_" are not loaded as migrations."""

from __future__ import annotations

from typing import Any

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
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS parties_party_name_fts USING fts5("
            "name, content='parties_party', content_rowid='id', tokenize='trigram')"
        )
        for sql in _SQLITE_TRIGGERS:
            schema_editor.execute(sql)
        schema_editor.execute("INSERT INTO parties_party_name_fts(parties_party_name_fts) VALUES ('rebuild')")
    elif vendor == "postgresql":
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
