"""Reads of the disclosure configuration tables, as the pure rules take them. Lookup order
sector → province → national, the version in force on the decision date (RULES rules 3–4), ranked
as the cases app's `lookup` ranks (a sector row marked `yields_to_province` gives way to a province
row). The tables are a few dozen rows: `ConfigTables` reads each once and answers in Python, so a
sweep over a hundred thousand decisions asks the database nothing per record (`ConfigCache` also
memoises the answers and the working-day counts)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from zhifa.cases.choices import Confidence
from zhifa.cases.models.config import ScopedConfig
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

R = TypeVar("R", bound=ScopedConfig)


def _in_force(rows: Iterable[R], on: date, province: str, sector: str) -> list[R]:
    return [
        r
        for r in rows
        if r.valid_from <= on
        and (r.valid_to is None or r.valid_to >= on)
        and r.province_code in ("", province)
        and r.sector in ("", sector)
    ]


def pick(rows: Iterable[R], *, on: date, region_code: str = "", sector: str = "") -> R | None:
    """The row in force on `on` for a unit in `region_code` working in `sector`: sector+province >
    sector > province > national (a sector row yielding to a province row ranks below it), newest
    version first — zhifa.cases.models.config.lookup, over rows already read."""
    province = (region_code or "")[:2]
    candidates = _in_force(rows, on, province, sector)
    if not candidates:
        return None
    has_province = any(r.province_code == province and province for r in candidates)

    def rank(r: R) -> tuple[int, date]:
        sector_hit = bool(r.sector) and r.sector == sector
        if sector_hit and r.yields_to_province and has_province:
            sector_hit = False
        return (2 * sector_hit + (bool(r.province_code) and r.province_code == province), r.valid_from)

    return max(candidates, key=rank)


def _earliest(rows: Iterable[ScopedConfig]) -> date | None:
    return min((r.valid_from for r in rows), default=None)


def _confirmed(row: ScopedConfig) -> bool:
    return row.confidence == Confidence.STATUTE


@dataclass
class ConfigTables:
    """Every configuration row, read once (each table is tiny)."""

    rules: list[PublicationRule] = field(default_factory=list)
    periods: list[CreditPeriod] = field(default_factory=list)
    low_fines: list[LowFineThreshold] = field(default_factory=list)
    policies: list[SeverityPolicy] = field(default_factory=list)

    @classmethod
    def load(cls) -> ConfigTables:
        return cls(
            rules=list(PublicationRule.objects.all()),
            periods=list(CreditPeriod.objects.all()),
            low_fines=list(LowFineThreshold.objects.all()),
            policies=list(SeverityPolicy.objects.all()),
        )

    def deadline(self, kind: str, *, on: date, region_code: str = "", sector: str = "") -> DeadlineSpec:
        """The PublicationRule in force on `on`. A decision older than every configured version (data
        taken over from an earlier system) is dealt with under the earliest one, and says so."""
        rows = [r for r in self.rules if r.kind == kind]
        row, note = pick(rows, on=on, region_code=region_code, sector=sector), ""
        earliest = _earliest(rows)
        if row is None and earliest is not None and on < earliest:
            row, note = pick(rows, on=earliest, region_code=region_code, sector=sector), EARLIER_NOTE
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
            confirmed=_confirmed(row),
        )

    def period(
        self,
        regime: str,
        period_class: str,
        *,
        on: date,
        region_code: str = "",
        sector: str = "",
        title: str = "",
    ) -> PeriodSpec | None:
        """The CreditPeriod of `regime` and class in force on `on`. A row naming matter keywords
        (特种设备 …) applies only when the cause names the matter, and ranks like a sector row.
        Rank: the exact class over the all-classes row, then sector/matter (2) + province (1), then
        the newest. A decision older than the regime's first version: that version, noted."""
        of_regime = [r for r in self.periods if r.regime == regime]
        rows = [r for r in of_regime if r.period_class in (period_class, "")]
        province = (region_code or "")[:2]
        candidates = [
            r
            for r in _in_force(rows, on, province, sector)
            if not r.matter_keywords or any(k and k in title for k in r.matter_keywords)
        ]
        if not candidates:
            earliest = _earliest(of_regime)
            if earliest is not None and on < earliest:
                found = self.period(
                    regime, period_class, on=earliest, region_code=region_code, sector=sector, title=title
                )
                return replace(found, basis=found.basis + EARLIER_NOTE) if found is not None else None
            return None

        def rank(r: CreditPeriod) -> tuple[bool, int, date]:
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
            confirmed=_confirmed(chosen),
        )

    def severity(self, *, on: date, region_code: str = "", sector: str = "") -> SeveritySpec:
        row = pick(self.policies, on=on, region_code=region_code, sector=sector)
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

    def low_fine(self, *, on: date, region_code: str = "", sector: str = "") -> LowFine | None:
        row = pick(self.low_fines, on=on, region_code=region_code, sector=sector)
        if row is None:
            return None
        return LowFine(person_max=row.person_max, organisation_max=row.organisation_max, basis=row.basis)


# One-off reads (a page, a test): the tables read for the one answer.


def deadline_spec(kind: str, *, on: date, region_code: str = "", sector: str = "") -> DeadlineSpec:
    return ConfigTables.load().deadline(kind, on=on, region_code=region_code, sector=sector)


def period_spec(
    regime: str, period_class: str, *, on: date, region_code: str = "", sector: str = "", title: str = ""
) -> PeriodSpec | None:
    return ConfigTables.load().period(
        regime, period_class, on=on, region_code=region_code, sector=sector, title=title
    )


def severity_spec(*, on: date, region_code: str = "", sector: str = "") -> SeveritySpec:
    return ConfigTables.load().severity(on=on, region_code=region_code, sector=sector)


def low_fine(*, on: date, region_code: str = "", sector: str = "") -> LowFine | None:
    return ConfigTables.load().low_fine(on=on, region_code=region_code, sector=sector)


@dataclass
class ConfigCache:
    """The configuration tables and working-day answers for one sweep or request."""

    calls: dict[tuple[Any, ...], Any] = field(default_factory=dict)
    report: CalendarReport = field(default_factory=CalendarReport)
    _tables: ConfigTables | None = None

    @property
    def tables(self) -> ConfigTables:
        if self._tables is None:
            self._tables = ConfigTables.load()
        return self._tables

    def _memo(self, key: tuple[Any, ...], compute: Any) -> Any:
        if key not in self.calls:
            self.calls[key] = compute()
        return self.calls[key]

    def deadline(self, kind: str, on: date, region_code: str, sector: str) -> DeadlineSpec:
        key = ("deadline", kind, on, region_code[:2], sector)
        return self._memo(
            key, lambda: self.tables.deadline(kind, on=on, region_code=region_code, sector=sector)
        )

    def period(
        self, regime: str, period_class: str, on: date, region_code: str, sector: str, title: str
    ) -> PeriodSpec | None:
        return self.tables.period(
            regime, period_class, on=on, region_code=region_code, sector=sector, title=title
        )

    def severity(self, on: date, region_code: str, sector: str) -> SeveritySpec:
        key = ("severity", on, region_code[:2], sector)
        return self._memo(key, lambda: self.tables.severity(on=on, region_code=region_code, sector=sector))

    def low(self, on: date, region_code: str, sector: str) -> LowFine | None:
        key = ("low", on, region_code[:2], sector)
        return self._memo(key, lambda: self.tables.low_fine(on=on, region_code=region_code, sector=sector))

    def due_on(self, start: date, amount: int, unit: PeriodUnit) -> tuple[date, bool]:
        """The publication deadline (working days through the holiday table, 处罚法 Art. 85) and
        whether it was counted in a year without a holiday schedule (provisional)."""

        def compute() -> tuple[date, bool]:
            report = CalendarReport()
            due = add_period(start, amount, unit, report=report)
            self.report.uncovered_years |= report.uncovered_years
            return due, not report.ok

        return self._memo(("due", start, amount, str(unit)), compute)
