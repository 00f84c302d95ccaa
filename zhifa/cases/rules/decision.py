"""Gates before a penalty decision (处罚法 第44、45、62、63–65条; RULES D6, D7, §1.4)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from zhifa.core.workdays import add_workdays
from zhifa.legal.rules.discretion import PenaltyKind


@dataclass(frozen=True)
class Proposal:
    """A penalty as notified (告知) or decided: kinds, fine and confiscated value (元)."""

    kinds: frozenset[str]
    fine: Decimal = Decimal(0)
    confiscation: Decimal = Decimal(0)

    @classmethod
    def of(
        cls, kinds: Iterable[str], fine: Decimal | None = None, confiscation: Decimal | None = None
    ) -> Proposal:
        return cls(frozenset(kinds), fine or Decimal(0), confiscation or Decimal(0))


def statement_window_end(notice_served_on: date, *, working_days: int, strict: bool = True) -> date:
    """Last day for 陈述、申辩 (and the hearing request): SAMR 第57条第二款 5 个工作日 from service of the
    告知书; silence within it waives the rights. The number is a configured case period."""
    return add_workdays(notice_served_on, working_days, strict=strict)


def notice_problems(
    *,
    notice_served_on: date | None,
    today: date,
    window_working_days: int,
    waived: bool,
    hearing_requested: bool,
    hearing_concluded: bool,
) -> list[str]:
    """No decision without the advance notice (第44条, 第62条) and before the party's window has run,
    unless the party expressly waived; a requested hearing must have been held (or waived by absence)."""
    if notice_served_on is None:
        return [
            "作出行政处罚决定之前，应当告知当事人拟作出的处罚内容及事实、理由、依据和陈述、申辩、要求听证等权利，且告知书已送达（行政处罚法第四十四条、第六十二条）"
        ]
    problems: list[str] = []
    end = statement_window_end(notice_served_on, working_days=window_working_days)
    if today <= end and not waived:
        problems.append(
            f"当事人陈述、申辩期限至{end:%Y年%m月%d日}届满，期满前（当事人明确放弃的除外）不得作出处罚决定"
            "（行政处罚法第四十五条、市场监管行政处罚程序规定第五十七条）"
        )
    if hearing_requested and not hearing_concluded:
        problems.append("当事人已要求听证，听证结束前不得作出处罚决定（行政处罚法第六十三条、第六十五条）")
    return problems


_SEVERITY = {  # no new kind may appear after the notice; more of the same is also heavier
    PenaltyKind.WARNING: 0,
    PenaltyKind.CIRCULATED_CRITICISM: 1,
}


def heavier_problems(*, notified: Proposal, decided: Proposal, after_statement: bool) -> list[str]:
    """处罚法 第45条第二款: 行政机关不得因当事人陈述、申辩而给予更重的处罚. Compared with what was notified:
    no kind added, no higher fine, no larger confiscation. Without any statement or defence a heavier
    decision still needs a new notice (第44条), so it is refused too, with that reason."""
    problems: list[str] = []
    added = decided.kinds - notified.kinds
    if added:
        labels = "、".join(PenaltyKind(k).label for k in sorted(added))
        problems.append(f"决定增加了告知书未载明的处罚种类：{labels}")
    if decided.fine > notified.fine:
        problems.append(f"决定罚款{decided.fine:,.2f}元高于告知的{notified.fine:,.2f}元")
    if decided.confiscation > notified.confiscation:
        problems.append(f"决定没收金额{decided.confiscation:,.2f}元高于告知的{notified.confiscation:,.2f}元")
    if not problems:
        return []
    if after_statement:
        problems.append("不得因当事人陈述、申辩而给予更重的处罚（行政处罚法第四十五条第二款）")
    else:
        problems.append("拟加重处罚的，应当重新告知当事人（行政处罚法第四十四条）")
    return problems


@dataclass(frozen=True)
class DiscretionCheck:
    inside: bool
    needs_justification: bool
    message: str


def discretion_check(
    *, fine: Decimal | None, tier_lo: Decimal | None, tier_hi: Decimal | None, justification: str
) -> DiscretionCheck:
    """The decided fine must lie in the range the chosen discretion tier recommends; outside it, a
    written justification is required and the case is flagged for supervision (处罚法 第34条; RULES §10
    step 6; SAMR 第48条第六项: 调查终结报告 states the discretion reasons)."""
    if fine is None or tier_lo is None or tier_hi is None:
        return DiscretionCheck(inside=True, needs_justification=False, message="")
    if tier_lo <= fine <= tier_hi:
        return DiscretionCheck(inside=True, needs_justification=False, message="")
    message = f"罚款{fine:,.2f}元不在所选裁量档次的幅度（{tier_lo:,.2f}–{tier_hi:,.2f}元）内"
    if not justification.strip():
        return DiscretionCheck(inside=False, needs_justification=True, message=message + "，须书面说明理由")
    return DiscretionCheck(
        inside=False, needs_justification=False, message=message + "，已说明理由，将纳入执法监督"
    )
