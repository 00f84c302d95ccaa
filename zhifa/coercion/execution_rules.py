"""Time limits and conditions of 行政强制执行 (行政强制法第四、五章; RULES §2 Q7–Q17, §0.2).

强制法第六十九条: periods of 10 days or less are working days (3日, 5日, 7日, 10日); 30日 and 3个月
are calendar periods. The payment deadline, the 加处罚款 and the court window are the cases app's
functions (zhifa.cases.rules.execution), reused here, never recomputed."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from zhifa.cases.rules.execution import CourtWindow, Surcharge
from zhifa.core.workdays import PeriodUnit, add_workdays, add_years
from zhifa.worklist.rules import DeadlineRule

WORKDAY_LIMIT = 10  # 第六十九条: 本法中十日以内期限的规定是指工作日，不含法定节假日
SUBSTITUTE_NOTICE_WD = 3  # 第五十一条第一款第三项: 代履行三日前，催告当事人履行
COURT_ACCEPT_WD = 5  # 第五十六条: 人民法院接到申请，应当在五日内受理
COURT_RULING_WD = 7  # 第五十七条: 受理之日起七日内作出执行裁定
COURT_HEARD_DAYS = 30  # 第五十八条第二款: 受理之日起三十日内作出是否执行的裁定
SURCHARGE_DIRECT_DAYS = 30  # 第四十六条第一款: 加处罚款或者滞纳金超过三十日，经催告仍不履行的
SUSPENSION_YEARS = 3  # 第三十九条第二款: 中止执行满三年未恢复执行的，行政机关不再执行

# 第四十三条第一款: 行政机关不得在夜间或者法定节假日实施行政强制执行。情况紧急的除外。
# The statute does not define 夜间: 22:00–06:00 is OUR READING (configurable through
# settings.ZHIFA_COERCION_NIGHT = ("22:00", "06:00")); 法定节假日 are the holidays of the calendar table
# (zhifa.core.Holiday kind=holiday: 春节、国庆 …), ordinary weekends are not counted (our reading).
DEFAULT_NIGHT = ("22:00", "06:00")
# 重大执法决定法制审核: what counts as major is configured per deployment (our defaults):
# 代履行, 强制拆除 (第四十四条) or a money obligation of at least this amount (元).
DEFAULT_MAJOR_AMOUNT = Decimal("50000")

SUBSTITUTE_NOTICE = DeadlineRule(
    "coercion.substitute_notice",
    "代履行前催告期间",
    SUBSTITUTE_NOTICE_WD,
    PeriodUnit.WORKING_DAYS,
    "行政强制法第五十一条第一款第三项、第六十九条：代履行三日（工作日）前催告当事人履行",
    due_soon_days=0,
)
COURT_WAIT = DeadlineRule(
    "coercion.court_wait",
    "催告书送达后等待期",
    10,
    PeriodUnit.WORKING_DAYS,
    "行政强制法第五十四条、第六十九条：催告书送达十日（工作日）后当事人仍未履行的，可以申请",
    due_soon_days=0,
)
COURT_APPLICATION = DeadlineRule(
    "coercion.court_application",
    "申请人民法院强制执行期限",
    3,
    PeriodUnit.MONTHS,
    "行政强制法第五十三条：自复议、诉讼期限届满之日起三个月内申请（行诉解释第一百五十六条）",
    due_soon_days=10,
)
COURT_ACCEPT = DeadlineRule(
    "coercion.court_accept",
    "人民法院受理期限",
    COURT_ACCEPT_WD,
    PeriodUnit.WORKING_DAYS,
    "行政强制法第五十六条第一款、第六十九条：人民法院接到申请，应当在五日内受理",
    due_soon_days=1,
)
COURT_RULING = DeadlineRule(
    "coercion.court_ruling",
    "人民法院作出执行裁定期限",
    COURT_RULING_WD,
    PeriodUnit.WORKING_DAYS,
    "行政强制法第五十七条、第六十九条：自受理之日起七日内作出执行裁定",
    due_soon_days=1,
)
COURT_RULING_HEARD = DeadlineRule(
    "coercion.court_ruling",
    "人民法院作出执行裁定期限（听取意见）",
    COURT_HEARD_DAYS,
    PeriodUnit.CALENDAR_DAYS,
    "行政强制法第五十八条第二款：人民法院应当自受理之日起三十日内作出是否执行的裁定",
    due_soon_days=5,
)
SUSPENSION = DeadlineRule(
    "coercion.suspension",
    "中止执行满三年不再执行",
    SUSPENSION_YEARS,
    PeriodUnit.YEARS,
    "行政强制法第三十九条第二款：中止执行满三年未恢复执行的，行政机关不再执行",
    due_soon_days=30,
)


def demand_rule(days: int) -> DeadlineRule:
    """催告履行期限 (第三十五条第一项): the agency sets it (no statutory number, RULES Q7). A period the
    催告书 states in days of 10 or fewer is counted in working days (第六十九条), longer ones in
    calendar days."""
    unit = PeriodUnit.WORKING_DAYS if days <= WORKDAY_LIMIT else PeriodUnit.CALENDAR_DAYS
    return DeadlineRule(
        "coercion.demand",
        "催告履行期限",
        days,
        unit,
        "行政强制法第三十五条：催告书载明履行义务的期限" + ("（第六十九条：工作日）" if days <= 10 else ""),
        due_soon_days=1,
    )


def substitute_earliest(demand_on: date) -> date:
    """The first day 代履行 may be performed: after 3 working days from the 催告 (第五十一条, 第六十九条)."""
    return add_workdays(demand_on, SUBSTITUTE_NOTICE_WD) + timedelta(days=1)


def court_wait_ends(demand_served_on: date) -> date:
    """第五十四条: 催告书送达十日后 — the last of the 10 working days (第六十九条)."""
    return add_workdays(demand_served_on, 10)


def suspension_lapses_on(suspended_on: date) -> date:
    """第三十九条第二款: three years (calendar) after the suspension."""
    return add_years(suspended_on, SUSPENSION_YEARS)


def _clock(text: str) -> time:
    hour, minute = text.split(":")
    return time(int(hour), int(minute))


def night_hours() -> tuple[time, time]:
    start, end = getattr(settings, "ZHIFA_COERCION_NIGHT", DEFAULT_NIGHT)
    return _clock(start), _clock(end)


def is_night(moment: datetime) -> bool:
    local = timezone.localtime(moment).time()
    start, end = night_hours()
    if start <= end:
        return start <= local < end
    return local >= start or local < end


def is_statutory_holiday(day: date) -> bool:
    from zhifa.core.models import Holiday, HolidayKind

    return Holiday.objects.filter(date=day, kind=HolidayKind.HOLIDAY).exists()


def enforcement_time_problems(moment: datetime, *, emergency: bool, reason: str) -> list[str]:
    """第四十三条第一款: no 实施 at night or on a statutory holiday, unless the emergency is stated."""
    problems: list[str] = []
    local = timezone.localtime(moment)
    night = is_night(moment)
    holiday = is_statutory_holiday(local.date())
    if not (night or holiday):
        return problems
    if emergency and reason.strip():
        return problems
    start, end = night_hours()
    if night:
        problems.append(
            f"{local:%Y-%m-%d %H:%M}属于夜间（{start:%H:%M}至{end:%H:%M}），不得实施行政强制执行"
            "（行政强制法第四十三条第一款），情况紧急的须勾选并说明理由"
        )
    if holiday:
        problems.append(
            f"{local:%Y-%m-%d}是法定节假日，不得实施行政强制执行（行政强制法第四十三条第一款），"
            "情况紧急的须勾选并说明理由"
        )
    return problems


def major_amount() -> Decimal:
    return Decimal(str(getattr(settings, "ZHIFA_COERCION_MAJOR_AMOUNT", DEFAULT_MAJOR_AMOUNT)))


def major_reasons(*, substitute: bool, demolition: bool, principal: Decimal | None) -> list[str]:
    """Why a 强制执行决定 needs 法制审核 before the head decides (重大执法决定法制审核; our configured
    criteria: 代履行, 强制拆除, or an amount at or above settings.ZHIFA_COERCION_MAJOR_AMOUNT)."""
    reasons: list[str] = []
    if substitute:
        reasons.append("代履行（行政强制法第五十条）")
    if demolition:
        reasons.append("强制拆除违法建筑物、构筑物、设施（行政强制法第四十四条）")
    threshold = major_amount()
    if principal is not None and principal >= threshold:
        reasons.append(f"执行金额{principal}元，达到重大执法决定标准（{threshold}元）")
    return reasons


def surcharge_net(surcharge: Surcharge, waived: Decimal | None) -> Decimal:
    """The 加处罚款 still owed after a waiver agreed in an 执行协议 (第四十二条第一款)."""
    return max(Decimal("0.00"), surcharge.amount - (waived or Decimal("0.00")))


def court_wait_problems(window: CourtWindow, applying_on: date) -> list[str]:
    if applying_on < window.opens_on:
        return [f"最早可于{window.opens_on:%Y年%m月%d日}申请（行政强制法第五十三条、第五十四条）"]
    return []
