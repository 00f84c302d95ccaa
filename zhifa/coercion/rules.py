"""Time limits of 行政强制措施 (行政强制法; RULES §2 Q1, Q3, Q6). 30日 is a calendar period
(强制法第六十九条 makes only periods of 10 days or less working days); 24小时 is hours, which run by
the clock through rest days and holidays (PeriodUnit.HOURS); the page shows the exact hour."""

from __future__ import annotations

from datetime import datetime, timedelta

from zhifa.core.workdays import PeriodUnit
from zhifa.worklist.rules import DeadlineRule

from .models import MeasureKind

URGENT_HOURS = 24  # 强制法第十九条: 情况紧急当场实施的，在二十四小时内向负责人报告并补办批准手续
TERM_DAYS = 30  # 第二十五条第一款 (查封、扣押); 第三十二条第一款 (冻结)
EXTENSION_DAYS = 30  # the same articles: 延长期限不得超过三十日, once

URGENT_APPROVAL = DeadlineRule(
    "coercion.urgent_approval",
    "当场实施后补办批准期限",
    URGENT_HOURS,
    PeriodUnit.HOURS,
    "行政强制法第十九条：二十四小时内补办批准手续",
    due_soon_days=0,
)
# 第十九条: 负责人认为不应当采取的，应当立即解除 — due the same day, holiday or not.
RELEASE_NOW = DeadlineRule(
    "coercion.release_now",
    "不予批准后立即解除",
    0,
    PeriodUnit.HOURS,
    "行政强制法第十九条",
    due_soon_days=0,
)
SEIZURE_TERM = DeadlineRule(
    "coercion.term",
    "查封、扣押期限",
    TERM_DAYS,
    PeriodUnit.CALENDAR_DAYS,
    "行政强制法第二十五条第一款：查封、扣押的期限不得超过三十日",
    due_soon_days=5,
)
FREEZE_TERM = DeadlineRule(
    "coercion.term",
    "冻结期限",
    TERM_DAYS,
    PeriodUnit.CALENDAR_DAYS,
    "行政强制法第三十二条第一款：自冻结存款、汇款之日起三十日内作出处理决定或者解除冻结",
    due_soon_days=5,
)
_MAY_EXTEND = "情况复杂的，经行政机关负责人批准，可以延长，但是延长期限不得超过三十日"
EXTENSION_BASIS = {
    MeasureKind.SEAL: f"行政强制法第二十五条第一款：{_MAY_EXTEND}",
    MeasureKind.SEIZE: f"行政强制法第二十五条第一款：{_MAY_EXTEND}",
    MeasureKind.FREEZE: f"行政强制法第三十二条第一款：{_MAY_EXTEND}",
}


def term_rule(kind: str) -> DeadlineRule:
    return FREEZE_TERM if kind == MeasureKind.FREEZE else SEIZURE_TERM


def urgent_due_at(taken_at: datetime) -> datetime:
    return taken_at + timedelta(hours=URGENT_HOURS)
