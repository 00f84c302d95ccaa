"""discretion_compute: the rules-engine order of RULES §10 and 处罚法 第三十条至第三十三条."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhifa.core.errors import ValidationError
from zhifa.legal.rules.discretion import (
    BaseKind,
    Circumstance,
    FactorMode,
    FactorSpec,
    Outcome,
    PenaltyKind,
    RangeKind,
    StandardSpec,
    TierSpec,
    discretion_compute,
    tier_range,
)

D = Decimal
FINE = (PenaltyKind.FINE,)


def amount_tier(
    order: int, lo: int | None, hi: int | None, *circumstances: str, segment: str = ""
) -> TierSpec:
    return TierSpec(
        order=order,
        label=str(order),
        circumstances=circumstances,
        penalty_kinds=FINE,
        range_kind=RangeKind.AMOUNT,
        amount_min=None if lo is None else D(lo),
        amount_max=None if hi is None else D(hi),
        segment=segment,
    )


STANDARD = StandardSpec(
    tiers=(
        amount_tier(1, None, 10000, "无生产、经营污染物排放"),
        amount_tier(2, 10000, 20000, "有生产、经营污染物排放"),
        amount_tier(3, 20000, 40000, "发现有超标排放污染物的"),
        amount_tier(4, 40000, 50000, "造成较大以上突发环境事件或其他严重后果的"),
    )
)
INVESTMENT = TierSpec(
    order=1,
    label="1",
    penalty_kinds=FINE,
    range_kind=RangeKind.PERCENTAGE,
    base_kind=BaseKind.TOTAL_INVESTMENT,
    factor_min=D("0.01"),
    factor_max=D("0.02"),
)


def test_tier_is_picked_from_the_circumstances_of_the_table() -> None:
    result = discretion_compute(standard=STANDARD, circumstances={"有生产、经营污染物排放"})
    assert result.tier is not None
    assert result.tier.order == 2
    assert (result.lo, result.hi) == (D("10000.00"), D("20000.00"))
    assert result.outcome == Outcome.NORMAL
    assert result.recommended == D("15000.00")  # 适中 (江门规定第八条)
    assert result.penalty_kinds == FINE


def test_circumstances_of_several_tiers_take_the_heavier_tier() -> None:
    result = discretion_compute(
        standard=STANDARD, circumstances={"有生产、经营污染物排放", "发现有超标排放污染物的"}
    )
    assert result.tier is not None
    assert result.tier.order == 3
    assert any("较重档次" in reason for reason in result.reasons)


def test_open_lower_bound_starts_at_zero() -> None:
    result = discretion_compute(standard=STANDARD, tier=1)
    assert (result.lo, result.hi) == (D("0.00"), D("10000.00"))


def test_open_upper_bound_recommends_the_minimum() -> None:
    spec = StandardSpec(tiers=(amount_tier(1, 200000, None),))
    result = discretion_compute(standard=spec)
    assert (result.lo, result.hi, result.recommended) == (D("200000.00"), None, D("200000.00"))


def test_no_penalty_comes_first_and_requires_education() -> None:
    result = discretion_compute(
        standard=STANDARD,
        circumstances={Circumstance.MINOR_CORRECTED, Circumstance.OBSTRUCTION, "发现有超标排放污染物的"},
    )
    assert result.outcome == Outcome.NO_PENALTY
    assert (result.lo, result.hi, result.recommended) == (D("0.00"), D("0.00"), D("0.00"))
    assert result.tier is None
    assert result.penalty_kinds == ()
    assert result.educate


def test_first_violation_may_go_unpunished_but_the_range_is_still_given() -> None:
    result = discretion_compute(standard=STANDARD, tier=2, circumstances={Circumstance.FIRST_VIOLATION})
    assert result.outcome == Outcome.NO_PENALTY_OPTIONAL
    assert (result.lo, result.hi) == (D("10000.00"), D("20000.00"))


def test_mandatory_lighter_uses_the_lowest_30_percent_and_flags_reduction() -> None:
    result = discretion_compute(standard=STANDARD, tier=3, circumstances={Circumstance.REMOVED_HARM})
    assert result.outcome == Outcome.LIGHTER
    assert (result.lo, result.hi, result.recommended) == (D("20000.00"), D("26000.00"), D("20000.00"))
    assert result.reduction_possible


def test_heavier_uses_the_highest_30_percent() -> None:
    result = discretion_compute(standard=STANDARD, tier=3, circumstances={Circumstance.REPEAT})
    assert result.outcome == Outcome.HEAVIER
    assert (result.lo, result.hi, result.recommended) == (D("34000.00"), D("40000.00"), D("40000.00"))


def test_lighter_and_heavier_together_give_the_whole_tier() -> None:
    result = discretion_compute(
        standard=STANDARD, tier=3, circumstances={Circumstance.AGED_14_17, Circumstance.EMERGENCY_BREACH}
    )
    assert result.outcome == Outcome.BALANCED
    assert (result.lo, result.hi) == (D("20000.00"), D("40000.00"))


def test_upgrade_moves_one_tier_up_and_at_the_top_goes_to_the_maximum() -> None:
    result = discretion_compute(standard=STANDARD, tier=2, circumstances={Circumstance.UPGRADE})
    assert result.tier is not None
    assert result.tier.order == 3
    result = discretion_compute(standard=STANDARD, tier=4, circumstances={Circumstance.UPGRADE})
    assert result.tier is not None
    assert result.tier.order == 4
    assert result.recommended == D("50000.00")


def test_missing_base_raises_a_chinese_validation_error() -> None:
    spec = StandardSpec(tiers=(INVESTMENT,))
    with pytest.raises(ValidationError) as error:
        discretion_compute(standard=spec)
    assert "总投资额" in error.value.message
    assert "base_amount" in error.value.fields


def test_percentage_of_a_base_resolves_to_yuan() -> None:
    result = discretion_compute(standard=StandardSpec(tiers=(INVESTMENT,)), base_amount=D("1234567.89"))
    assert (result.lo, result.hi) == (D("12345.68"), D("24691.36"))


def test_cap_clamps_a_base_range() -> None:
    tier = TierSpec(
        order=1,
        range_kind=RangeKind.PERCENTAGE,
        base_kind=BaseKind.OTHER,
        base_label="直接损失",
        factor_min=D("0.3"),
        factor_max=D("0.3"),
        amount_max=D(1000000),
    )
    assert tier_range(tier, D(10000000)) == (D("1000000.00"), D("1000000.00"))
    assert tier_range(tier, D(1000)) == (D("300.00"), D("300.00"))


def test_undetermined_tier_is_a_validation_error() -> None:
    with pytest.raises(ValidationError) as error:
        discretion_compute(standard=STANDARD, circumstances={"不相关的情节"})
    assert "档次" in error.value.message


def test_segments_restart_the_tier_choice() -> None:
    spec = StandardSpec(
        tiers=(
            amount_tier(1, 100000, 100000, "未排放污染物的"),
            amount_tier(2, 500000, 500000, "未排放污染物的", segment="逾期不拆除的"),
        )
    )
    assert discretion_compute(standard=spec, circumstances={"未排放污染物的"}).recommended == D("100000.00")
    result = discretion_compute(standard=spec, circumstances={"未排放污染物的"}, segment="逾期不拆除的")
    assert result.recommended == D("500000.00")


def test_position_factors_move_the_recommendation_within_the_tier() -> None:
    spec = StandardSpec(
        tiers=(amount_tier(1, 10000, 20000),),
        factors=(FactorSpec("主观过错较大", D(20), key=1), FactorSpec("积极整改", D(-10), key=2)),
    )
    result = discretion_compute(standard=spec, factors=[1, 2])
    assert result.recommended == D("16000.00")  # 50 % + 20 % − 10 % of the range
    result = discretion_compute(standard=spec, factors=[1, 1, 1])
    assert result.recommended == D("20000.00")  # clamped to the tier


def test_base_factors_are_a_percentage_of_the_base_clamped_to_the_tier() -> None:
    tier = TierSpec(
        order=1,
        range_kind=RangeKind.AMOUNT,
        amount_min=D(10000),
        amount_max=D(100000),
        factor_mode=FactorMode.BASE,
    )
    spec = StandardSpec(tiers=(tier,), factors=(FactorSpec("违法所得", D(30), key="a"),))
    assert discretion_compute(standard=spec, factors=["a"], base_amount=D(100000)).recommended == D(
        "30000.00"
    )
    assert discretion_compute(standard=spec, factors=["a"], base_amount=D(1000)).recommended == D("10000.00")
    with pytest.raises(ValidationError):
        discretion_compute(standard=spec, factors=["a"])


amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)
factors = st.decimals(min_value=0, max_value=10, places=4, allow_nan=False, allow_infinity=False)
circumstance_sets = st.sets(st.sampled_from([c.value for c in Circumstance if c != Circumstance.UPGRADE]))


@given(amounts, amounts, circumstance_sets)
def test_result_is_always_inside_the_tiers_range(a: Decimal, b: Decimal, given_set: set[str]) -> None:
    lo, hi = min(a, b), max(a, b)
    spec = StandardSpec(tiers=(amount_tier(1, int(lo), int(hi)),))
    result = discretion_compute(standard=spec, circumstances=given_set)
    if result.outcome == Outcome.NO_PENALTY:
        return
    assert result.lo is not None
    assert result.hi is not None
    assert result.recommended is not None
    assert D(int(lo)) <= result.lo <= result.recommended <= result.hi <= D(int(hi))


@given(factors, factors, amounts, amounts, circumstance_sets)
def test_multiple_based_tiers_stay_in_range_and_are_monotone_in_the_base(
    f1: Decimal, f2: Decimal, b1: Decimal, b2: Decimal, given_set: set[str]
) -> None:
    tier = TierSpec(
        order=1,
        penalty_kinds=FINE,
        range_kind=RangeKind.MULTIPLE,
        base_kind=BaseKind.GOODS_VALUE,
        factor_min=min(f1, f2),
        factor_max=max(f1, f2),
    )
    spec = StandardSpec(tiers=(tier,))
    small, large = min(b1, b2), max(b1, b2)
    first = discretion_compute(standard=spec, base_amount=small, circumstances=given_set)
    second = discretion_compute(standard=spec, base_amount=large, circumstances=given_set)
    if first.outcome == Outcome.NO_PENALTY:
        return
    for result in (first, second):
        assert result.tier_lo is not None
        assert result.tier_hi is not None
        assert result.lo is not None
        assert result.hi is not None
        assert result.recommended is not None
        assert result.tier_lo <= result.lo <= result.recommended <= result.hi <= result.tier_hi
    assert first.lo <= second.lo  # type: ignore[operator]
    assert first.hi <= second.hi  # type: ignore[operator]
    assert first.recommended <= second.recommended  # type: ignore[operator]


def test_position_shares_follow_configuration(settings: Any) -> None:
    from zhifa.legal.rules.discretion import position_shares

    assert position_shares() == (Decimal("0.30"), Decimal("0.30"))  # seed default (RULES §10)
    settings.ZHIFA_DISCRETION_LIGHTER_SHARE = "0.40"
    settings.ZHIFA_DISCRETION_HEAVIER_SHARE = "0.20"
    assert position_shares() == (Decimal("0.40"), Decimal("0.20"))
