"""Publication rules: what is published, by when, for how long, and when it may come down early.
Pure functions over plain values; the figures come from the configuration tables (models:
PublicationRule, CreditPeriod, LowFineThreshold, SeverityPolicy), seeded with RULES.md defaults.

Sources (RULES.md):
* P4 (国办发〔2018〕118号; 双公示): penalty decisions published within 7 WD of the decision
  [secondary]; SAMR 公示规定 Art. 9: 20 WD (market supervision, a sector row).
* P3 (118号 事后公开): inspection results and coercion decisions within 20 WD [secondary].
* §6.1 SAMR 公示规定: ordinary procedure only, warning-only not published (Art. 2); period 3 months
  for 通报批评 or a 较低数额 fine, else 3 years (Art. 13); early stop after the minimum period when
  the four conditions hold, never for 停产停业/限制经营/限制从业/降级/吊销 (Art. 14).
* §6.2 credit repair keyed by the decision date: until 2026-03-31 国家发展改革委令2023年第58号
  (3 months – 3 years; special equipment, work safety, fire safety at least 1 year); from
  2026-04-01 令第36号 (轻微 not published in principle / at most 3 months; 一般 3 months – 1 year;
  严重 1 – 3 years); periods counted from the decision (认定) date.
* §6.3: penalties on minors are not published; inspection and coercion results go offline after
  5 years, 2 for a natural person (provincial rule) [secondary].
* D15 (处罚法第48条第2款; SAMR 公示规定 Art. 11): withdraw within 3 WD of the decision being
  varied, revoked, confirmed unlawful or void, with a public explanation.

Period ends follow 民法典 Art. 202 (months and years end on the same-numbered day, else the month's
last day). They are not moved off rest days (Art. 203 protects a party who must act by a day; a
publication period is a limit on the agency, and a take-down on a Sunday harms no one).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from zhifa.core.workdays import PeriodUnit

from .models import PeriodRegime, Severity

NDRC36_FROM = date(2026, 4, 1)  # 国家发展改革委令第36号 in force; 58号令 repealed (RULES §6.2)
WITHDRAW_WORKDAYS = 3  # D15: 处罚法第48条第2款; SAMR程序规定第63条; SAMR 公示规定第11条
WITHDRAW_BASIS = "行政处罚法第四十八条第二款；市场监督管理行政处罚信息公示规定第十一条（3个工作日）"

BASIS_MINOR_PARTY = "当事人为未成年人，不予公示（行政处罚结果信息网上公开办法；RULES §6.3）"
BASIS_WARNING_ONLY = "仅给予警告的行政处罚不予公示（市场监督管理行政处罚信息公示规定第二条）"
BASIS_SUMMARY = "适用简易程序作出的行政处罚不予公示（市场监督管理行政处罚信息公示规定第二条）"
BASIS_MINOR_36 = "轻微失信信息原则上不予公示（国家发展改革委令第36号）"

# SAMR 公示规定 Art. 14: no early stop for these (the Art. 9 codes of zhifa.legal PenaltyKind).
SAMR_NO_EARLY_STOP = frozenset(
    {
        "order_suspension",  # 责令停产停业
        "order_closure",  # 责令关闭
        "restrict_business",  # 限制开展生产经营活动
        "restrict_practice",  # 限制从业
        "lower_qualification",  # 降低资质等级
        "revoke_licence",  # 吊销许可证件
        "detention",
    }
)
SAMR_LOW_KINDS = frozenset({"warning", "circulated_criticism", "fine"})  # Art. 13 ¶1 (警告 adds nothing)


@dataclass(frozen=True)
class DeadlineSpec:
    """A PublicationRule row as the rules take it."""

    amount: int
    unit: PeriodUnit
    basis: str
    period_regime: str = PeriodRegime.CREDIT
    publish_summary: bool = True
    publish_warning_only: bool = True
    offline_years_person: int = 2
    offline_years_other: int = 5
    confirmed: bool = False


@dataclass(frozen=True)
class PeriodSpec:
    """A CreditPeriod row: min (earliest repair) and max (automatic take-down) from the decision."""

    regime: str
    period_class: str
    published: bool
    min_amount: int
    min_unit: PeriodUnit
    max_amount: int
    max_unit: PeriodUnit
    basis: str
    confirmed: bool = False


@dataclass(frozen=True)
class SeveritySpec:
    minor_kinds: frozenset[str]
    summary_is_minor: bool
    serious_kinds: frozenset[str]
    serious_fine_person: Decimal
    serious_fine_organisation: Decimal
    collective_is_serious: bool
    basis: str = ""


@dataclass(frozen=True)
class LowFine:
    """较低数额 (SAMR 公示规定 Art. 13), inclusive (RULES 0.6: 以下 includes the number)."""

    person_max: Decimal
    organisation_max: Decimal
    basis: str = ""


@dataclass(frozen=True)
class PenaltyFacts:
    """What the rules read of a penalty decision."""

    decided_on: date
    kinds: tuple[str, ...]  # PenaltyKind codes (处罚法第九条)
    fine: Decimal | None = None
    confiscation: Decimal | None = None
    summary: bool = False  # 简易程序
    person: bool = False  # 自然人 or 个体工商户: the individual thresholds
    minor_party: bool = False  # 未成年人 on the decision date
    collective: bool = False  # decided by 集体讨论 as a serious violation (处罚法第57条第2款)
    title: str = ""  # 案由, for matter keywords (特种设备 …)
    sector: str = ""


@dataclass(frozen=True)
class Plan:
    """The outcome for one record: publish or not (with the reason), its class and clocks."""

    publish: bool
    exempt_reason: str = ""
    severity: str = ""
    regime: str = ""
    public_until: date | None = None
    repair_from: date | None = None
    basis: tuple[str, ...] = ()


# -- dates --------------------------------------------------------------------------------------


def add_months_plain(start: date, months: int) -> date:
    """民法典 Art. 202: the same-numbered day `months` later, else the last day of that month."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(start.day, calendar.monthrange(year, month + 1)[1]))


def period_end(start: date, amount: int, unit: PeriodUnit | str) -> date:
    """The last day of a publication period of `amount` `unit` from `start` (not rolled, see above).
    Working days are not a publication-period unit."""
    unit = PeriodUnit(unit)
    if unit is PeriodUnit.MONTHS:
        return add_months_plain(start, amount)
    if unit is PeriodUnit.YEARS:
        return add_months_plain(start, 12 * amount)
    if unit is PeriodUnit.CALENDAR_DAYS:
        return start + timedelta(days=amount)
    raise ValueError(f"公示期限不能以{unit}计")


# -- classification -----------------------------------------------------------------------------


def regime_for(decided_on: date, period_regime: str) -> str:
    """The period rule set in force on the decision date (RULES rule 4: version by date)."""
    if period_regime == PeriodRegime.SAMR45:
        return PeriodRegime.SAMR45
    return PeriodRegime.NDRC36 if decided_on >= NDRC36_FROM else PeriodRegime.NDRC58


def amount_of(facts: PenaltyFacts) -> Decimal:
    return (facts.fine or Decimal(0)) + (facts.confiscation or Decimal(0))


def classify_severity(facts: PenaltyFacts, policy: SeveritySpec) -> str:
    """轻微 / 一般 / 严重 (RULES §6.2; the classifying article of 36号令 is [unconfirmed], so the
    kinds and amounts are configuration). Serious first: a heavy penalty is never 轻微 because it
    was, say, decided on the spot."""
    kinds = set(facts.kinds)
    threshold = policy.serious_fine_person if facts.person else policy.serious_fine_organisation
    if (policy.collective_is_serious and facts.collective) or kinds & policy.serious_kinds:
        return Severity.SERIOUS
    if amount_of(facts) >= threshold:
        return Severity.SERIOUS
    if facts.summary and policy.summary_is_minor:
        return Severity.MINOR
    if kinds and kinds <= policy.minor_kinds:
        return Severity.MINOR
    return Severity.ORDINARY


def samr_class(facts: PenaltyFacts, low: LowFine) -> str:
    """SAMR 公示规定 Art. 13: "low" = only 通报批评 and/or a 较低数额 fine (a warning adds nothing);
    anything else (confiscation, licence measures, a larger fine) is "other"."""
    kinds = set(facts.kinds)
    if not kinds or not kinds <= SAMR_LOW_KINDS or facts.confiscation:
        return "other"
    if "fine" in kinds:
        ceiling = low.person_max if facts.person else low.organisation_max
        if facts.fine is None or facts.fine > ceiling:
            return "other"
    return "low"


def period_class(regime: str, severity: str, facts: PenaltyFacts, low: LowFine | None) -> str:
    if regime == PeriodRegime.NDRC36:
        return severity
    if regime == PeriodRegime.SAMR45:
        return samr_class(facts, low) if low is not None else "other"
    return ""  # 58号令: one range for every class (sector rows lengthen the minimum)


def warning_only(kinds: Iterable[str]) -> bool:
    return set(kinds) == {"warning"}


# -- plans --------------------------------------------------------------------------------------


def plan_penalty(
    facts: PenaltyFacts,
    *,
    deadline: DeadlineSpec,
    severity_policy: SeveritySpec,
    period: PeriodSpec | None,
    low: LowFine | None = None,
) -> Plan:
    """Publish or not, and the clocks, of a penalty decision. `period` is the CreditPeriod of the
    decision's regime and class (`regime_for` / `period_class`), looked up by the caller."""
    severity = classify_severity(facts, severity_policy)
    regime = regime_for(facts.decided_on, deadline.period_regime)
    basis = [deadline.basis]
    if facts.minor_party:
        return Plan(False, BASIS_MINOR_PARTY, severity, regime, basis=(*basis, BASIS_MINOR_PARTY))
    if not deadline.publish_warning_only and warning_only(facts.kinds):
        return Plan(False, BASIS_WARNING_ONLY, severity, regime, basis=(*basis, BASIS_WARNING_ONLY))
    if not deadline.publish_summary and facts.summary:
        return Plan(False, BASIS_SUMMARY, severity, regime, basis=(*basis, BASIS_SUMMARY))
    if period is None:
        raise LookupError(f"未配置{regime}的公示期限")
    basis.append(period.basis)
    if not period.published:
        reason = BASIS_MINOR_36 if regime == PeriodRegime.NDRC36 else period.basis
        return Plan(False, reason, severity, regime, basis=tuple(basis))
    public_until = period_end(facts.decided_on, period.max_amount, period.max_unit)
    repair_from: date | None = period_end(facts.decided_on, period.min_amount, period.min_unit)
    if regime == PeriodRegime.SAMR45 and (
        period.period_class == "low" or set(facts.kinds) & SAMR_NO_EARLY_STOP
    ):
        repair_from = None  # Art. 13 ¶1 periods run out by themselves; Art. 14 ¶2 excludes these
    return Plan(True, "", severity, regime, public_until, repair_from, tuple(basis))


def plan_result(decided_on: date, *, deadline: DeadlineSpec, person: bool, minor_party: bool = False) -> Plan:
    """Inspection results and coercion decisions (118号 P3): published, offline after 2 years for a
    natural person and 5 otherwise (§6.3 [secondary]); a minor's are not published."""
    if minor_party:
        return Plan(False, BASIS_MINOR_PARTY, basis=(deadline.basis, BASIS_MINOR_PARTY))
    years = deadline.offline_years_person if person else deadline.offline_years_other
    return Plan(True, public_until=period_end(decided_on, years, PeriodUnit.YEARS), basis=(deadline.basis,))


def expired_before_publication(plan: Plan, today: date) -> bool:
    """A record collected after its whole period has passed (old decisions when the module is
    switched on) is not published any more."""
    return plan.publish and plan.public_until is not None and plan.public_until < today


# -- credit repair (RULES §6.1 Art. 14; §6.2) ---------------------------------------------------


@dataclass(frozen=True)
class RepairFacts:
    regime: str
    kinds: tuple[str, ...]
    repair_from: date | None
    obligations_performed: bool  # from the source record (fine paid, decision executed)
    repeated: bool  # a later penalty of the same type on the same party (Art. 14(3))
    harm_removed: bool  # officer's finding (Art. 14(2); 36号: 纠正失信行为)
    not_listed: bool  # not on the 经营异常名录 / 严重违法失信名单 (Art. 14(4))
    commitment: str  # the party's public 信用承诺 (36号 / 58号)


def repair_refusals(facts: RepairFacts, today: date) -> list[str]:
    """Why an early take-down is refused (empty: allowed), in Chinese, each naming its rule."""
    problems: list[str] = []
    if facts.repair_from is None:
        if facts.regime == PeriodRegime.SAMR45 and set(facts.kinds) & SAMR_NO_EARLY_STOP:
            problems.append(
                "责令停产停业、限制开展生产经营活动、限制从业、降低资质等级、吊销许可证件等处罚信息"
                "不得提前停止公示（市场监督管理行政处罚信息公示规定第十四条）"
            )
        else:
            problems.append("该公示信息不适用提前停止公示，公示期满自动撤下")
        return problems
    if today < facts.repair_from:
        problems.append(f"最短公示期未满，{facts.repair_from:%Y年%m月%d日}起方可申请信用修复")
    if not facts.obligations_performed:
        problems.append("当事人尚未履行行政处罚决定规定的全部义务")
    if not facts.harm_removed:
        problems.append("当事人尚未纠正失信行为、消除危害后果和不良影响")
    if facts.repeated:
        problems.append("当事人此后因同一类违法行为再次受到行政处罚")
    if facts.regime == PeriodRegime.SAMR45:
        if not facts.not_listed:
            problems.append(
                "当事人被列入经营异常名录或严重违法失信名单（市场监督管理行政处罚信息公示规定第十四条）"
            )
    elif not facts.commitment.strip():
        problems.append("当事人须作出信用承诺（国家发展改革委信用修复管理办法）")
    return problems
