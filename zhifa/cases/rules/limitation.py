"""追责时效 (处罚法 第36条, RULES D1)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from zhifa.core.workdays import add_years

GENERAL_YEARS = 2  # 处罚法 第36条第一款: 二年内未被发现的，不再给予行政处罚
EXTENDED_YEARS = 5  # 同款: 涉及公民生命健康安全、金融安全且有危害后果的，延长至五年


@dataclass(frozen=True)
class Limitation:
    years: int
    runs_from: date
    ends_on: date
    expired: bool
    basis: str = "行政处罚法第三十六条"

    @property
    def message(self) -> str:
        return (
            f"违法行为自{self.runs_from:%Y年%m月%d日}起{self.years}年内未被发现，已过追责时效"
            f"（截至{self.ends_on:%Y年%m月%d日}），不再给予行政处罚（{self.basis}）"
        )


def limitation_check(
    *,
    act_on: date,
    discovered_on: date,
    act_ended_on: date | None = None,
    life_health_or_financial_harm: bool = False,
) -> Limitation:
    """Is the act still punishable when discovered? The period runs from the act, or for a continuing
    or repeated act from the day it ended (第36条第二款); 5 years when it concerns citizens' life,
    health or financial security and caused harm (第一款)."""
    runs_from = act_ended_on or act_on
    years = EXTENDED_YEARS if life_health_or_financial_harm else GENERAL_YEARS
    ends_on = add_years(runs_from, years)
    return Limitation(years=years, runs_from=runs_from, ends_on=ends_on, expired=discovered_on > ends_on)
