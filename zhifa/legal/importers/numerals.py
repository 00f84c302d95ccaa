"""Chinese numerals ↔ numbers, as written in penalty provisions and discretion tables.

`parse_chinese_number` reads 二万, 一百五十万, 一万五千, 十二, 两, 300, 1.5万, 10万, 一百万一十 (read
literally: 1,000,010) and the colloquial 一万五 (= 15,000: a trailing digit without its unit takes the
next lower unit). `to_chinese_number` writes the standard form (一万零一, 十万, 一亿二千万) and is the
generator of the round-trip property tests.
"""

from __future__ import annotations

import re
from decimal import Decimal

__all__ = [
    "CHINESE_NUMERAL_CHARS",
    "NUMERAL_PATTERN",
    "normalise_digits",
    "parse_chinese_number",
    "to_chinese_number",
]

DIGITS: dict[str, int] = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "贰": 2,
    "两": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS: dict[str, int] = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}

CHINESE_NUMERAL_CHARS = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS)
# One numeral as it appears in running text: Arabic digits (with a decimal point) and/or Chinese
# numerals and units, e.g. "1.5万", "二十", "10万", "一百五十万".
NUMERAL_PATTERN = rf"(?:[0-9]+(?:\.[0-9]+)?|[{CHINESE_NUMERAL_CHARS}])(?:[0-9.{CHINESE_NUMERAL_CHARS}])*"

_FULL_WIDTH = str.maketrans("０１２３４５６７８９．％", "0123456789.%")
_ARABIC = re.compile(r"[0-9]+(?:\.[0-9]+)?")


def normalise_digits(text: str) -> str:
    """Full-width digits, point and percent sign → ASCII."""
    return text.translate(_FULL_WIDTH)


def parse_chinese_number(text: str) -> Decimal:
    """The value of one numeral; raises ValueError on anything that is not a well-formed numeral."""
    source = normalise_digits(text.strip())
    if not source:
        raise ValueError("空的数字")
    # (value, scale) parts already closed by a big unit (万/亿), highest scale first.
    parts: list[tuple[Decimal, int]] = []
    section = Decimal(0)  # the part below 万 being built
    pending: Decimal | None = None  # a digit (or Arabic number) waiting for its unit
    last_unit: int | None = None  # the last unit seen, for the colloquial 一万五
    zero_before = False
    position = 0
    while position < len(source):
        char = source[position]
        arabic = _ARABIC.match(source, position)
        if arabic:
            if pending is not None:
                raise ValueError(f"数字“{text}”格式有误")
            pending = Decimal(arabic.group())
            zero_before = False
            position = arabic.end()
            continue
        if char in DIGITS:
            value = DIGITS[char]
            if value == 0:
                if pending is not None and pending != 0:
                    raise ValueError(f"数字“{text}”格式有误")
                zero_before = True
                pending = None
            else:
                if pending is not None:
                    raise ValueError(f"数字“{text}”格式有误：连续的数字")
                pending = Decimal(value)
        elif char in SMALL_UNITS:
            unit = SMALL_UNITS[char]
            section += (pending if pending is not None else Decimal(1)) * unit
            pending = None
            zero_before = False
            last_unit = unit
        elif char in BIG_UNITS:
            unit = BIG_UNITS[char]
            low = section + (pending if pending is not None else Decimal(0))
            # Everything accumulated below this unit is multiplied by it (一万亿, 一千二百万亿).
            lower = sum((value * scale for value, scale in parts if scale < unit), Decimal(0))
            if low == 0 and lower == 0:
                raise ValueError(f"数字“{text}”格式有误：单位前没有数字")
            parts = [(value, scale) for value, scale in parts if scale >= unit]
            parts.append((lower + low, unit))
            section = Decimal(0)
            pending = None
            zero_before = False
            last_unit = unit
        else:
            raise ValueError(f"“{text}”不是数字")
        position += 1
    total = sum((value * scale for value, scale in parts), Decimal(0)) + section
    if pending is not None:
        if last_unit is not None and not zero_before and last_unit >= 100:
            total += pending * (last_unit // 10)  # 一万五 = 15000, 一百五 = 150
        else:
            total += pending
    return total


def to_chinese_number(number: int) -> str:
    """Standard written form of a non-negative integer below 10^16 (一万零一, 十万, 一亿二千万)."""
    if number < 0 or number >= 10**16:
        raise ValueError("超出范围")
    if number == 0:
        return "零"
    digits = "零一二三四五六七八九"
    groups: list[int] = []
    while number:
        groups.append(number % 10000)
        number //= 10000
    names = ["", "万", "亿", "万亿"]
    out = ""
    gap = False
    for index in reversed(range(len(groups))):
        group = groups[index]
        if group == 0:
            gap = bool(out)
            continue
        if out and (gap or group < 1000):
            out += "零"
        text = ""
        zero = False
        for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            digit = group // value % 10
            if digit == 0:
                zero = bool(text)
                continue
            if zero:
                text += "零"
                zero = False
            text += digits[digit] + unit
        out += text + names[index]
        gap = False
    if out.startswith("一十"):
        out = out[1:]
    return out
