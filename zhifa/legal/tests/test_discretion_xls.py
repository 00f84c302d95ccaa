"""Reading the Jiangmen discretion table (.xls) as published: merged cells, counts, bad input."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

from zhifa.core.errors import ImportFailed
from zhifa.legal.importers.discretion_xls import HEADER, read_discretion_sheets, read_discretion_workbook
from zhifa.legal.importers.standard_text import parse_standard_text

DATA = Path(settings.SHARED_DIR) / "data" / "discretion"
XLS = DATA / "jiangmen_eco_discretion_table_2020.xls"
NORMALIZED = DATA / "jiangmen_eco_discretion_table_2020.normalized.json"


@pytest.fixture(scope="module")
def items() -> list:
    return read_discretion_workbook(XLS)


def test_every_item_and_tier_of_the_published_table_is_read(items: list) -> None:
    assert len(items) == 165
    assert sum(len(item.tiers) for item in items) == 678
    assert len({item.item_no for item in items}) == 165


def test_counts_per_sheet_match_the_normalised_view(items: list) -> None:
    normalised = json.loads(NORMALIZED.read_text(encoding="utf-8"))
    assert Counter(i.sheet for i in items) == Counter(i["sheet"] for i in normalised)
    tiers_read: Counter[str] = Counter()
    for item in items:
        tiers_read[item.sheet] += len(item.tiers)
    tiers_expected: Counter[str] = Counter()
    for item in normalised:
        tiers_expected[item["sheet"]] += len(item["tiers"])
    assert tiers_read == tiers_expected
    assert [i.item_no for i in items] == [i["item_no"] for i in normalised]
    # Circumstances are the visible 裁量情节 cells, grouped by tier, exactly as in the normalised view.
    assert [t.circumstances for i in items for t in i.tiers] == [
        t["circumstances"] for i in normalised for t in i["tiers"]
    ]


def test_merged_cells_propagate_item_values(items: list) -> None:
    first = items[0]
    assert first.item_no == "1-1"
    assert first.sheet == "环境影响评价法"
    assert first.law_group == "一、《中华人民共和国环境影响评价法》"
    assert first.legal_basis.startswith("《中华人民共和国环境影响评价法》（2018年修订）第三十一条")
    assert [t.label for t in first.tiers] == ["1", "2", "3", "4"]
    assert first.tiers[1].circumstances == [
        "报告表项目，主体工程已建设完成的",
        "报告书项目，主体工程未建设完成的",
    ]
    assert first.tiers[1].standard == "责令停止建设，处建设项目总投资额百分之二以上百分之三以下的罚款"


def test_later_basis_regions_open_segments(items: list) -> None:
    item = next(i for i in items if i.item_no == "2-9")
    segments = [t.segment for t in item.tiers]
    assert segments[:5] == [""] * 5
    assert all(s.startswith("逾期不拆除的") for s in segments[5:])
    assert [t.label for t in item.tiers] == ["1", "2", "3", "4", "5"] * 2


def test_tiers_hidden_under_a_merge_are_kept_and_flagged(items: list) -> None:
    hidden = [(i.item_no, t.label) for i in items for t in i.tiers if t.hidden]
    assert ("3-13", "5") in hidden
    tier = next(t for i in items if i.item_no == "3-13" for t in i.tiers if t.label == "5")
    assert tier.standard == "责令改正，处十五万元以上二十万元以下罚款"  # the visible merged text
    tier = next(t for i in items if i.item_no == "4-22" for t in i.tiers if t.label == "5")
    assert tier.standard.endswith("处以十万元罚款")  # its own (hidden) text wins


def test_parse_statistics_of_the_real_table(items: list) -> None:
    results = [parse_standard_text(t.standard) for i in items for t in i.tiers]
    assert sum(r.parsed for r in results) == 677
    assert Counter(r.reason for r in results if not r.parsed) == {"malformed_bounds": 1}


@dataclass
class FakeSheet:
    name: str
    rows: list[list[object]]
    merged_cells: list[tuple[int, int, int, int]] = field(default_factory=list)

    @property
    def nrows(self) -> int:
        return len(self.rows)

    @property
    def ncols(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def cell_value(self, r: int, c: int) -> object:
        row = self.rows[r]
        return row[c] if c < len(row) else ""


def sheet(*rows: list[object], merged: list[tuple[int, int, int, int]] | None = None) -> FakeSheet:
    return FakeSheet("测试表", [["一、《测试法》"], list(HEADER), *rows], merged or [])


def test_a_small_well_formed_sheet_is_read() -> None:
    fake = sheet(
        ["1-1", "违法行为甲", "《测试法》第一条", 1.0, "情节一", "处一万元以下罚款", ""],
        ["", "", "", 2.0, "情节二", "处一万元以上二万元以下罚款", ""],
        ["", "", "", "", "情节三", "", ""],
        merged=[(2, 5, 0, 1), (2, 5, 1, 2), (2, 5, 2, 3), (3, 5, 3, 4), (3, 5, 5, 6)],
    )
    [item] = read_discretion_sheets([fake], file="t.xls")
    assert [t.circumstances for t in item.tiers] == [["情节一"], ["情节二", "情节三"]]
    assert item.row == 3


@pytest.mark.parametrize(
    ("rows", "message", "line"),
    [
        ([["", "违法行为", "", 1.0, "情节", "处一万元罚款", ""]], "不属于任何事项", 3),
        ([["1-1", "违法行为", "", "", "情节", "", ""]], "裁量情节前没有档次", 3),
        ([["1-1", "违法行为", "", "甲", "情节", "处一万元罚款", ""]], "类别应为档次序号", 3),
        ([["1-1", "", "", 1.0, "情节", "处一万元罚款", ""]], "缺少违法行为", 3),
        (
            [
                ["1-1", "违法行为", "", 1.0, "情节", "处一万元罚款", ""],
                ["1-1", "违法行为", "", 1.0, "", "", ""],
            ],
            "重复",
            4,
        ),
    ],
)
def test_malformed_rows_fail_naming_sheet_and_row(rows: list, message: str, line: int) -> None:
    with pytest.raises(ImportFailed) as error:
        read_discretion_sheets([sheet(*rows)], file="t.xls")
    assert message in error.value.message
    assert "工作表“测试表”" in error.value.message
    assert error.value.extra["line"] == line


def test_wrong_header_fails() -> None:
    fake = FakeSheet("测试表", [["标题"], ["序号", "违法行为", "依据", "类别", "情节", "标准", "备注"]])
    with pytest.raises(ImportFailed, match="表头应为"):
        read_discretion_sheets([fake], file="t.xls")


def test_a_file_that_is_not_xls_fails(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xls"
    bad.write_bytes(b"not an excel file")
    with pytest.raises(ImportFailed, match="无法读取"):
        read_discretion_workbook(bad)
    with pytest.raises(ImportFailed, match="文件不存在"):
        read_discretion_workbook(tmp_path / "missing.xls")
