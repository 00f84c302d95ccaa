"""Chinese numerals and 裁量标准 texts → structure (pure functions, no database)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhifa.legal.importers.numerals import parse_chinese_number, to_chinese_number
from zhifa.legal.importers.standard_text import parse_standard_text
from zhifa.legal.rules.discretion import BaseKind, PenaltyKind, RangeKind


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("二万", 20000),
        ("五千", 5000),
        ("一百五十万", 1500000),
        ("一万五千", 15000),
        ("一万五", 15000),
        ("十二", 12),
        ("十", 10),
        ("两", 2),
        ("二百", 200),
        ("一百零五", 105),
        ("一千零五十", 1050),
        ("一万零一", 10001),
        ("一亿二千万", 120000000),
        ("一万亿", 10**12),
        ("300", 300),
        ("10万", 100000),
        ("１５００", 1500),
        ("一百万一十", 1000010),
    ],
)
def test_parse_chinese_number_reads_common_forms(text: str, value: int) -> None:
    assert parse_chinese_number(text) == value


def test_parse_chinese_number_reads_decimals_with_units() -> None:
    assert parse_chinese_number("1.5万") == Decimal(15000)
    assert parse_chinese_number("0.5") == Decimal("0.5")


@pytest.mark.parametrize("text", ["", "元", "万", "一二", "abc", "5五"])
def test_parse_chinese_number_rejects_non_numerals(text: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011
        parse_chinese_number(text)


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (0, "零"),
        (10, "十"),
        (15, "十五"),
        (105, "一百零五"),
        (10001, "一万零一"),
        (100000, "十万"),
        (100010000, "一亿零一万"),
        (20000, "二万"),
    ],
)
def test_to_chinese_number_writes_the_standard_form(number: int, text: str) -> None:
    assert to_chinese_number(number) == text


@given(st.integers(min_value=0, max_value=10**16 - 1))
def test_chinese_numerals_round_trip(number: int) -> None:
    assert parse_chinese_number(to_chinese_number(number)) == number


@given(st.integers(min_value=1, max_value=10**8), st.integers(min_value=1, max_value=10**8))
def test_generated_ranges_parse_back_to_their_bounds(low: int, high: int) -> None:
    low, high = min(low, high), max(low, high)
    text = f"责令改正，处{to_chinese_number(low)}元以上{to_chinese_number(high)}元以下的罚款"
    parsed = parse_standard_text(text)
    assert parsed.parsed
    assert parsed.primary is not None
    assert (parsed.primary.amount_min, parsed.primary.amount_max) == (low, high)
    assert parsed.orders == ["责令改正"]


def fine(text: str):
    parsed = parse_standard_text(text)
    assert parsed.parsed, parsed.reason
    assert parsed.primary is not None
    return parsed, parsed.primary


def test_absolute_range_in_wan_yuan_is_inclusive_both_ends() -> None:
    parsed, primary = fine("责令备案，处二万元以上五万元以下的罚款")
    assert primary.kind == RangeKind.AMOUNT
    assert (primary.amount_min, primary.amount_max) == (20000, 50000)
    assert parsed.penalty_kinds == [PenaltyKind.FINE]
    assert parsed.orders == ["责令备案"]


def test_upper_bound_only_leaves_the_minimum_open() -> None:
    _, primary = fine("责令备案，处一万元以下罚款")
    assert primary.amount_min is None
    assert primary.amount_max == 10000


def test_single_amount_is_a_point_range() -> None:
    _, primary = fine("责令限期拆除，处十万元罚款")
    assert primary.amount_min == primary.amount_max == 100000
    _, primary = fine("处五千元")
    assert primary.amount_min == primary.amount_max == 5000


def test_unit_on_the_upper_bound_applies_to_the_lower() -> None:
    _, primary = fine("责令停止违法行为，可以处二百以上五百元以下的罚款")
    assert (primary.amount_min, primary.amount_max) == (200, 500)
    _, primary = fine("责令改正，处十二万以上十五万元以下罚款")
    assert (primary.amount_min, primary.amount_max) == (120000, 150000)


def test_percentage_of_total_investment() -> None:
    _, primary = fine("责令停止建设，处建设项目总投资额百分之一以上百分之二以下的罚款")
    assert primary.kind == RangeKind.PERCENTAGE
    assert primary.base_kind == BaseKind.TOTAL_INVESTMENT
    assert (primary.factor_min, primary.factor_max) == (Decimal("0.01"), Decimal("0.02"))


def test_multiple_of_goods_value_and_of_illegal_gains() -> None:
    _, primary = fine("责令改正，处货值金额1倍以上2倍以下的罚款")
    assert primary.kind == RangeKind.MULTIPLE
    assert primary.base_kind == BaseKind.GOODS_VALUE
    assert (primary.factor_min, primary.factor_max) == (1, 2)
    parsed, primary = fine("责令停止违法行为，没收违法所得，并处违法所得一倍以上三倍以下罚款")
    assert primary.base_kind == BaseKind.ILLEGAL_GAINS
    assert (primary.factor_min, primary.factor_max) == (1, 3)
    assert PenaltyKind.CONFISCATE_ILLEGAL_GAINS in parsed.penalty_kinds


def test_percentage_with_an_absolute_cap() -> None:
    _, primary = fine("按照直接损失的百分之三十计算罚款，但是最高不超过一百万元")
    assert primary.base_label == "直接损失"
    assert primary.factor_min == primary.factor_max == Decimal("0.3")
    assert primary.amount_max == 1000000


def test_fines_on_responsible_persons_are_kept_as_extra_fines() -> None:
    parsed, primary = fine(
        "处五十万元以上七十万元以下的罚款，并对建设单位的法定代表人、主要负责人、直接负责的主管人员"
        "和其他直接责任人员，处五万元以上七万元以下的罚款"
    )
    assert (primary.amount_min, primary.target) == (500000, "")
    [extra] = parsed.extra_fines
    assert (extra.amount_min, extra.amount_max) == (50000, 70000)
    assert extra.target.startswith("对建设单位的法定代表人")
    parsed, _ = fine("责令改正，处十万元罚款，对个人处以一万元罚款")
    assert parsed.extra_fines[0].target == "对个人"


def test_a_label_containing_a_numeral_is_not_read_as_an_amount() -> None:
    parsed, _ = fine("处以直接损失20%的罚款；对责任人员可以处上一年度从本单位取得收入10%以上20%以下的罚款")
    extra = parsed.extra_fines[0]
    assert extra.base_label == "上一年度从本单位取得收入"
    assert (extra.factor_min, extra.factor_max) == (Decimal("0.1"), Decimal("0.2"))


def test_penalties_without_a_fine_are_parsed() -> None:
    parsed = parse_standard_text("给予警告")
    assert parsed.parsed
    assert parsed.penalty_kinds == [PenaltyKind.WARNING]
    assert not parsed.fines
    parsed = parse_standard_text("报经有批准权的人民政府批准，责令停业")
    assert parsed.penalty_kinds == [PenaltyKind.ORDER_SUSPENSION]
    parsed = parse_standard_text("处所收费用五倍的罚款，禁止从事环境影响报告书、环境影响报告表编制工作")
    assert parsed.penalty_kinds == [PenaltyKind.FINE, PenaltyKind.RESTRICT_PRACTICE]


def test_increment_rules_keep_the_range() -> None:
    parsed, primary = fine(
        "处二十万元以上七十万元以下罚款（每增加1个超标因子增加五万元，每个因子超标每0.2倍增加二万元）"
    )
    assert (primary.amount_min, primary.amount_max) == (200000, 700000)
    assert parsed.has_increment_rule


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("处七万元以下九万元以下罚款", "malformed_bounds"),
        ("处五万元以上二万元以下罚款", "inverted_bounds"),
        ("处三倍的罚款", "base_missing"),
        ("依法处理", "unrecognised"),
        ("处罚款", "no_amount"),
    ],
)
def test_unparseable_texts_carry_a_reason(text: str, reason: str) -> None:
    parsed = parse_standard_text(text)
    assert not parsed.parsed
    assert parsed.reason == reason
    assert parsed.reason_text
