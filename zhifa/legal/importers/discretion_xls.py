"""Read a discretion table (.xls) as the agency published it, e.g. 江门市生态环境局 2020.

Layout per sheet: row 1 the law group (一、《中华人民共和国环境影响评价法》), row 2 the header
序号 | 违法行为 | 法律依据 | 类别 | 裁量情节 | 裁量标准 | 备注, then items. An item spans the rows of its
merged 序号 cell; a tier starts at every row whose 类别 holds a number and owns the 裁量情节 of its
rows. Merged cells are read through `sheet.merged_cells` (xlrd `formatting_info=True`): the value of
a merged region is its top-left cell.

Two habits of the published file are kept, not "fixed":

* Within one item the 法律依据 column may be split into several merged regions — the first holds
  the provision, each later one a further paragraph (逾期不改正的，处…; 对直接负责的主管人员…).
  Tiers starting inside a later region belong to that *segment* (their numbering restarts).
* A few 类别 numbers sit in rows hidden under a merged 类别/裁量标准 region (the editor merged the
  cells after typing). They are tiers of the table (the published count of 678 includes them); their
  standard is their own hidden text when they have one, otherwise the visible merged text, and the
  tier is flagged `hidden` so the UI can say so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import xlrd

from zhifa.core.errors import ImportFailed

__all__ = ["HEADER", "ItemRow", "TierRow", "read_discretion_sheets", "read_discretion_workbook"]

HEADER = ("序号", "违法行为", "法律依据", "类别", "裁量情节", "裁量标准", "备注")
COL_NO, COL_VIOLATION, COL_BASIS, COL_TIER, COL_CIRCUMSTANCE, COL_STANDARD, COL_NOTE = range(7)


@dataclass
class TierRow:
    sequence: int  # 1..n within the item, across segments
    label: str  # the 类别 number as written ("1")
    circumstances: list[str]
    standard: str
    segment: str  # "" for the item's main provision, else the later 法律依据 paragraph
    remarks: str
    row: int  # 1-based row in the sheet
    hidden: bool = False


@dataclass
class ItemRow:
    sheet: str
    law_group: str
    item_no: str
    violation: str
    legal_basis: str
    note: str
    row: int
    tiers: list[TierRow] = field(default_factory=list)


def _text(value: object) -> str:
    if isinstance(value, float):
        return str(int(value)) if value == int(value) else str(value)
    return str(value).strip()


class _Sheet:
    def __init__(self, sheet: Any, file: str) -> None:
        self.sheet = sheet
        self.where = f"{file} 工作表“{sheet.name}”"
        self.anchor: dict[tuple[int, int], tuple[int, int]] = {}
        for rlo, rhi, clo, chi in sheet.merged_cells:
            for r in range(rlo, rhi):
                for c in range(clo, chi):
                    self.anchor[(r, c)] = (rlo, clo)

    def raw(self, r: int, c: int) -> str:
        if c >= self.sheet.ncols:
            return ""
        return _text(self.sheet.cell_value(r, c))

    def visible(self, r: int, c: int) -> str:
        """What a reader of the published sheet sees in this cell (merged value propagated)."""
        return self.raw(*self.anchor.get((r, c), (r, c)))

    def starts_region(self, r: int, c: int) -> bool:
        anchor = self.anchor.get((r, c))
        return anchor is None or anchor == (r, c)

    def fail(self, message: str, r: int) -> ImportFailed:
        return ImportFailed(message, file=self.where, line=r + 1)


def _tier_label(text: str) -> str | None:
    return text if re.fullmatch(r"\d+", text) else None


def _read_sheet(sheet: _Sheet) -> list[ItemRow]:
    s = sheet.sheet
    header_row = next((r for r in range(min(s.nrows, 6)) if sheet.raw(r, COL_NO) == "序号"), None)
    if header_row is None:
        raise sheet.fail("未找到表头（序号/违法行为/法律依据/类别/裁量情节/裁量标准/备注）", 0)
    found = tuple(re.sub(r"\s+", "", sheet.raw(header_row, c)) for c in range(len(HEADER)))
    if found != HEADER:
        raise sheet.fail(f"表头应为 {'/'.join(HEADER)}，实为 {'/'.join(found)}", header_row)
    for c in range(len(HEADER), s.ncols):
        for r in range(s.nrows):
            if sheet.raw(r, c):
                raise sheet.fail(f"第{c + 1}列有未知内容“{sheet.raw(r, c)[:20]}”", r)
    law_group = next((sheet.raw(r, 0) for r in range(header_row) if sheet.raw(r, 0)), s.name)
    items: list[ItemRow] = []
    item: ItemRow | None = None
    tier: TierRow | None = None
    segment = ""
    for r in range(header_row + 1, s.nrows):
        if not any(sheet.raw(r, c) for c in range(len(HEADER))):
            continue
        if sheet.starts_region(r, COL_NO) and sheet.raw(r, COL_NO):
            violation = sheet.visible(r, COL_VIOLATION)
            if not violation:
                raise sheet.fail(f"事项“{sheet.raw(r, COL_NO)}”缺少违法行为", r)
            item = ItemRow(
                sheet=s.name,
                law_group=law_group,
                item_no=sheet.raw(r, COL_NO),
                violation=violation,
                legal_basis=sheet.visible(r, COL_BASIS),
                note="",
                row=r + 1,
            )
            items.append(item)
            tier = None
            segment = ""
        elif item is None:
            raise sheet.fail("该行不属于任何事项（序号为空）", r)
        else:
            # A later visible region of the 法律依据 column opens a segment of the same item.
            basis = sheet.raw(r, COL_BASIS)
            if basis and sheet.starts_region(r, COL_BASIS) and basis != item.legal_basis:
                segment = basis
        remarks = sheet.visible(r, COL_NOTE)
        label_text = sheet.raw(r, COL_TIER)
        if label_text:
            label = _tier_label(label_text)
            if label is None:
                raise sheet.fail(f"类别应为档次序号，实为“{label_text}”", r)
            own = sheet.raw(r, COL_STANDARD)
            tier = TierRow(
                sequence=len(item.tiers) + 1,
                label=label,
                circumstances=[],
                standard=own or sheet.visible(r, COL_STANDARD),
                segment=segment,
                remarks=remarks,
                row=r + 1,
                hidden=not sheet.starts_region(r, COL_TIER),
            )
            item.tiers.append(tier)
        circumstance = sheet.raw(r, COL_CIRCUMSTANCE)
        if circumstance:
            if tier is None:
                raise sheet.fail("裁量情节前没有档次（类别为空）", r)
            tier.circumstances.append(circumstance)
        if remarks and remarks not in item.note.split("\n"):
            item.note = f"{item.note}\n{remarks}".strip()
    for one in items:
        if not one.tiers:
            raise sheet.fail(f"事项“{one.item_no}”没有裁量档次", one.row - 1)
    return items


def read_discretion_workbook(path: str | Path) -> list[ItemRow]:
    """Every item of every non-empty sheet, in order; ImportFailed names the sheet and row."""
    file = Path(path).name
    try:
        book = xlrd.open_workbook(str(path), formatting_info=True)
    except FileNotFoundError as exc:
        raise ImportFailed("文件不存在", file=file) from exc
    except (xlrd.XLRDError, OSError, ValueError, AssertionError) as exc:
        raise ImportFailed(f"无法读取 xls 文件：{exc}", file=file) from exc
    return read_discretion_sheets(book.sheets(), file=file)


def read_discretion_sheets(sheets: Iterable[Any], *, file: str) -> list[ItemRow]:
    """Items of xlrd-like sheets (name, nrows, ncols, cell_value(r, c), merged_cells)."""
    items: list[ItemRow] = []
    seen: dict[str, str] = {}
    for raw_sheet in sheets:
        if raw_sheet.nrows == 0:
            continue
        sheet = _Sheet(raw_sheet, file)
        for item in _read_sheet(sheet):
            if item.item_no in seen:
                raise sheet.fail(
                    f"序号“{item.item_no}”重复（已见于工作表“{seen[item.item_no]}”）", item.row - 1
                )
            seen[item.item_no] = item.sheet
            items.append(item)
    if not items:
        raise ImportFailed("文件中没有裁量事项", file=file)
    return items
