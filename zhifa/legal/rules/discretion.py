"""自由裁量基准: the recommended penalty for a standard, a tier, the circumstances and a base amount.

Order of the rules engine (RULES §10, 处罚法 第三十条至第三十三条):

1. 不予处罚 first — under 14 (第三十条), mental incapacity (第三十一条), minor act promptly corrected
   without harm or no subjective fault (第三十三条); a first violation (首违不罚, 第三十三条第一款)
   *may* go unpunished: reported as an option, the tier range is still computed.
2. mandatory 从轻/减轻 — aged 14–17 (第三十条), the four cases of 第三十二条; 减轻 (below the minimum)
   needs 集体讨论 or approval under local rules, so it is only flagged.
3. 从重 — breach of emergency measures (第四十九条) and local lists (江门规定 第五条: violence,
   repeat offences, serious harm); "上调一个档次" moves to the next tier of the same segment.
4. pick the tier — explicitly, or from the circumstances of the table; when circumstances of
   several tiers apply, the heavier tier (江门规定 第十四条).
5. position inside the tier — 从轻 = the lowest 30 % of the tier's range, 从重 = the highest 30 %
   (国市监法规〔2022〕2号 [secondary], settings `ZHIFA_DISCRETION_LIGHTER_SHARE`/`…_HEAVIER_SHARE`), otherwise
   the whole tier with the middle as recommendation (江门规定 第八条 适中); factor percentages
   (浙江省人民政府令第405号 第五条 style scoring) move the recommendation, clamped to the range.

以上/以下 include the stated amount (RULES §0.6), so every bound is inclusive. Amounts are yuan as
Decimal with 2 places (ROUND_HALF_UP).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import models

from zhifa.core.errors import ValidationError

__all__ = [
    "HEAVIER_SHARE",
    "LIGHTER_SHARE",
    "BaseKind",
    "Circumstance",
    "DiscretionResult",
    "FactorMode",
    "FactorSpec",
    "Outcome",
    "PenaltyKind",
    "RangeKind",
    "StandardSpec",
    "TierSpec",
    "discretion_compute",
    "money",
    "tier_range",
]

CENT = Decimal("0.01")
# Position of 从轻 / 从重 inside a tier (国市监法规〔2022〕2号 [secondary], RULES §10: configurable).
# Seed defaults of the position rule: 国市监法规〔2022〕2号 [secondary]; RULES §10 lists the tier splits
# among the figures that vary by province and sector, so a deployment overrides them in settings
# (ZHIFA_DISCRETION_LIGHTER_SHARE / ZHIFA_DISCRETION_HEAVIER_SHARE), read at each computation.
LIGHTER_SHARE = Decimal("0.30")
HEAVIER_SHARE = Decimal("0.30")


def position_shares() -> tuple[Decimal, Decimal]:
    """(从轻 share, 从重 share) of a tier's range: the configured figures or the seed defaults."""
    from django.conf import settings

    lighter = Decimal(str(getattr(settings, "ZHIFA_DISCRETION_LIGHTER_SHARE", LIGHTER_SHARE)))
    heavier = Decimal(str(getattr(settings, "ZHIFA_DISCRETION_HEAVIER_SHARE", HEAVIER_SHARE)))
    return lighter, heavier


class PenaltyKind(models.TextChoices):
    """处罚种类 (处罚法 第九条; GLOSSARY penalty_kind)."""

    WARNING = "warning", "警告"
    CIRCULATED_CRITICISM = "circulated_criticism", "通报批评"
    FINE = "fine", "罚款"
    CONFISCATE_ILLEGAL_GAINS = "confiscate_illegal_gains", "没收违法所得"
    CONFISCATE_ILLEGAL_PROPERTY = "confiscate_illegal_property", "没收非法财物"
    SUSPEND_LICENCE = "suspend_licence", "暂扣许可证件"
    LOWER_QUALIFICATION = "lower_qualification", "降低资质等级"
    REVOKE_LICENCE = "revoke_licence", "吊销许可证件"
    RESTRICT_BUSINESS = "restrict_business", "限制开展生产经营活动"
    ORDER_SUSPENSION = "order_suspension", "责令停产停业"
    ORDER_CLOSURE = "order_closure", "责令关闭"
    RESTRICT_PRACTICE = "restrict_practice", "限制从业"
    DETENTION = "detention", "行政拘留"
    OTHER = "other", "其他"


class RangeKind(models.TextChoices):
    NONE = "none", "无罚款"
    AMOUNT = "amount", "罚款数额"
    MULTIPLE = "multiple", "基数的倍数"
    PERCENTAGE = "percentage", "基数的百分比"


class BaseKind(models.TextChoices):
    GOODS_VALUE = "goods_value", "货值金额"
    ILLEGAL_GAINS = "illegal_gains", "违法所得"
    TOTAL_INVESTMENT = "total_investment", "总投资额"
    OTHER = "other", "其他"


class FactorMode(models.TextChoices):
    POSITION = "position", "在档次幅度内定位"
    BASE = "base", "按基数百分比计算"


class Outcome(models.TextChoices):
    NO_PENALTY = "no_penalty", "不予处罚"
    NO_PENALTY_OPTIONAL = "no_penalty_optional", "可以不予处罚"
    LIGHTER = "lighter", "从轻处罚"
    NORMAL = "normal", "一般（适中）"
    HEAVIER = "heavier", "从重处罚"
    BALANCED = "balanced", "从轻、从重情节并存，综合裁量"


class Circumstance(models.TextChoices):
    """Statutory and common local circumstances (情节), with their article."""

    UNDER_14 = "under_14", "不满十四周岁（处罚法第三十条：不予处罚）"
    MENTAL_INCAPACITY = (
        "mental_incapacity",
        "精神病人、智力残疾人不能辨认或控制自己行为（第三十一条：不予处罚）",
    )
    MINOR_CORRECTED = (
        "minor_corrected",
        "违法行为轻微并及时改正，没有造成危害后果（第三十三条第一款：不予处罚）",
    )
    NO_FAULT = "no_fault", "有证据足以证明没有主观过错（第三十三条第二款：不予处罚）"
    FIRST_VIOLATION = "first_violation", "初次违法且危害后果轻微并及时改正（第三十三条第一款：可以不予处罚）"
    AGED_14_17 = "aged_14_17", "已满十四周岁不满十八周岁（第三十条：应当从轻或者减轻）"
    REMOVED_HARM = "removed_harm", "主动消除或者减轻违法行为危害后果（第三十二条第一项：应当从轻或者减轻）"
    COERCED = "coerced", "受他人胁迫或者诱骗实施违法行为（第三十二条第二项：应当从轻或者减轻）"
    CONFESSED = "confessed", "主动供述行政机关尚未掌握的违法行为（第三十二条第三项：应当从轻或者减轻）"
    MERITORIOUS = "meritorious", "配合行政机关查处违法行为有立功表现（第三十二条第四项：应当从轻或者减轻）"
    PARTIAL_INCAPACITY = (
        "partial_incapacity",
        "尚未完全丧失辨认或控制能力的精神病人、智力残疾人（第三十一条：可以从轻或者减轻）",
    )
    EMERGENCY_BREACH = "emergency_breach", "违反突发事件应对措施（第四十九条：从重）"
    REPEAT = "repeat", "两年内因同类违法行为被处罚2次（江门规定第五条：从重）"
    OBSTRUCTION = "obstruction", "威胁、殴打等暴力抗拒执法（江门规定第五条：从重）"
    SERIOUS_HARM = "serious_harm", "造成跨区域污染或不良社会反响等（江门规定第五条：从重）"
    UPGRADE = "upgrade", "造成较大以上突发环境事件、两年内被处罚3次以上等（江门规定第五条：上调一个档次）"


NO_PENALTY_MANDATORY = frozenset(
    {
        Circumstance.UNDER_14,
        Circumstance.MENTAL_INCAPACITY,
        Circumstance.MINOR_CORRECTED,
        Circumstance.NO_FAULT,
    }
)
LIGHTER_MANDATORY = frozenset(
    {
        Circumstance.AGED_14_17,
        Circumstance.REMOVED_HARM,
        Circumstance.COERCED,
        Circumstance.CONFESSED,
        Circumstance.MERITORIOUS,
    }
)
LIGHTER_OPTIONAL = frozenset({Circumstance.PARTIAL_INCAPACITY})
HEAVIER = frozenset(
    {Circumstance.EMERGENCY_BREACH, Circumstance.REPEAT, Circumstance.OBSTRUCTION, Circumstance.SERIOUS_HARM}
)


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class TierSpec:
    order: int
    label: str = ""
    circumstances: tuple[str, ...] = ()
    penalty_kinds: tuple[str, ...] = ()
    range_kind: str = RangeKind.NONE
    amount_min: Decimal | None = None
    amount_max: Decimal | None = None
    base_kind: str = ""
    base_label: str = ""
    factor_min: Decimal | None = None
    factor_max: Decimal | None = None
    factor_mode: str = FactorMode.POSITION
    segment: str = ""
    key: Any = None

    @property
    def needs_base(self) -> bool:
        return self.range_kind in (RangeKind.MULTIPLE, RangeKind.PERCENTAGE)

    @property
    def base_name(self) -> str:
        if self.base_label:
            return self.base_label
        return BaseKind(self.base_kind).label if self.base_kind else "计算基数"


@dataclass(frozen=True)
class FactorSpec:
    name: str
    percentage: Decimal
    tier_order: int | None = None
    key: Any = None


@dataclass(frozen=True)
class StandardSpec:
    tiers: tuple[TierSpec, ...]
    factors: tuple[FactorSpec, ...] = ()
    title: str = ""


@dataclass
class DiscretionResult:
    outcome: str
    tier: TierSpec | None
    penalty_kinds: tuple[str, ...]
    lo: Decimal | None
    hi: Decimal | None
    recommended: Decimal | None
    tier_lo: Decimal | None = None
    tier_hi: Decimal | None = None
    reasons: list[str] = field(default_factory=list)
    reduction_possible: bool = False  # 减轻: below the minimum, needs 集体讨论/approval
    educate: bool = False  # 处罚法 第三十三条第三款: educate after any no-penalty outcome

    @property
    def outcome_label(self) -> str:
        return Outcome(self.outcome).label

    @property
    def penalty_kind_labels(self) -> list[str]:
        return [PenaltyKind(kind).label for kind in self.penalty_kinds]

    def as_dict(self) -> dict[str, Any]:
        def dec(value: Decimal | None) -> str | None:
            return None if value is None else str(value)

        return {
            "outcome": self.outcome,
            "outcome_label": self.outcome_label,
            "tier_order": self.tier.order if self.tier else None,
            "tier_label": self.tier.label if self.tier else "",
            "penalty_kinds": list(self.penalty_kinds),
            "penalty_kind_labels": self.penalty_kind_labels,
            "lo": dec(self.lo),
            "hi": dec(self.hi),
            "recommended": dec(self.recommended),
            "tier_lo": dec(self.tier_lo),
            "tier_hi": dec(self.tier_hi),
            "reasons": list(self.reasons),
            "reduction_possible": self.reduction_possible,
            "educate": self.educate,
        }


def tier_range(tier: TierSpec, base_amount: Decimal | None) -> tuple[Decimal | None, Decimal | None]:
    """The tier's fine range in yuan, inclusive; (None, None) when the tier has no fine, hi None when
    open upwards. Raises ValidationError when the tier is a multiple/percentage and no base is given."""
    if tier.range_kind == RangeKind.NONE:
        return None, None
    if tier.range_kind == RangeKind.AMOUNT:
        lo = tier.amount_min if tier.amount_min is not None else Decimal(0)
        hi = tier.amount_max
        return money(lo), None if hi is None else money(hi)
    if base_amount is None:
        how = "倍数" if tier.range_kind == RangeKind.MULTIPLE else "比例"
        raise ValidationError(
            f"该档次按{tier.base_name}的{how}计算罚款，请填写{tier.base_name}（元）",
            fields={"base_amount": [f"请填写{tier.base_name}"]},
        )
    if base_amount < 0:
        raise ValidationError("计算基数不能为负数", fields={"base_amount": ["计算基数不能为负数"]})
    low = (tier.factor_min or Decimal(0)) * base_amount
    high = None if tier.factor_max is None else tier.factor_max * base_amount
    # Absolute bounds on a base-related range (e.g. 但是最高不超过一百万元) clamp it.
    if tier.amount_max is not None:
        low = min(low, tier.amount_max)
        high = tier.amount_max if high is None else min(high, tier.amount_max)
    if tier.amount_min is not None:
        low = max(low, tier.amount_min)
        if high is not None:
            high = max(high, tier.amount_min)
    return money(low), None if high is None else money(high)


def _as_spec(standard: Any) -> StandardSpec:
    if isinstance(standard, StandardSpec):
        return standard
    as_spec = getattr(standard, "as_spec", None)
    if as_spec is None:
        raise TypeError("standard must be a StandardSpec or provide as_spec()")
    return as_spec()


def _pick_tier(
    spec: StandardSpec, tier: Any, circumstances: set[str], segment: str | None, reasons: list[str]
) -> TierSpec:
    if not spec.tiers:
        raise ValidationError("该裁量基准没有裁量档次")
    if tier is not None:
        if isinstance(tier, TierSpec):
            return tier
        key = getattr(tier, "pk", None)
        for candidate in spec.tiers:
            if (key is not None and candidate.key == key) or (key is None and candidate.order == tier):
                return candidate
        raise ValidationError(
            "所选裁量档次不属于该裁量基准", fields={"tier": ["所选裁量档次不属于该裁量基准"]}
        )
    if segment is None:
        segment = spec.tiers[0].segment
    candidates = [t for t in spec.tiers if t.segment == segment]
    matched = [t for t in candidates if circumstances.intersection(t.circumstances)]
    if matched:
        chosen = max(matched, key=lambda t: t.order)
        if len(matched) > 1:
            reasons.append("同时具有不同档次的裁量情节，按较重档次处罚（江门规定第十四条）")
        return chosen
    if len(candidates) == 1:
        return candidates[0]
    raise ValidationError("请选择裁量档次，或勾选与档次对应的裁量情节", fields={"tier": ["请选择裁量档次"]})


def _factor_specs(spec: StandardSpec, factors: Sequence[Any] | None, tier: TierSpec) -> list[FactorSpec]:
    chosen: list[FactorSpec] = []
    for item in factors or ():
        if isinstance(item, FactorSpec):
            chosen.append(item)
            continue
        key = getattr(item, "pk", item)
        found = next((f for f in spec.factors if f.key == key), None)
        if found is None:
            raise ValidationError("所选裁量因素不属于该裁量基准", fields={"factors": ["裁量因素无效"]})
        chosen.append(found)
    for factor in chosen:
        if factor.tier_order is not None and factor.tier_order != tier.order:
            raise ValidationError(
                f"裁量因素“{factor.name}”不适用于所选档次", fields={"factors": ["裁量因素不适用于所选档次"]}
            )
    return chosen


def _clamp(value: Decimal, lo: Decimal, hi: Decimal | None) -> Decimal:
    if value < lo:
        return lo
    if hi is not None and value > hi:
        return hi
    return value


def discretion_compute(
    *,
    standard: Any,
    tier: Any = None,
    circumstances: Iterable[str] | None = None,
    base_amount: Decimal | None = None,
    factors: Sequence[Any] | None = None,
    segment: str | None = None,
) -> DiscretionResult:
    """Recommended outcome, tier, penalty kinds and fine range [lo, hi] (yuan, 2 places).

    `standard` is a StandardSpec or a model with `as_spec()`; `tier` a TierSpec, a model row or a tier
    order; `circumstances` holds Circumstance codes and/or circumstance texts of the table's tiers;
    `factors` FactorSpecs or their keys. Raises a Chinese ValidationError when a base is required but
    missing or the tier cannot be determined.
    """
    spec = _as_spec(standard)
    given = {str(c).strip() for c in (circumstances or ()) if str(c).strip()}
    reasons: list[str] = []
    if base_amount is not None:
        base_amount = Decimal(base_amount)

    # 1. 不予处罚 (处罚法 第三十条、第三十一条、第三十三条).
    mandatory = sorted(given & NO_PENALTY_MANDATORY)
    if mandatory:
        reasons.extend(f"{Circumstance(code).label}" for code in mandatory)
        reasons.append("依法不予行政处罚，应当对当事人进行教育（处罚法第三十三条第三款）")
        zero = money(Decimal(0))
        return DiscretionResult(
            outcome=Outcome.NO_PENALTY,
            tier=None,
            penalty_kinds=(),
            lo=zero,
            hi=zero,
            recommended=zero,
            reasons=reasons,
            educate=True,
        )

    chosen = _pick_tier(spec, tier, given, segment, reasons)
    if Circumstance.UPGRADE in given:
        same_segment = sorted((t for t in spec.tiers if t.segment == chosen.segment), key=lambda t: t.order)
        position = same_segment.index(chosen)
        if position + 1 < len(same_segment):
            chosen = same_segment[position + 1]
            reasons.append("具有上调一个档次的情形（江门规定第五条）")
        else:
            given.add(Circumstance.SERIOUS_HARM)
            reasons.append("已是最高档次，按该档次最高限度处罚（江门规定第五条）")
    reasons.append(f"适用裁量档次：{chosen.label or chosen.order}")

    tier_lo, tier_hi = tier_range(chosen, base_amount)
    lighter = sorted(given & (LIGHTER_MANDATORY | LIGHTER_OPTIONAL))
    heavier = sorted(given & HEAVIER)
    outcome: str = Outcome.NORMAL
    lo, hi = tier_lo, tier_hi
    recommended: Decimal | None = None
    if lighter and heavier:
        outcome = Outcome.BALANCED
        reasons.append("同时具有从轻和从重情节，在本档次幅度内综合裁量")
    elif lighter:
        outcome = Outcome.LIGHTER
        reasons.extend(Circumstance(code).label for code in lighter)
    elif heavier:
        outcome = Outcome.HEAVIER
        reasons.extend(Circumstance(code).label for code in heavier)
    if tier_lo is not None:
        assert lo is not None
        if tier_hi is None:
            reasons.append("该档次未规定罚款上限")
            recommended = lo
        else:
            width = tier_hi - tier_lo
            lighter_share, heavier_share = position_shares()
            if outcome == Outcome.LIGHTER:
                hi = money(tier_lo + width * lighter_share)
                recommended = lo
            elif outcome == Outcome.HEAVIER:
                lo = money(tier_hi - width * heavier_share)
                recommended = hi
            else:
                recommended = money(tier_lo + width / 2)
            assert hi is not None
            lo, hi = _clamp(lo, tier_lo, tier_hi), _clamp(hi, tier_lo, tier_hi)

        chosen_factors = _factor_specs(spec, factors, chosen)
        if chosen_factors:
            total = sum((f.percentage for f in chosen_factors), Decimal(0))
            if chosen.factor_mode == FactorMode.BASE:
                if base_amount is None:
                    raise ValidationError(
                        "按裁量因素计算需填写计算基数（元）", fields={"base_amount": ["请填写计算基数"]}
                    )
                raw = base_amount * total / 100
            elif hi is None:
                raw = lo
            else:
                share = _clamp(Decimal("0.5") + total / 100, Decimal(0), Decimal(1))
                raw = lo + (hi - lo) * share
            recommended = _clamp(money(raw), lo, hi)
            names = "、".join(f"{f.name}（{f.percentage:+}%）" for f in chosen_factors)
            reasons.append(f"裁量因素：{names}，合计{total:+}%")
    if lighter and not heavier:
        reasons.append("符合减轻处罚条件的，可以在法定最低限以下处罚，须经集体讨论或者负责人批准")

    optional = Circumstance.FIRST_VIOLATION in given
    if optional:
        outcome = Outcome.NO_PENALTY_OPTIONAL
        reasons.insert(0, f"{Circumstance.FIRST_VIOLATION.label}；如决定处罚，适用以下幅度")
    return DiscretionResult(
        outcome=outcome,
        tier=chosen,
        penalty_kinds=tuple(chosen.penalty_kinds),
        lo=lo,
        hi=hi,
        recommended=recommended,
        tier_lo=tier_lo,
        tier_hi=tier_hi,
        reasons=reasons,
        reduction_possible=bool(lighter) and not heavier,
        educate=optional,
    )
