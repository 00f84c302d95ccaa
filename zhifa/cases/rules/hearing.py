"""听证 rights and time limits (处罚法 第63条, 第64条, 第85条; RULES §1.3, D8, D9)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from zhifa.core.workdays import add_workdays
from zhifa.legal.rules.discretion import PenaltyKind

from .summary import CITIZEN_KINDS

# 处罚法 第63条第一款 (三)(四)(五): always heard, whatever the amount. 限制开展生产经营活动 is a
# 较重 penalty of the same family as 责令停产停业 (第五项 "其他较重的行政处罚").
HEAVY_KINDS: dict[str, str] = {
    PenaltyKind.LOWER_QUALIFICATION: "降低资质等级（第六十三条第一款第三项）",
    PenaltyKind.REVOKE_LICENCE: "吊销许可证件（第六十三条第一款第三项）",
    PenaltyKind.ORDER_SUSPENSION: "责令停产停业（第六十三条第一款第四项）",
    PenaltyKind.ORDER_CLOSURE: "责令关闭（第六十三条第一款第四项）",
    PenaltyKind.RESTRICT_PRACTICE: "限制从业（第六十三条第一款第四项）",
    PenaltyKind.RESTRICT_BUSINESS: "限制开展生产经营活动（第六十三条第一款第五项 其他较重的行政处罚）",
}
REQUEST_WORKING_DAYS = 5  # 第64条第一项: 当事人要求听证的，应当在行政机关告知后五日内提出 (第85条: 工作日)
NOTICE_WORKING_DAYS = 7  # 第64条第二项: 在举行听证的七日前，通知当事人 (第85条: 工作日)


@dataclass(frozen=True)
class HearingThresholds:
    """较大数额 / 较大价值 for one province/sector on one date (configuration row)."""

    citizen_fine: Decimal | None
    organisation_fine: Decimal | None
    citizen_confiscation: Decimal | None
    organisation_confiscation: Decimal | None
    basis: str
    confirmed: bool = True  # False: [secondary]/[unconfirmed] figure awaiting legal review


@dataclass
class HearingRight:
    applies: bool
    reasons: list[str] = field(default_factory=list)
    unconfirmed_threshold: bool = False


def hearing_right(
    *,
    party_kind: str,
    penalty_kinds: Iterable[str],
    fine: Decimal | None = None,
    confiscation_value: Decimal | None = None,
    thresholds: HearingThresholds | None,
) -> HearingRight:
    """Must the party be told of the right to a hearing (第63条)? A missing threshold grants the right:
    the party keeps the right unless the figure that would take it away is configured."""
    kinds = set(penalty_kinds)
    right = HearingRight(applies=False)
    for kind in kinds:
        if kind in HEAVY_KINDS:
            right.applies = True
            right.reasons.append(HEAVY_KINDS[kind])
    citizen = party_kind in CITIZEN_KINDS
    money_kinds = [
        (PenaltyKind.FINE, fine, "罚款", "fine"),
        (PenaltyKind.CONFISCATE_ILLEGAL_GAINS, confiscation_value, "没收违法所得", "confiscation"),
        (PenaltyKind.CONFISCATE_ILLEGAL_PROPERTY, confiscation_value, "没收非法财物", "confiscation"),
    ]
    for kind, amount, label, which in money_kinds:
        if kind not in kinds or amount is None:
            continue
        if thresholds is None:
            right.applies = True
            right.unconfirmed_threshold = True
            right.reasons.append(f"{label}：本地区、本领域未配置较大数额标准，依法保障当事人听证权利")
            continue
        limit = getattr(thresholds, f"{'citizen' if citizen else 'organisation'}_{which}")
        if limit is None:
            right.applies = True
            right.unconfirmed_threshold = True
            right.reasons.append(f"{label}：未配置较大数额标准，依法保障当事人听证权利")
        elif amount >= limit:  # RULES 0.6: 以上 includes the number
            right.applies = True
            right.reasons.append(f"较大数额{label}（{amount:,.2f}元 ≥ {limit:,.0f}元，{thresholds.basis}）")
        if not thresholds.confirmed:
            right.unconfirmed_threshold = True
    return right


def hearing_request_deadline(notice_served_on: date, *, strict: bool = True) -> date:
    """Last day to request a hearing: 5 working days after the 告知 was served (第64条第一项, 第85条)."""
    return add_workdays(notice_served_on, REQUEST_WORKING_DAYS, strict=strict)


def hearing_request_in_time(*, notice_served_on: date, requested_on: date) -> bool:
    return requested_on <= hearing_request_deadline(notice_served_on)


def earliest_hearing_date(notice_served_on: date, *, strict: bool = True) -> date:
    """The hearing may be held once 7 working days have passed since the 听证通知书 was served
    (第64条第二项: 举行听证的七日前通知; 第85条)."""
    return add_workdays(notice_served_on, NOTICE_WORKING_DAYS, strict=strict)


def hearing_notice_problems(*, notice_served_on: date, hearing_on: date) -> list[str]:
    earliest = earliest_hearing_date(notice_served_on)
    if hearing_on < earliest:
        return [
            f"听证通知应在举行听证的七个工作日前送达：{notice_served_on:%Y年%m月%d日}送达的通知，"
            f"听证最早于{earliest:%Y年%m月%d日}举行（行政处罚法第六十四条第二项、第八十五条）"
        ]
    return []
