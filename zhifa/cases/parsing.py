"""Input values as forms send them (strings) or the API (typed): dates, amounts and penalty kinds,
with Chinese errors. Shared by the effects and the service input of case actions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from zhifa.core.errors import ValidationError
from zhifa.legal.rules.discretion import PenaltyKind


def parse_date(value: Any, label: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationError(f"{label}不是有效日期（格式 2026-05-01）") from None


def parse_amount(value: Any, label: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value).replace(",", "").strip()).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise ValidationError(f"{label}不是有效金额") from None
    if amount < 0:
        raise ValidationError(f"{label}不能为负数")
    return amount


def parse_kinds(value: Any) -> list[str]:
    if value in (None, ""):
        return []
    kinds = [value] if isinstance(value, str) else list(value)
    bad = [k for k in kinds if k not in PenaltyKind.values]
    if bad:
        raise ValidationError("处罚种类无效：" + "、".join(map(str, bad)))
    return sorted(set(kinds))
