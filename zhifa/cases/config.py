"""Reads of the configuration tables (models.config), as the pure rules take them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from zhifa.core.errors import ValidationError
from zhifa.core.workdays import PeriodUnit

from .models import CasePeriod, HearingThreshold, SummaryLimit
from .models.config import lookup
from .rules.hearing import HearingThresholds
from .rules.summary import SummaryLimits


def summary_limits_on(on: date, *, region_code: str = "", sector: str = "") -> SummaryLimits:
    row = lookup(SummaryLimit.objects.all(), on=on, region_code=region_code, sector=sector)
    if row is None:
        raise ValidationError(f"未配置{on:%Y年%m月%d日}适用的简易程序标准，请联系系统管理员")
    return SummaryLimits(citizen_max=row.citizen_max, organisation_max=row.organisation_max, basis=row.basis)


def hearing_thresholds_on(on: date, *, region_code: str = "", sector: str = "") -> HearingThresholds | None:
    row = lookup(HearingThreshold.objects.all(), on=on, region_code=region_code, sector=sector)
    if row is None:
        return None
    return HearingThresholds(
        citizen_fine=row.citizen_fine,
        organisation_fine=row.organisation_fine,
        citizen_confiscation=row.citizen_confiscation,
        organisation_confiscation=row.organisation_confiscation,
        basis=row.basis,
        confirmed=row.confirmed,
    )


@dataclass(frozen=True)
class Period:
    code: str
    title: str
    amount: int
    unit: PeriodUnit
    basis: str
    confirmed: bool


def case_period(code: str, *, on: date, region_code: str = "", sector: str = "") -> Period:
    row = lookup(CasePeriod.objects.all(), on=on, region_code=region_code, sector=sector, code=code)
    if row is None:
        raise ValidationError(f"未配置办案期限“{code}”，请联系系统管理员")
    return Period(
        code=code,
        title=row.title,
        amount=row.amount,
        unit=PeriodUnit(row.unit),
        basis=row.basis,
        confirmed=row.confirmed,
    )
