"""Time limits of transfers (RULES §4). 310令 (《行政执法机关移送涉嫌犯罪案件的规定》, revised 2020) has
no working-day clause: its "3日" are calendar days — they start the day after the trigger and a last
day on a holiday moves to the next working day (民法典第二百零一条、第二百零三条), ending at 24:00 —
and its "24小时" are hours, which run by the clock through holidays."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.utils import timezone

from zhifa.core.workdays import PeriodUnit
from zhifa.worklist.rules import DeadlineRule, compute_due


@dataclass(frozen=True)
class Limit:
    code: str
    title: str
    amount: int
    unit: PeriodUnit  # CALENDAR_DAYS (日) or HOURS (小时)
    basis: str

    @property
    def deadline_rule(self) -> DeadlineRule:
        """The limit's worklist row (date-level; the page shows the exact end, due_at)."""
        return DeadlineRule(self.code, self.title + "期限", self.amount, self.unit, self.basis)


DAYS, HOURS = PeriodUnit.CALENDAR_DAYS, PeriodUnit.HOURS

# RULES §4 T2, T3, T6–T10.
HEAD_DECISION = Limit(
    "transfer.head_decision", "机关正职负责人决定是否移送", 3, DAYS, "310令第五条第二款：3日"
)
SEND = Limit("transfer.send", "批准后移送公安机关", 24, HOURS, "310令第五条第二款：24小时")
POLICE_DECISION = Limit("transfer.police_decision", "公安机关决定是否立案", 3, DAYS, "310令第八条：3日")
RECONSIDERATION_REQUEST = Limit(
    "transfer.reconsideration_request", "提请公安机关复议或建议检察院监督", 3, DAYS, "310令第九条第一款：3日"
)
POLICE_RECONSIDERATION = Limit(
    "transfer.police_reconsideration", "公安机关复议决定", 3, DAYS, "310令第九条第二款：3日"
)
SUPERVISION_PROPOSAL = Limit(
    "transfer.supervision", "建议人民检察院立案监督", 3, DAYS, "310令第九条第二款：3日"
)
HANDOVER = Limit("transfer.handover", "移交涉案物品和材料", 3, DAYS, "310令第十二条：3日")


def due_at(start: datetime, limit: Limit) -> datetime:
    """The exact end: `start` + the hours, or 24:00 of the (rolled) last day of a period of 日."""
    if limit.unit is HOURS:
        return start + timedelta(hours=limit.amount)
    last_day = compute_due(
        amount=limit.amount, unit=limit.unit, started_on=timezone.localtime(start).date()
    ).due_on
    return timezone.make_aware(datetime.combine(last_day + timedelta(days=1), time.min))


def overdue(start: datetime | None, limit: Limit, now: datetime) -> bool:
    return start is not None and now >= due_at(start, limit)


def due_label(start: datetime, limit: Limit) -> str:
    """How the page writes the end: "2026-10-01 16:00" for hours, "2026-10-08 24:00" for 日."""
    end = timezone.localtime(due_at(start, limit))
    if limit.unit is HOURS:
        return end.strftime("%Y-%m-%d %H:%M")
    return (end.date() - timedelta(days=1)).isoformat() + " 24:00"
