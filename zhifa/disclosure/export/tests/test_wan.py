"""万元 conversion: exact from Decimal 元 for every amount a DecimalField(14, 2) can hold."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhifa.disclosure.export.cf import validate_cf_values, yuan_to_wan

MAX_CENTS = 10**14 - 1  # DecimalField(max_digits=14, decimal_places=2)


def expected_wan(cents: int) -> str:
    """1 分 = 0.01 元 = 0.000001 万元: the cents are the millionths of 万元 (integer arithmetic only)."""
    return f"{cents // 10**6}.{cents % 10**6:06d}"


@given(st.integers(min_value=0, max_value=MAX_CENTS))
def test_wan_is_exactly_yuan_divided_by_ten_thousand_with_six_decimals(cents: int) -> None:
    yuan = Decimal(cents).scaleb(-2)
    text = yuan_to_wan(yuan)
    assert text == expected_wan(cents)
    assert Decimal(text) * 10000 == yuan  # nothing lost either way


@given(st.integers(min_value=1, max_value=MAX_CENTS))
def test_every_converted_amount_passes_the_amount_rule(cents: int) -> None:
    text = yuan_to_wan(Decimal(cents).scaleb(-2))
    problems = validate_cf_values({"CF_NR_FK": text})
    assert not [p for p in problems if p.startswith("CF_NR_FK")]


@pytest.mark.parametrize(
    ("yuan", "wan"),
    [
        (Decimal("2000"), "0.200000"),
        (Decimal("2000.00"), "0.200000"),
        (Decimal("0.01"), "0.000001"),
        (Decimal("50000"), "5.000000"),
        (Decimal("1234.56"), "0.123456"),
        (Decimal("999999999999.99"), "99999999.999999"),
        (Decimal("0"), "0.000000"),
        (2000, "0.200000"),
        ("200", "0.020000"),
    ],
)
def test_known_amounts(yuan: Decimal | int | str, wan: str) -> None:
    assert yuan_to_wan(yuan) == wan


def test_no_float_is_accepted() -> None:
    with pytest.raises(TypeError):
        yuan_to_wan(0.1)  # type: ignore[arg-type]
