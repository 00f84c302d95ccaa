"""Import of GB/T 2260 divisions (provinces.csv, cities.csv, areas.csv, streets.csv) into Region.

The four files (NBS 2023 codes, see shared/data/README.md) are read and checked completely before
anything is written: a malformed line raises ImportFailed naming the file and line, and nothing is
stored. The write is one transaction, level by level: rows are bulk-created in batches, existing
codes get their name / parent updated in bulk, so re-running is idempotent and never duplicates.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from zhifa.core.audit import Actor, audit_append
from zhifa.core.errors import ImportFailed

from ..choices import RegionLevel
from ..models import Region

BATCH_SIZE = 2000


@dataclass(frozen=True)
class LevelFile:
    filename: str
    level: str
    code_length: int
    parent_column: str | None  # column naming the parent code
    summary_key: str


LEVEL_FILES = (
    LevelFile("provinces.csv", RegionLevel.PROVINCE, 2, None, "provinces"),
    LevelFile("cities.csv", RegionLevel.CITY, 4, "provinceCode", "cities"),
    LevelFile("areas.csv", RegionLevel.COUNTY, 6, "cityCode", "counties"),
    LevelFile("streets.csv", RegionLevel.STREET, 9, "areaCode", "streets"),
)

NAME_MAX = Region._meta.get_field("name").max_length or 100


@dataclass(frozen=True)
class Row:
    code: str
    name: str
    parent_code: str | None
    level: str


def _read_level(directory: Path, spec: LevelFile, known: set[str]) -> list[Row]:
    path = directory / spec.filename
    if not path.is_file():
        raise ImportFailed("文件不存在", file=spec.filename)
    rows: list[Row] = []
    seen: set[str] = set()
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            required = {"code", "name"} | ({spec.parent_column} if spec.parent_column else set())
            missing = required - set(reader.fieldnames or [])
            if missing:
                raise ImportFailed(f"缺少列：{'、'.join(sorted(missing))}", file=spec.filename, line=1)
            for record in reader:
                line = reader.line_num
                code = (record.get("code") or "").strip()
                name = (record.get("name") or "").strip()
                if not (code.isascii() and code.isdigit() and len(code) == spec.code_length):
                    raise ImportFailed(
                        f"区划代码“{code}”应为{spec.code_length}位数字", file=spec.filename, line=line
                    )
                if not name:
                    raise ImportFailed(f"区划代码{code}缺少名称", file=spec.filename, line=line)
                if len(name) > NAME_MAX:
                    raise ImportFailed(f"名称超过{NAME_MAX}个字符", file=spec.filename, line=line)
                if code in seen:
                    raise ImportFailed(f"区划代码{code}重复", file=spec.filename, line=line)
                parent_code = None
                if spec.parent_column:
                    parent_code = (record.get(spec.parent_column) or "").strip()
                    if not code.startswith(parent_code) or parent_code not in known:
                        raise ImportFailed(
                            f"区划代码{code}的上级代码“{parent_code}”不存在或不是其前缀",
                            file=spec.filename,
                            line=line,
                        )
                seen.add(code)
                rows.append(Row(code=code, name=name, parent_code=parent_code, level=spec.level))
    except UnicodeDecodeError as exc:
        raise ImportFailed("文件不是 UTF-8 编码", file=spec.filename) from exc
    except csv.Error as exc:
        raise ImportFailed(f"CSV 格式错误：{exc}", file=spec.filename) from exc
    return rows


def _existing_codes() -> set[str]:
    return set(Region.objects.values_list("code", flat=True))


def regions_import(*, actor: Actor, directory: Path) -> dict[str, int]:
    """Import all four levels; return {"provinces": n, "cities": n, "counties": n, "streets": n}."""
    directory = Path(directory)
    known = _existing_codes()
    parsed: list[tuple[LevelFile, list[Row]]] = []
    for spec in LEVEL_FILES:
        rows = _read_level(directory, spec, known)
        known |= {row.code for row in rows}
        parsed.append((spec, rows))

    summary: dict[str, int] = {}
    created_total = updated_total = 0
    with transaction.atomic():
        ids: dict[str, int] = dict(Region.objects.values_list("code", "pk"))
        for spec, rows in parsed:
            created, updated = _write_level(rows, ids)
            created_total += created
            updated_total += updated
            summary[spec.summary_key] = len(rows)
        audit_append(
            actor=actor,
            action="orgs.region.import",
            payload={**summary, "created": created_total, "updated": updated_total, "dir": str(directory)},
        )
    return summary


def _write_level(rows: list[Row], ids: dict[str, int]) -> tuple[int, int]:
    """Create or update one level; `ids` (code → pk of every stored region) is kept current."""
    level = rows[0].level if rows else None
    existing = {
        region.code: region
        for region in Region.objects.filter(level=level).only("pk", "code", "name", "level", "parent_id")
    }
    to_create: list[Region] = []
    to_update: list[Region] = []
    for row in rows:
        parent_id = ids.get(row.parent_code) if row.parent_code else None
        current = existing.get(row.code)
        if current is None:
            to_create.append(Region(code=row.code, name=row.name, level=row.level, parent_id=parent_id))
        elif (current.name, current.level, current.parent_id) != (row.name, row.level, parent_id):
            current.name, current.level, current.parent_id = row.name, row.level, parent_id
            to_update.append(current)
    Region.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    Region.objects.bulk_update(to_update, ["name", "level", "parent"], batch_size=BATCH_SIZE)
    if to_create:
        ids.update(Region.objects.filter(level=level).values_list("code", "pk"))
    return len(to_create), len(to_update)
