"""Reference facts about laws: the LawRefBook catalogue (``law_catalogue.sqlite3``), the legal
level and issuing body inferred from a text's history lines, and the validity of each version.

Pure functions and plain data; the import service writes the rows.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from zhifa.core.errors import ImportFailed

from ..models import LegalLevel, Validity

CATALOGUE_LEVELS = {
    "宪法": LegalLevel.CONSTITUTION,
    "法律": LegalLevel.LAW,
    "行政法规": LegalLevel.ADMINISTRATIVE_REGULATION,
    "地方性法规": LegalLevel.LOCAL_REGULATION,
    "部门规章": LegalLevel.DEPARTMENTAL_RULE,
    "地方政府规章": LegalLevel.LOCAL_GOVERNMENT_RULE,
    "规范性文件": LegalLevel.NORMATIVE_DOCUMENT,
    "司法解释": LegalLevel.JUDICIAL_INTERPRETATION,
    "案例": LegalLevel.MODEL_CASE,
    "其他": LegalLevel.OTHER,
}


@dataclass(frozen=True)
class CatalogueEntry:
    catalogue_id: str
    name: str
    legal_level: str
    category: str
    folder: str
    publish_date: dt.date | None
    effective_date: dt.date | None
    expired: bool
    subtitle: str

    @property
    def version_date(self) -> dt.date | None:
        return self.publish_date or self.effective_date

    @property
    def issuing_body(self) -> str:
        """Only what the level itself implies: 行政法规 are made by 国务院 (《立法法》第七十二条);
        部门规章 by the department named in the catalogue folder."""
        if self.legal_level == LegalLevel.ADMINISTRATIVE_REGULATION:
            return "国务院"
        if self.legal_level == LegalLevel.DEPARTMENTAL_RULE and "/" in self.folder:
            return self.folder.rsplit("/", 1)[1]
        return ""


def _date(value: str | None, *, where: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ImportFailed(f"日期无效：{value}", file=where) from None


def read_catalogue(path: Path) -> list[CatalogueEntry]:
    """All rows of the catalogue's ``law`` table (joined to ``category``), in a stable order."""
    where = path.name
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise ImportFailed(f"无法打开目录数据库：{exc}", file=where) from None
    try:
        rows = db.execute(
            "SELECT l.id, l.level, l.name, l.publish, l.valid_from, l.expired, l.subtitle, c.name, c.folder "
            "FROM law l LEFT JOIN category c ON c.id = l.category_id ORDER BY l.name, l.publish, l.id"
        ).fetchall()
    except sqlite3.Error as exc:
        raise ImportFailed(f"目录数据库结构不符（需要 law、category 表）：{exc}", file=where) from None
    finally:
        db.close()
    entries: list[CatalogueEntry] = []
    for row_no, (cid, level, name, publish, valid_from, expired, subtitle, cat, folder) in enumerate(rows, 1):
        if level not in CATALOGUE_LEVELS:
            raise ImportFailed(f"第{row_no}条目录记录（{name}）的效力级别无法识别：{level}", file=where)
        if not (name or "").strip():
            raise ImportFailed(f"第{row_no}条目录记录缺少名称", file=where)
        entries.append(
            CatalogueEntry(
                catalogue_id=str(cid),
                name=name.strip(),
                legal_level=CATALOGUE_LEVELS[level],
                category=cat or "",
                folder=folder or "",
                publish_date=_date(publish, where=where),
                effective_date=_date(valid_from, where=where),
                expired=bool(expired),
                subtitle=subtitle or "",
            )
        )
    return entries


NPC_RE = re.compile(
    r"((?:[\u4e00-\u9fa5]{2,8}?(?:省|自治区|市))?)第[一二三四五六七八九十百]+届(全国)?人民代表大会(常务委员会)?"
)
ORDER_RE = re.compile(r"(?:中华人民共和国)?([\u4e00-\u9fa5]{2,20}?)令第(\d+)号")
STATE_COUNCIL_RE = re.compile(r"国务院第[\d一二三四五六七八九十百]+次常务会议")


def issuing_body_and_document_no(event: str) -> tuple[str, str]:
    """From a history line: (制定机关, 文号). ``…国务院令第711号修订`` → (国务院, 国务院令第711号)."""
    order = ORDER_RE.search(event)
    if order:
        return order[1], f"{order[1]}令第{order[2]}号"
    npc = NPC_RE.search(event)
    if npc:
        return f"{npc[1]}{npc[2] or ''}人民代表大会{npc[3] or ''}", ""
    if STATE_COUNCIL_RE.search(event):
        return "国务院", ""
    return "", ""


def infer_legal_level(name: str, issuing_body: str) -> str:
    """Level of a text the catalogue does not list (local regulations and rules), by its maker."""
    if issuing_body.endswith("人民代表大会常务委员会") or issuing_body.endswith("人民代表大会"):
        return LegalLevel.LAW if issuing_body.startswith("全国") else LegalLevel.LOCAL_REGULATION
    if issuing_body == "国务院":
        return LegalLevel.ADMINISTRATIVE_REGULATION
    if issuing_body.endswith("人民政府"):
        return LegalLevel.LOCAL_GOVERNMENT_RULE
    if issuing_body:
        return LegalLevel.DEPARTMENTAL_RULE
    return LegalLevel.OTHER


@dataclass(frozen=True)
class VersionFacts:
    key: object
    version_date: dt.date | None
    effective_date: dt.date | None
    expired: bool


def version_states(versions: list[VersionFacts], *, today: dt.date) -> dict[object, tuple[str, bool]]:
    """key → (validity, is_current) for all versions of ONE law.

    The current version is the newest one that has started (effective — or, without an effective
    date, published — on or before ``today``): valid, or repealed when the catalogue marks it
    expired. Older versions are superseded by it; newer ones are not yet effective. A law whose
    only versions lie in the future shows its newest one. Undated catalogue entries stand alone.
    """
    states: dict[object, tuple[str, bool]] = {}
    dated = sorted((v for v in versions if v.version_date), key=lambda v: v.version_date, reverse=True)  # type: ignore[arg-type,return-value]
    undated = [v for v in versions if not v.version_date]

    def starts(v: VersionFacts) -> dt.date:
        return v.effective_date or v.version_date  # type: ignore[return-value]

    current = next((v for v in dated if starts(v) <= today), dated[0] if dated else None)
    seen_current = False
    for v in dated:
        if v is current:
            seen_current = True
            if starts(v) > today:
                states[v.key] = (Validity.NOT_YET_EFFECTIVE, True)
            else:
                states[v.key] = (Validity.REPEALED if v.expired else Validity.VALID, True)
        elif not seen_current:
            states[v.key] = (Validity.NOT_YET_EFFECTIVE, False)
        else:
            states[v.key] = (Validity.SUPERSEDED, False)
    for index, v in enumerate(undated):
        is_current = current is None and index == 0
        states[v.key] = (Validity.REPEALED if v.expired else Validity.VALID, is_current)
    return states
