"""Payment, late surcharge, deferral and court enforcement (处罚法 第66、67、72、73条; 强制法 第45、53、54条;
行诉法 第46条; 行诉解释 第156条; RULES D11–D13, D20, Q15–Q16, R8, R13)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from zhifa.core.workdays import add_calendar_days, add_months, add_workdays

PAYMENT_DAYS = 15  # 处罚法 第67条第三款: 自收到行政处罚决定书之日起十五日内 (calendar days, 第85条)
SURCHARGE_RATE = Decimal("0.03")  # 第72条第一款第一项: 每日按罚款数额的百分之三加处罚款
LITIGATION_MONTHS = 6  # 行诉法 第46条第一款: 知道或者应当知道作出行政行为之日起六个月内
RECONSIDERATION_DAYS = 60  # 复议法 第20条第一款
COURT_APPLICATION_MONTHS = 3  # 强制法 第53条: 期限届满之日起三个月内
DEMAND_WAIT_WORKING_DAYS = 10  # 强制法 第54条 + 第69条: 催告书送达十日后 (WD)
CENT = Decimal("0.01")


def payment_due(received_on: date, *, strict: bool = True) -> date:
    """Last day to pay: 15 days from receipt of the decision, rolled off rest days (第67条; 民法典 203)."""
    return add_calendar_days(received_on, PAYMENT_DAYS, strict=strict)


def _overlap_days(start: date, end: date, intervals: Iterable[tuple[date, date | None]], today: date) -> int:
    days = 0
    for lo, hi in intervals:
        a = max(lo, start)
        b = min(hi or today, end)
        if b >= a:
            days += (b - a).days + 1
    return days


@dataclass(frozen=True)
class Surcharge:
    days: int
    amount: Decimal
    capped: bool


def late_surcharge(
    *,
    fine: Decimal,
    due_on: date,
    as_of: date,
    paused: Iterable[tuple[date, date | None]] = (),
) -> Surcharge:
    """加处罚款 up to `as_of`: 3 % of the fine per day from the day after the due date (第72条第一款第一项),
    never more than the fine (第72条 同项; 强制法 第45条第二款), not counted while 复议 or 诉讼 is pending
    (第73条第三款): `paused` holds those intervals (inclusive; an open interval runs to `as_of`)."""
    first = due_on + timedelta(days=1)
    if as_of < first or fine <= 0:
        return Surcharge(days=0, amount=Decimal("0.00"), capped=False)
    total_days = (as_of - first).days + 1
    days = max(0, total_days - _overlap_days(first, as_of, list(paused), as_of))
    raw = (fine * SURCHARGE_RATE * days).quantize(CENT, rounding=ROUND_HALF_UP)
    capped = raw >= fine
    return Surcharge(days=days, amount=min(raw, fine.quantize(CENT)), capped=capped)


@dataclass(frozen=True)
class CourtWindow:
    litigation_ends_on: date  # the party's 6-month litigation period
    opens_on: date  # the first day an application may be made
    closes_on: date  # the last day (3 months after the litigation period)
    basis: str = "行政强制法第五十三条、第五十四条；最高法行诉解释第一百五十六条"


def court_application_window(
    *,
    decision_received_on: date,
    demand_served_on: date | None,
    deferral_ends_on: date | None = None,
    strict: bool = True,
) -> CourtWindow:
    """When the agency (without its own enforcement power) may apply to the court: after the 复议 and
    诉讼 periods have run out (litigation: 6 months from receipt), and 10 working days after the 催告书
    was served; within 3 months of the end of the litigation period. A deferral or instalment moves
    the start to the end of the deferral (处罚法 第72条第二款)."""
    litigation_ends = add_months(decision_received_on, LITIGATION_MONTHS, strict=strict)
    anchor = max(litigation_ends, deferral_ends_on) if deferral_ends_on else litigation_ends
    opens = anchor + timedelta(days=1)
    if demand_served_on is not None:
        opens = max(
            opens, add_workdays(demand_served_on, DEMAND_WAIT_WORKING_DAYS, strict=strict) + timedelta(days=1)
        )
    closes = add_months(anchor, COURT_APPLICATION_MONTHS, strict=strict)
    return CourtWindow(litigation_ends_on=litigation_ends, opens_on=opens, closes_on=closes)


def court_application_problems(
    *, window: CourtWindow, demand_served_on: date | None, applying_on: date
) -> list[str]:
    problems: list[str] = []
    if demand_served_on is None:
        problems.append("申请人民法院强制执行前，应当催告当事人履行义务（行政强制法第五十四条）")
    if applying_on < window.opens_on:
        problems.append(
            f"最早可于{window.opens_on:%Y年%m月%d日}申请（复议、诉讼期限届满且催告书送达满十个工作日）"
        )
    if applying_on > window.closes_on:
        problems.append(f"申请期限已于{window.closes_on:%Y年%m月%d日}届满（行政强制法第五十三条）")
    return problems


@dataclass(frozen=True)
class Instalment:
    due_on: date
    amount: Decimal


def parse_instalments(text: str) -> list[Instalment]:
    """One instalment per line, "2026-05-31 3000" (date, amount in 元); blank lines ignored."""
    plan: list[Instalment] = []
    for number, line in enumerate(str(text).splitlines(), start=1):
        if not line.strip():
            continue
        parts = line.replace("，", " ").replace(",", " ").split()
        try:
            plan.append(Instalment(date.fromisoformat(parts[0]), Decimal(parts[1]).quantize(CENT)))
        except (IndexError, ValueError, ArithmeticError):
            raise ValueError(f"第{number}行格式应为“2026-05-31 3000”") from None
    return plan


def instalment_problems(plan: list[Instalment], *, fine: Decimal, served_on: date, due_on: date) -> list[str]:
    """分期缴纳 (处罚法第66条第二款): at least two instalments, each positive, dates after the decision
    was received and strictly ascending, the last after the original due date, adding up to the fine."""
    problems: list[str] = []
    if len(plan) < 2:
        problems.append("分期缴纳至少分两期")
    if any(i.amount <= 0 for i in plan):
        problems.append("每期金额须大于零")
    dates = [i.due_on for i in plan]
    if dates != sorted(set(dates)):
        problems.append("各期缴纳日期须逐期递增")
    if plan and plan[0].due_on <= served_on:
        problems.append("首期缴纳日期须晚于决定书送达日")
    if plan and plan[-1].due_on <= due_on:
        problems.append(f"末期缴纳日期应晚于原缴款期限{due_on:%Y年%m月%d日}")
    total = sum((i.amount for i in plan), Decimal(0))
    if total != fine.quantize(CENT):
        problems.append(f"各期金额合计{total}元，应等于罚款{fine.quantize(CENT)}元")
    return problems


def instalment_surcharge(
    plan: list[Instalment], *, paid: Decimal, as_of: date, paused: Iterable[tuple[date, date | None]] = ()
) -> Surcharge:
    """加处罚款 on what is overdue under a plan: each instalment's unpaid part from the day after its
    own date (第72条第一款第一项, read per instalment), the total never above the fine."""
    remaining_paid = paid
    days = 0
    amount = Decimal(0)
    fine = sum((i.amount for i in plan), Decimal(0))
    for inst in plan:
        covered = min(inst.amount, remaining_paid)
        remaining_paid -= covered
        unpaid = inst.amount - covered
        if unpaid > 0:
            part = late_surcharge(fine=unpaid, due_on=inst.due_on, as_of=as_of, paused=list(paused))
            days = max(days, part.days)
            amount += part.amount
    capped = amount >= fine
    return Surcharge(days=days, amount=min(amount, fine).quantize(CENT), capped=capped)
