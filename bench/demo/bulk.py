"""Set-based row writer for the demo's millions of case rows: COPY on PostgreSQL, `executemany`
on SQLite, with the ids chosen by the caller (so child rows reference their parents without a
round trip). Rows are tuples in the order of `Table.columns`; defaults of the other columns are
filled from the model (`Table.row(**values)`).

This bypasses the services on purpose (as the parties fast path does for parties): the caller
produces the same column values the services would write.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models
from django.db.models.fields import NOT_PROVIDED


def db_datetime(value: dt.datetime) -> Any:
    """An aware datetime as the column stores it: naive UTC text on SQLite (Django's format),
    the aware value on PostgreSQL (COPY adapts it)."""
    if connection.vendor == "sqlite":
        return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ")
    return value


def _default(field: models.Field) -> Any:
    if field.default is NOT_PROVIDED:
        return (
            None if field.null else ("" if isinstance(field, models.CharField | models.TextField) else None)
        )
    value = field.get_default()
    if isinstance(field, models.JSONField):
        return json.dumps(value)
    return value


class Table:
    """One model's table: its concrete columns, in model order, and a template row of defaults."""

    def __init__(self, model: type[models.Model]) -> None:
        self.model = model
        self.name = model._meta.db_table
        fields = list(model._meta.concrete_fields)
        self.columns = [f.column for f in fields]
        self.index = {f.attname: i for i, f in enumerate(fields)}
        self.template = [_default(f) for f in fields]
        self._json = {i for i, f in enumerate(fields) if isinstance(f, models.JSONField)}

    def row(self, **values: Any) -> tuple[Any, ...]:
        """A full row: the model defaults, overridden by `values` (attnames; JSON given as Python)."""
        out = list(self.template)
        index = self.index
        for key, value in values.items():
            i = index[key]
            out[i] = json.dumps(value, ensure_ascii=False) if i in self._json and value is not None else value
        return tuple(out)

    def next_id(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT MAX(id) FROM "{self.name}"')
            found = cursor.fetchone()[0]
        return int(found or 0) + 1

    def write(self, rows: Sequence[tuple[Any, ...]]) -> int:
        if not rows:
            return 0
        cols = ", ".join(f'"{c}"' for c in self.columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                raw = cursor.cursor  # the psycopg cursor under Django's wrapper
                with raw.copy(f'COPY "{self.name}" ({cols}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                cursor.executemany(f'INSERT INTO "{self.name}" ({cols}) VALUES ({marks})', rows)
        return len(rows)

    def reset_sequence(self) -> None:
        """PostgreSQL: the identity sequence continues after the ids written here."""
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{self.name}\"', 'id'), "
                f'COALESCE((SELECT MAX(id) FROM "{self.name}"), 1))'
            )


def write_all(tables: Iterable[tuple[Table, Sequence[tuple[Any, ...]]]]) -> int:
    return sum(table.write(rows) for table, rows in tables)
