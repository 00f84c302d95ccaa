"""Reads of the disclosure configuration tables, as the pure rules take them. Lookup order
sector → province → national, the version in force on the decision date (RULES rules 3–4), through
the cases app's `lookup`. A sweep over thousands of records asks the same few questions: each
answer is memoised for the sweep (`ConfigCache`)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q

from zhifa.cases.choices import Confidence
from zhifa.cases.models.config import lookup
from zhifa.core.errors import ValidationError
from zhifa.core.workdays import CalendarReport, PeriodUnit, add_period

from .models import CreditPeriod, LowFineThreshold, PublicationRule, SeverityPolicy
from .rules import DeadlineSpec, LowFine, PeriodSpec, SeveritySpec

FALLBACK_SEVERITY = SeveritySpec(
    minor_kinds=frozenset({"warning", "circulated_criticism"}),
    summary_is_minor=True,
    serious_kinds=frozenset(),
    serious_fine_person=Decimal(100000),
    serious_fine_organisation=Decimal(1000000),
    collective_is_serious=True,
    basis="默认（未配置失信严重程度标准）",
)


EARLIER_NOTE = "（决定早于本规则施行，参照适用）"


def _earliest(rows: Any) -> date | None:
    return rows.order_by("valid_from").values_list("valid_from", flat=True).first()


def deadline_spec(kind: str, *, on: date, region_code: str = "", sector: str = "") -> DeadlineSpec:
    """The PublicationRule in force on `on`. A decision older than every configured version (data
    taken over from an earlier system) is dealt with under the earliest one, and says so."""
    rows = PublicationRule.objects.filter(kind=kind)
    row = lookup(rows, on=on, region_code=region_code, sector=sector)
    note = ""
    earliest = _earliest(rows)
    if row is None and earliest is not None and on < earliest:
        row, note = lookup(rows, on=earliest, region_code=region_code, sector=sector), EARLIER_NOTE
    if row is None:
        raise ValidationError(f"未配置{on:%Y年%m月%d日}适用的公示时限规则（{kind}），请联系系统管理员")
    return DeadlineSpec(
        amount=row.amount,
        unit=PeriodUnit(row.unit),
        basis=row.basis + note,
        period_regime=row.period_regime,
        publish_summary=row.publish_summary,
        publish_warning_only=row.publish_warning_only,
        offline_years_person=row.offline_years_person,
        offline_years_other=row.offline_years_other,
        confirmed=row.confidence == Confidence.STATUTE,
    )


def _keyword_hit(row: CreditPeriod, title: str) -> bool:
    return not row.matter_keywords or any(k and k in title for k in row.matter_keywords)


def period_spec(
    regime: str, period_class: str, *, on: date, region_code: str = "", sector: str = "", title: str = ""
) -> PeriodSpec | None:
    """The CreditPeriod of `regime` and class in force on `on`. A row naming matter keywords
    (特种设备 …) applies only when the cause names the matter, and ranks like a sector row. Rank:
    the exact class over the all-classes row, then sector/matter (2) + province (1), then the newest."""
    province = (region_code or "")[:2]
    rows = (
        CreditPeriod.objects.filter(regime=regime, period_class__in=[period_class, ""], valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .filter(Q(province_code="") | Q(province_code=province))
        .filter(Q(sector="") | Q(sector=sector))
    )
    candidates = [r for r in rows if _keyword_hit(r, title)]
    if not candidates:
        earliest = _earliest(CreditPeriod.objects.filter(regime=regime))
        if earliest is not None and on < earliest:  # older than the regime: its first version
            found = period_spec(
                regime, period_class, on=earliest, region_code=region_code, sector=sector, title=title
            )
            return replace(found, basis=found.basis + EARLIER_NOTE) if found is not None else None
        return None

    def rank(r: CreditPeriod) -> tuple[int, int, date]:
        specific = 2 * bool(r.sector or r.matter_keywords) + bool(r.province_code)
        return (r.period_class == period_class, specific, r.valid_from)

    chosen = max(candidates, key=rank)
    return PeriodSpec(
        regime=chosen.regime,
        period_class=chosen.period_class or period_class,
        published=chosen.published,
        min_amount=chosen.min_amount,
        min_unit=PeriodUnit(chosen.min_unit),
        max_amount=chosen.max_amount,
        max_unit=PeriodUnit(chosen.max_unit),
        basis=chosen.basis,
        confirmed=chosen.confidence == Confidence.STATUTE,
    )


def severity_spec(*, on: date, region_code: str = "", sector: str = "") -> SeveritySpec:
    row = lookup(SeverityPolicy.objects.all(), on=on, region_code=region_code, sector=sector)
    if row is None:
        return FALLBACK_SEVERITY
    return SeveritySpec(
        minor_kinds=frozenset(row.minor_kinds or ()),
        summary_is_minor=row.summary_is_minor,
        serious_kinds=frozenset(row.serious_kinds or ()),
        serious_fine_person=row.serious_fine_person,
        serious_fine_organisation=row.serious_fine_organisation,
        collective_is_serious=row.collective_is_serious,
        basis=row.basis,
    )


def low_fine(*, on: date, region_code: str = "", sector: str = "") -> LowFine | None:
    row = lookup(LowFineThreshold.objects.all(), on=on, region_code=region_code, sector=sector)
    if row is None:
        return None
    return LowFine(person_max=row.person_max, organisation_max=row.organisation_max, basis=row.basis)


@dataclass
class ConfigCache:
    """Memoised configuration and working-day answers for one sweep or request."""

    calls: dict[tuple[Any, ...], Any] = field(default_factory=dict)
    report: CalendarReport = field(default_factory=CalendarReport)

    def _memo(self, key: tuple[Any, ...], compute: Any) -> Any:
        if key not in self.calls:
            self.calls[key] = compute()
        return self.calls[key]

    @staticmethod
    def _province(region_code: str) -> str:
        return (region_code or "")[:2]

    def deadline(self, kind: str, on: date, region_code: str, sector: str) -> DeadlineSpec:
        key = ("deadline", kind, on, self._province(region_code), sector)
        return self._memo(key, lambda: deadline_spec(kind, on=on, region_code=region_code, sector=sector))

    def period(
        self, regime: str, period_class: str, on: date, region_code: str, sector: str, title: str
    ) -> PeriodSpec | None:
        hit = "特种设备" in title  # the only seeded matter keyword; other keywords key on the title
        key = ("period", regime, period_class, on, self._province(region_code), sector, hit or title)
        return self._memo(
            key,
            lambda: period_spec(
                regime, period_class, on=on, region_code=region_code, sector=sector, title=title
            ),
        )

    def severity(self, on: date, region_code: str, sector: str) -> SeveritySpec:
        key = ("severity", on, self._province(region_code), sector)
        return self._memo(key, lambda: severity_spec(on=on, region_code=region_code, sector=sector))

    def low(self, on: date, region_code: str, sector: str) -> LowFine | None:
        key = ("low", on, self._province(region_code), sector)
        return self._memo(key, lambda: low_fine(on=on, region_code=region_code, sector=sector))

    def due_on(self, start: date, amount: int, unit: PeriodUnit) -> tuple[date, bool]:
        """The publication deadline (working days through the holiday table, 处罚法 Art. 85) and
        whether it was counted in a year without a holiday schedule (provisional)."""

        def compute() -> tuple[date, bool]:
            report = CalendarReport()
            due = add_period(start, amount, unit, report=report)
            self.report.uncovered_years |= report.uncovered_years
            return due, not report.ok

        return self._memo(("due", start, amount, str(unit)), compute)
