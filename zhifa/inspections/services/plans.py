"""Target library, plans and dispatch of inspection tasks (with a worklist task per officer)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from zhifa.core.audit import Actor, audit_append
from zhifa.core.errors import Conflict, ValidationError
from zhifa.orgs.models import Domain, Officer, Organisation
from zhifa.orgs.scopes import organisation_subtree_ids
from zhifa.parties.models import Party
from zhifa.worklist.services import task_create

from ..choices import PlanKind, PlanState, RiskClass, TargetLibrary
from ..models import (
    Checklist,
    Draw,
    Inspection,
    InspectionOfficer,
    InspectionPlan,
    InspectionResult,
    InspectionTarget,
)
from ..rules import MIN_TEAM_SIZE, same_target_warning_days

TASK_KIND = "inspection"


def target_register(
    *,
    actor: Actor,
    party: Party,
    domain: Domain,
    organisation: Organisation,
    risk: str = RiskClass.BLUE,
    library: str = TargetLibrary.DOMAIN,
    region_code: str = "",
) -> InspectionTarget:
    """Put a party in a target library (检查对象库) for a domain, with its risk class."""
    if risk not in RiskClass.values:
        raise ValidationError("风险等级无效")
    if library not in TargetLibrary.values:
        raise ValidationError("对象库类型无效")
    with transaction.atomic():
        if InspectionTarget.objects.filter(party=party, domain=domain, library=library).exists():
            raise Conflict("该对象已在此检查对象库中")
        target = InspectionTarget.objects.create(
            party=party,
            name=party.name,
            domain=domain,
            library=library,
            region_code=region_code or party.region_code or organisation.region_code,
            risk=risk,
            organisation=organisation,
            address=party.address,
            created_by_id=actor.id,
        )
        audit_append(
            actor=actor,
            action="inspections.target.register",
            subject=target,
            payload={"party": party.pk, "domain": domain.pk, "risk": risk, "library": library},
        )
    return target


def target_set_risk(
    *, actor: Actor, target: InspectionTarget, risk: str, is_active: bool = True
) -> InspectionTarget:
    if risk not in RiskClass.values:
        raise ValidationError("风险等级无效")
    with transaction.atomic():
        before = target.risk
        target.risk, target.is_active = risk, is_active
        target.save(update_fields=["risk", "is_active"])
        audit_append(
            actor=actor,
            action="inspections.target.update",
            subject=target,
            payload={"risk": [before, risk], "is_active": is_active},
        )
    return target


def repeat_warnings(
    *, party_id: int, organisation_id: int, day: dt.date, exclude_pk: int | None = None
) -> list[str]:
    """A target inspected by a different unit within N days (issue #4: 30, configurable through
    settings.INSPECTIONS_REPEAT_WARNING_DAYS) — 国办发〔2024〕54号 asks to avoid repeated inspections."""
    days = same_target_warning_days(getattr(settings, "INSPECTIONS_REPEAT_WARNING_DAYS", None))
    since = day - dt.timedelta(days=days)
    rows = (
        Inspection.objects.filter(party_id=party_id, inspected_on__gte=since, inspected_on__lte=day)
        .exclude(organisation_id=organisation_id)
        .exclude(pk=exclude_pk or 0)
        .select_related("organisation")
        .order_by("-inspected_on")[:5]
    )
    return [
        f"该对象已于{row.inspected_on:%Y年%m月%d日}由{row.organisation.name}检查（{days}日内），请避免重复检查"
        for row in rows
        if row.inspected_on is not None
    ]


def _create_inspection(
    *,
    actor: Actor,
    organisation: Organisation,
    party: Party,
    domain_id: int,
    officers: Sequence[Officer],
    checklist: Checklist | None,
    due_on: dt.date | None,
    target: InspectionTarget | None = None,
    plan: InspectionPlan | None = None,
    draw: Draw | None = None,
    kind: str = PlanKind.RANDOM,
    today: dt.date,
) -> Inspection:
    inspection = Inspection.objects.create(
        kind=kind,
        plan=plan,
        draw=draw,
        target=target,
        party=party,
        party_name=party.name,
        organisation=organisation,
        region_code=organisation.region_code,
        domain_id=domain_id,
        checklist=checklist,
        due_on=due_on,
        place=party.address,
        warnings=repeat_warnings(party_id=party.pk, organisation_id=organisation.pk, day=today),
        created_by_id=actor.id,
    )
    InspectionOfficer.objects.bulk_create(
        [
            InspectionOfficer(inspection=inspection, officer=o, user_id=o.user_id, position=i)
            for i, o in enumerate(officers)
        ]
    )
    items = checklist.ordered_items() if checklist is not None else []
    InspectionResult.objects.bulk_create(
        [
            InspectionResult(
                inspection=inspection, item=item, position=i + 1, text=item.text, legal_basis=item.legal_basis
            )
            for i, item in enumerate(items)
        ]
    )
    url = reverse("inspections:execute", args=[inspection.pk])
    for officer in officers:
        if officer.user is not None:
            task_create(
                actor=actor,
                subject=inspection,
                organisation=organisation,
                kind=TASK_KIND,
                title=f"行政检查：{party.name}",
                assignee=officer.user,
                due_on=due_on,
                url=url,
            )
    audit_append(
        actor=actor,
        action="inspections.inspection.create",
        subject=inspection,
        payload={
            "party": party.pk,
            "kind": kind,
            "officers": [o.pk for o in officers],
            "plan": plan.pk if plan else None,
        },
    )
    return inspection


def inspection_create(
    *,
    actor: Actor,
    organisation: Organisation,
    party: Party,
    domain: Domain,
    officers: Sequence[Officer],
    checklist: Checklist | None = None,
    due_on: dt.date | None = None,
    today: dt.date | None = None,
    kind: str = PlanKind.ROUTINE,
    target: InspectionTarget | None = None,
) -> Inspection:
    """An inspection outside a random plan (日常/专项, from the target library or a clue)."""
    today = today or timezone.localdate()
    unique = list({o.pk: o for o in officers}.values())
    problems = []
    if kind not in (PlanKind.ROUTINE, PlanKind.SPECIAL):
        problems.append("单项检查的类型只能为日常检查或专项检查")
    if len(unique) < MIN_TEAM_SIZE:
        problems.append("行政检查须由两名以上执法人员实施（行政处罚法第四十二条）")
    if checklist is not None and checklist.domain_id != domain.pk:
        problems.append("检查单不属于本执法领域")
    if due_on is not None and due_on < today:
        problems.append("完成期限不能早于今天")
    if target is not None and (target.party_id != party.pk or not target.is_active):
        problems.append("检查对象不在检查对象库中")
    units = set(organisation_subtree_ids(organisation.pk))
    for officer in unique:
        if officer.organisation_id not in units or not officer.certificate_valid_on(today):
            problems.append(f"{officer.name}不是本单位（含下级单位）持有效执法证的执法人员")
    if problems:
        raise ValidationError("；".join(problems))
    with transaction.atomic():
        return _create_inspection(
            actor=actor,
            organisation=organisation,
            party=party,
            domain_id=domain.pk,
            officers=unique,
            checklist=checklist,
            due_on=due_on,
            target=target,
            kind=kind,
            today=today,
        )


def plan_dispatch(*, actor: Actor, plan: InspectionPlan, today: dt.date | None = None) -> list[Inspection]:
    """Turn the plan's current draw into inspection tasks, one worklist task per assigned officer."""
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = (
            InspectionPlan.objects.select_for_update(of=("self",))
            .select_related("organisation", "checklist")
            .get(pk=plan.pk)
        )
        if locked.state != PlanState.DRAWN:
            raise Conflict("计划尚未抽取或已派发")
        draw = Draw.objects.filter(plan=locked, is_current=True).first()
        if draw is None:
            raise Conflict("计划没有有效的抽取结果")
        targets = InspectionTarget.objects.select_related("party").in_bulk(draw.target_ids)
        all_ids = {o for team in draw.teams for o in team}
        officers = Officer.objects.select_related("user").in_bulk(all_ids)
        created = [
            _create_inspection(
                actor=actor,
                organisation=locked.organisation,
                party=targets[tid].party,
                domain_id=locked.domain_id,
                officers=[officers[o] for o in team],
                checklist=locked.checklist,
                due_on=locked.period_end,
                target=targets[tid],
                kind=locked.kind,
                plan=locked,
                draw=draw,
                today=today,
            )
            for tid, team in zip(draw.target_ids, draw.teams, strict=True)
        ]
        locked.state = PlanState.DISPATCHED
        locked.save(update_fields=["state"])
        audit_append(
            actor=actor,
            action="inspections.plan.dispatch",
            subject=locked,
            payload={"draw": draw.pk, "inspections": [i.pk for i in created]},
        )
    plan.state = PlanState.DISPATCHED
    return created
