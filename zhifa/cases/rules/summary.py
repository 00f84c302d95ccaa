"""简易程序 (当场处罚) and 当场收缴 (处罚法 Arts. 51, 52, 68–71; SAMR Arts. 66, 70, 72)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from zhifa.legal.rules.discretion import PenaltyKind
from zhifa.parties.choices import PartyKind

SUMMARY_KINDS = frozenset({PenaltyKind.WARNING, PenaltyKind.FINE})  # 处罚法 第51条: 罚款或者警告
CASH_ON_SPOT_MAX = Decimal("100")  # 处罚法 第68条第一项: 依法给予一百元以下罚款
# 处罚法 第51条 "对公民处以二百元以下…罚款": 个体工商户 is a 公民 operating a business (民法典 第54条).
CITIZEN_KINDS = frozenset({PartyKind.NATURAL_PERSON, PartyKind.INDIVIDUAL_BUSINESS})


@dataclass(frozen=True)
class SummaryLimits:
    """Fine ceilings of the summary procedure in force on a decision date (configuration row)."""

    citizen_max: Decimal
    organisation_max: Decimal
    basis: str


def summary_procedure_violations(
    *,
    party_kind: str,
    penalty_kinds: Iterable[str],
    fine: Decimal | None,
    limits: SummaryLimits,
    facts_conclusive: bool = True,
    has_legal_basis: bool = True,
) -> list[str]:
    """Why this penalty may not be decided on the spot (empty: it may). 处罚法 第51条: 违法事实确凿并有
    法定依据, 对公民处以二百元以下、对法人或者其他组织处以三千元以下罚款或者警告."""
    problems: list[str] = []
    kinds = set(penalty_kinds)
    if not kinds:
        problems.append("请选择处罚种类")
    extra = kinds - SUMMARY_KINDS
    if extra:
        labels = "、".join(PenaltyKind(k).label for k in sorted(extra))
        problems.append(f"简易程序只能给予警告或者罚款，不能给予{labels}（{limits.basis}）")
    if PenaltyKind.FINE in kinds:
        citizen = party_kind in CITIZEN_KINDS
        ceiling = limits.citizen_max if citizen else limits.organisation_max
        who = "公民" if citizen else "法人或者其他组织"
        if fine is None or fine <= 0:
            problems.append("罚款金额必须大于零")
        elif fine > ceiling:
            problems.append(f"对{who}当场罚款不得超过{ceiling:,.0f}元（{limits.basis}），应适用普通程序")
    if not facts_conclusive:
        problems.append("违法事实确凿方可当场作出处罚决定（处罚法第五十一条）")
    if not has_legal_basis:
        problems.append("当场处罚必须有法定依据（处罚法第五十一条）")
    return problems


def cash_on_spot_allowed(
    *,
    summary: bool,
    fine: Decimal,
    hard_to_enforce_later: bool = False,
    remote_area_party_request: bool = False,
) -> tuple[bool, str]:
    """May the officer collect the fine in cash on the spot? 处罚法 第68条: in 简易程序 only when the fine
    is ≤100 元 or later enforcement would be hard; 第69条: in remote, waterborne or poorly connected
    areas, at the party's request, any procedure."""
    if remote_area_party_request:
        return True, "边远、水上、交通不便地区，当事人提出（处罚法第六十九条）"
    if not summary:
        return (
            False,
            "普通程序不得当场收缴罚款，边远、水上、交通不便地区当事人提出的除外（处罚法第六十八条、第六十九条）",
        )
    if fine <= CASH_ON_SPOT_MAX:
        return True, "依法给予一百元以下罚款（处罚法第六十八条第一项）"
    if hard_to_enforce_later:
        return True, "不当场收缴事后难以执行（处罚法第六十八条第二项）"
    return False, "超过一百元且事后可以执行的罚款不得当场收缴（处罚法第六十八条）"


def summary_limits_apply_on(
    decided_on: date, rows: Iterable[tuple[date, date | None, SummaryLimits]]
) -> SummaryLimits:
    """The limits whose [valid_from, valid_to] holds the decision date (RULES 1.1–1.2: the 2021-07-15
    thresholds replace the old 50/1,000 元)."""
    for valid_from, valid_to, limits in rows:
        if valid_from <= decided_on and (valid_to is None or decided_on <= valid_to):
            return limits
    raise LookupError(decided_on)
