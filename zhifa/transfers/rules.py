"""Time limits of transfers. 310令 (《行政执法机关移送涉嫌犯罪案件的规定》, revised 2020) has no
working-day clause: its "3日" are calendar days and "24小时" are hours (RULES §4)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Limit:
    code: str
    title: str
    hours: int
    basis: str


# RULES §4 T2, T3, T6–T10.
HEAD_DECISION = Limit("transfer.head_decision", "机关正职负责人决定是否移送", 72, "310令第五条第二款：3日")
SEND = Limit("transfer.send", "批准后移送公安机关", 24, "310令第五条第二款：24小时")
POLICE_DECISION = Limit("transfer.police_decision", "公安机关决定是否立案", 72, "310令第八条：3日")
RECONSIDERATION_REQUEST = Limit(
    "transfer.reconsideration_request", "提请公安机关复议或建议检察院监督", 72, "310令第九条第一款：3日"
)
POLICE_RECONSIDERATION = Limit(
    "transfer.police_reconsideration", "公安机关复议决定", 72, "310令第九条第二款：3日"
)
SUPERVISION_PROPOSAL = Limit("transfer.supervision", "建议人民检察院立案监督", 72, "310令第九条第二款：3日")
HANDOVER = Limit("transfer.handover", "移交涉案物品和材料", 72, "310令第十二条：3日")


def due_at(start: datetime, limit: Limit) -> datetime:
    return start + timedelta(hours=limit.hours)


def overdue(start: datetime | None, limit: Limit, now: datetime) -> bool:
    return start is not None and now > due_at(start, limit)
