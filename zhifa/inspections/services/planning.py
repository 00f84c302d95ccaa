"""Inspection plans: create and edit (while 草拟), with the target filters and the units whose
officers the 双随机 draw may pick (随机抽取执法人员, spec/02 §1.1.2)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction

from zhifa.core.audit import Actor, audit_append
from zhifa.core.errors import Conflict, ValidationError
from zhifa.orgs.models import Domain, Organisation
from zhifa.orgs.scopes import organisation_subtree_ids

from ..choices import PlanKind, PlanState, RiskClass
from ..models import Checklist, InspectionPlan
from ..rules import MIN_TEAM_SIZE

DEFAULT_RISKS = ("red", "yellow", "blue")


@dataclass
class PlanInput:
    """What the plan page (or a caller) gives: everything a plan can say."""

    domain: Domain
    name: str
    period_start: dt.date
    period_end: dt.date
    sample_size: int
    kind: str = PlanKind.RANDOM
    checklist: Checklist | None = None
    target_region: str = ""
    risks: Sequence[str] = DEFAULT_RISKS
    risk_weights: dict[str, float] | None = None
    team_size: int = MIN_TEAM_SIZE
    lookback_days: int = 365
    officer_units: Sequence[Organisation] = field(default_factory=list)
    include_sub_units: bool = False


def _check(organisation: Organisation, data: PlanInput) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        problems.setdefault(name, []).append(message)

    if not data.name.strip():
        add("name", "请填写计划名称")
    if data.period_end < data.period_start:
        add("period_end", "计划结束日期不能早于开始日期")
    if data.sample_size < 1:
        add("sample_size", "抽取对象数须大于0")
    if data.team_size < MIN_TEAM_SIZE:
        add("team_size", "每组执法人员不得少于2人（行政处罚法第四十二条）")
    if data.kind not in PlanKind.values:
        add("kind", "检查类型无效")
    if not data.risks or any(r not in RiskClass.values for r in data.risks):
        add("risks", "请至少选择一个风险等级")
    weights = data.risk_weights or {}
    if any(float(w) < 0 for w in weights.values()):
        add("risk_weights", "风险权重不能为负数")
    elif weights and data.risks and all(float(weights.get(r, 0)) <= 0 for r in data.risks):
        add("risk_weights", "所选风险等级的权重不能全为0")
    if data.lookback_days > 3650:
        add("lookback_days", "回避期不能超过3650天")
    if data.checklist is not None and data.checklist.domain_id != data.domain.pk:
        add("checklist", "检查单不属于本执法领域")
    if data.target_region and not data.target_region.startswith(organisation.region_code[:2]):
        add("target_region", "对象区划范围无效")
    own_tree = set(organisation_subtree_ids(organisation.pk))
    if any(u.pk not in own_tree for u in data.officer_units):
        add("officer_units", "只能从本单位及下级单位抽取执法人员")
    return problems


def _apply(plan: InspectionPlan, data: PlanInput) -> None:
    plan.domain = data.domain
    plan.name = data.name.strip()
    plan.kind = data.kind
    plan.period_start, plan.period_end = data.period_start, data.period_end
    plan.sample_size, plan.team_size = data.sample_size, data.team_size
    plan.target_region = data.target_region.strip()
    plan.risks = [r for r in RiskClass.values if r in set(data.risks)]
    if data.risk_weights:
        plan.risk_weights = {str(k): float(v) for k, v in data.risk_weights.items()}
    plan.lookback_days = data.lookback_days
    plan.checklist = data.checklist
    plan.officer_unit_ids = sorted({u.pk for u in data.officer_units})
    plan.include_sub_units = data.include_sub_units


PLAN_FIELDS = [
    "domain",
    "name",
    "kind",
    "period_start",
    "period_end",
    "sample_size",
    "team_size",
    "target_region",
    "risks",
    "risk_weights",
    "lookback_days",
    "checklist",
    "officer_unit_ids",
    "include_sub_units",
]


def _payload(plan: InspectionPlan) -> dict[str, object]:
    return {
        "name": plan.name,
        "kind": plan.kind,
        "domain": plan.domain_id,
        "period": [plan.period_start.isoformat(), plan.period_end.isoformat()],
        "sample_size": plan.sample_size,
        "team_size": plan.team_size,
        "risks": plan.risks,
        "weights": plan.risk_weights,
        "target_region": plan.target_region,
        "checklist": plan.checklist_id,
        "officer_units": plan.officer_unit_ids,
        "include_sub_units": plan.include_sub_units,
    }


def plan_save(
    *, actor: Actor, organisation: Organisation, data: PlanInput, plan: InspectionPlan | None = None
) -> InspectionPlan:
    """Create a plan of `organisation`, or edit `plan` while it is 草拟 (a drawn plan is redrawn
    from its page, a dispatched one is fixed: the draw it published must stay reproducible)."""
    problems = _check(organisation if plan is None else plan.organisation, data)
    if problems:
        raise ValidationError("；".join(m for ms in problems.values() for m in ms), fields=problems)
    with transaction.atomic():
        if plan is None:
            row = InspectionPlan(
                organisation=organisation, region_code=organisation.region_code, created_by_id=actor.id
            )
            _apply(row, data)
            row.save(force_insert=True)
            action = "inspections.plan.create"
        else:
            row = InspectionPlan.objects.select_for_update().select_related("organisation").get(pk=plan.pk)
            if row.state != PlanState.DRAFT:
                raise Conflict("只有草拟状态的计划可以修改")
            _apply(row, data)
            row.save(update_fields=PLAN_FIELDS)
            action = "inspections.plan.update"
        audit_append(actor=actor, action=action, subject=row, payload=_payload(row))
    return row


def plan_create(
    *,
    actor: Actor,
    organisation: Organisation,
    domain: Domain,
    name: str,
    period_start: dt.date,
    period_end: dt.date,
    sample_size: int,
    kind: str = PlanKind.RANDOM,
    checklist: Checklist | None = None,
    target_region: str = "",
    risks: Sequence[str] = DEFAULT_RISKS,
    risk_weights: dict[str, float] | None = None,
    team_size: int = MIN_TEAM_SIZE,
    lookback_days: int = 365,
    officer_units: Sequence[Organisation] = (),
    include_sub_units: bool = False,
) -> InspectionPlan:
    data = PlanInput(
        domain=domain,
        name=name,
        period_start=period_start,
        period_end=period_end,
        sample_size=sample_size,
        kind=kind,
        checklist=checklist,
        target_region=target_region,
        risks=risks,
        risk_weights=risk_weights,
        team_size=team_size,
        lookback_days=lookback_days,
        officer_units=list(officer_units),
        include_sub_units=include_sub_units,
    )
    return plan_save(actor=actor, organisation=organisation, data=data)
