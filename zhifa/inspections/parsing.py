"""Form input → service input (pages only; the services check the rules). Problems found while
parsing are collected per field so the page can show them and keep what the user typed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.http import QueryDict

from zhifa.core.errors import ValidationError
from zhifa.orgs.models import Domain, Officer, Organisation

from .choices import RiskClass
from .models import Checklist
from .services import PlanInput


class Problems:
    def __init__(self) -> None:
        self.fields: dict[str, list[str]] = {}

    def add(self, name: str, message: str) -> None:
        self.fields.setdefault(name, []).append(message)

    def raise_if_any(self) -> None:
        if self.fields:
            raise ValidationError("；".join(m for ms in self.fields.values() for m in ms), fields=self.fields)


def parse_date(
    p: QueryDict, name: str, label: str, problems: Problems, *, required: bool = True
) -> dt.date | None:
    raw = (p.get(name) or "").strip()
    if not raw:
        if required:
            problems.add(name, f"请填写{label}")
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        problems.add(name, f"{label}格式应为 YYYY-MM-DD")
        return None


def parse_int(p: QueryDict, name: str, label: str, problems: Problems, default: int | None = None) -> int:
    raw = (p.get(name) or "").strip()
    if not raw and default is not None:
        return default
    try:
        return int(raw)
    except ValueError:
        problems.add(name, f"{label}须为整数")
        return default or 0


def pick(
    queryset: Any, raw: str | None, name: str, label: str, problems: Problems, *, required: bool = True
) -> Any:
    raw = (raw or "").strip()
    if not raw:
        if required:
            problems.add(name, f"请选择{label}")
        return None
    row = queryset.filter(pk=raw).first() if raw.isdigit() else None
    if row is None:
        problems.add(name, f"{label}无效")
    return row


def pick_many(queryset: Any, raws: Iterable[str]) -> list[Any]:
    ids = [int(r) for r in raws if str(r).isdigit()]
    by_pk = queryset.in_bulk(ids)
    return [by_pk[i] for i in dict.fromkeys(ids) if i in by_pk]


def plan_input(p: QueryDict, *, checklists: Any, units: Any) -> PlanInput:
    """The plan page's POST: name, domain, period, checklist, target filters (region, risk classes
    with weights), sample size, officers per target, the units whose officers may be drawn."""
    problems = Problems()
    domain = pick(Domain.objects.all(), p.get("domain"), "domain", "执法领域", problems)
    checklist: Checklist | None = pick(
        checklists, p.get("checklist"), "checklist", "检查单", problems, required=False
    )
    start = parse_date(p, "period_start", "计划开始日期", problems)
    end = parse_date(p, "period_end", "计划结束日期", problems)
    risks = [r for r in RiskClass.values if r in p.getlist("risks")]
    weights: dict[str, float] = {}
    for risk in RiskClass.values:
        raw = (p.get(f"weight_{risk}") or "").strip()
        if not raw:
            continue
        try:
            weights[risk] = float(raw)
        except ValueError:
            problems.add(f"weight_{risk}", "风险权重须为数字")
    chosen_units: list[Organisation] = pick_many(units, p.getlist("officer_units"))
    data = PlanInput(
        domain=domain,
        name=p.get("name", ""),
        period_start=start or dt.date.min,
        period_end=end or dt.date.min,
        sample_size=parse_int(p, "sample_size", "抽取对象数", problems),
        kind=p.get("kind", "random"),
        checklist=checklist,
        target_region=(p.get("target_region") or "").strip(),
        risks=risks,
        risk_weights=weights or None,
        team_size=parse_int(p, "team_size", "每组执法人员数", problems, default=2),
        lookback_days=parse_int(p, "lookback_days", "回避期", problems, default=365),
        officer_units=chosen_units,
        include_sub_units=p.get("include_sub_units") == "1",
    )
    problems.raise_if_any()
    return data


def officers_from(p: QueryDict, allowed: Any) -> list[Officer]:
    return pick_many(allowed, p.getlist("officers"))
