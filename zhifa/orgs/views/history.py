"""操作记录 tab: simple_history versions with the fields each one changed."""

from __future__ import annotations

from typing import Any

HISTORY_TYPES = {"+": "新增", "~": "修改", "-": "删除"}
HIDDEN = {"updated_at", "created_at"}


def history_rows(obj: Any, limit: int = 50) -> list[dict[str, Any]]:
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    rows = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changed: list[str] = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            changed = [
                str(obj._meta.get_field(c.field).verbose_name) for c in delta.changes if c.field not in HIDDEN
            ]
        rows.append(
            {
                "date": record.history_date,
                "user": record.history_user,
                "type": HISTORY_TYPES.get(record.history_type, record.history_type),
                "changed": changed,
            }
        )
    return rows
