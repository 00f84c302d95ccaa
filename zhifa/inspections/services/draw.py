"""The 双随机 draw: random targets from the library and random certified officers, reproducible."""

from __future__ import annotations

import datetime as dt
import random
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from zhifa.core.audit import Actor, audit_append
from zhifa.core.errors import Conflict, ValidationError
from zhifa.orgs.choices import CertificateStatus
from zhifa.orgs.models import Officer
from zhifa.orgs.scopes import organisation_subtree_ids

from ..choices import InspectionState, PlanState, RiskClass
from ..models import Draw, DrawEntry, InspectionOfficer, InspectionPlan, InspectionTarget
from ..models.targets import OfficerConflict
from ..rules import MIN_TEAM_SIZE, assign_teams, class_weighted_sample, draw_digest


@dataclass
class DrawResult:
    """What a draw computes from (plan, seed, day); `inspection_draw` stores it."""

    seed: int
    drawn_on: dt.date
    inputs: dict[str, Any]
    candidate_count: int
    officer_ids: list[int]
    target_ids: list[int] = field(default_factory=list)
    risks: list[str] = field(default_factory=list)
    teams: list[list[int]] = field(default_factory=list)
    digest: str = ""


def plan_target_region(plan: InspectionPlan) -> str:
    return plan.target_region or plan.region_code


def candidate_groups(plan: InspectionPlan) -> dict[str, list[int]]:
    """Candidate target ids per risk class, set-based: one SELECT of (id, risk) through the draw
    index, run on the cursor (no model instances, no per-row ORM conversion); ids sorted so the
    order — and hence the draw — never depends on the database's row order."""
    risks = [r for r in plan.risks if r in RiskClass.values]
    qs = InspectionTarget.objects.filter(
        domain_id=plan.domain_id,
        is_active=True,
        region_code__startswith=plan_target_region(plan),
        risk__in=risks,
    ).order_by()
    sql, params = qs.values_list("id", "risk").query.sql_with_params()
    groups: dict[str, list[int]] = {r: [] for r in risks}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    appenders = {r: groups[r].append for r in risks}
    for tid, risk in rows:
        appenders[risk](tid)
    for ids in groups.values():
        ids.sort()
    return groups


def plan_officer_unit_ids(plan: InspectionPlan) -> list[int]:
    """The units whose officers the plan draws from (随机抽取执法人员): the units the plan names —
    its own unit when it names none — and, when the plan says so, all their sub-units."""
    units = sorted({int(u) for u in (plan.officer_unit_ids or [])}) or [plan.organisation_id]
    if plan.include_sub_units:
        units = sorted({sub for u in units for sub in organisation_subtree_ids(u)})
    return units


def eligible_officer_ids(plan: InspectionPlan, day: dt.date) -> list[int]:
    """Officers of the plan's units, active, certified for the plan's domain, with a certificate
    valid on the draw day (处罚法 Art. 42; RULES.md 1.6)."""
    qs = Officer.objects.filter(
        organisation_id__in=plan_officer_unit_ids(plan),
        is_active=True,
        certificate_status=CertificateStatus.VALID,
        certificate_valid_from__lte=day,
        certificate_valid_to__gte=day,
        domains=plan.domain_id,
    ).order_by("pk")
    return sorted(set(qs.values_list("pk", flat=True)))


def officer_conflicts(
    plan: InspectionPlan, party_by_target: dict[int, int], officer_ids: list[int], day: dt.date
) -> dict[int, set[int]]:
    """target id → officers barred from it: the configured conflict list (回避) and officers who
    inspected the same party within the plan's lookback window."""
    by_party: dict[int, set[int]] = {}
    party_ids = set(party_by_target.values())
    if not party_ids or not officer_ids:
        return {}
    listed = OfficerConflict.objects.filter(party_id__in=party_ids, officer_id__in=officer_ids)
    for party_id, officer_id in listed.values_list("party_id", "officer_id"):
        by_party.setdefault(party_id, set()).add(officer_id)
    cutoff = day - dt.timedelta(days=plan.lookback_days)
    cutoff_at = timezone.make_aware(dt.datetime.combine(cutoff, dt.time.min))
    recent = InspectionOfficer.objects.filter(
        Q(inspection__inspected_on__gte=cutoff)
        | Q(inspection__inspected_on__isnull=True, inspection__created_at__gte=cutoff_at),
        inspection__party_id__in=party_ids,
        officer_id__in=officer_ids,
    ).exclude(inspection__state=InspectionState.CANCELLED)
    for party_id, officer_id in recent.values_list("inspection__party_id", "officer_id"):
        by_party.setdefault(party_id, set()).add(officer_id)
    return {tid: by_party[pid] for tid, pid in party_by_target.items() if pid in by_party}


def draw_compute(plan: InspectionPlan, *, seed: int, day: dt.date) -> DrawResult:
    """The draw for (plan, seed, day) against the current library and officers. Pure in its inputs:
    the same seed over the same library gives the same targets and the same teams."""
    weights = {str(k): float(v) for k, v in (plan.risk_weights or {}).items()}
    if any(w < 0 for w in weights.values()):
        raise ValidationError("风险权重不能为负数")
    team_size = max(plan.team_size, MIN_TEAM_SIZE)
    groups = candidate_groups(plan)
    officer_ids = eligible_officer_ids(plan, day)
    inputs = {
        "domain": plan.domain_id,
        "region": plan_target_region(plan),
        "risks": sorted(groups),
        "weights": weights,
        "sample_size": plan.sample_size,
        "team_size": team_size,
        "lookback_days": plan.lookback_days,
        "officer_units": plan_officer_unit_ids(plan),
        "candidates": {r: len(ids) for r, ids in groups.items()},
        "officers": officer_ids,
        "drawn_on": day.isoformat(),
    }
    result = DrawResult(
        seed=seed,
        drawn_on=day,
        inputs=inputs,
        candidate_count=sum(len(v) for v in groups.values()),
        officer_ids=officer_ids,
    )
    rng = random.Random(seed)
    picked = class_weighted_sample(groups, weights, plan.sample_size, rng)
    result.target_ids = [tid for tid, _ in picked]
    result.risks = [risk for _, risk in picked]
    party_by_target = dict(
        InspectionTarget.objects.filter(pk__in=result.target_ids).values_list("pk", "party_id").order_by()
    )
    conflicts = officer_conflicts(plan, party_by_target, officer_ids, day)
    teams, short = assign_teams(result.target_ids, officer_ids, conflicts, team_size, rng)
    if short:
        raise ValidationError(
            f"有{len(short)}个抽中对象找不到{team_size}名无需回避且持有本领域有效执法证的执法人员，"
            "请补充执法人员或调整回避名单后重新抽取",
            extra={"targets": short[:20]},
        )
    result.teams = teams
    result.digest = draw_digest(plan_id=plan.pk, seed=seed, target_ids=result.target_ids, teams=teams)
    return result


def inspection_draw(
    *, actor: Actor, plan: InspectionPlan, seed: int | None = None, day: dt.date | None = None
) -> Draw:
    """双随机 draw for a plan: store the seed, inputs, result and its SM3 digest, audit the draw.
    A plan can be redrawn until it is dispatched; earlier draws stay recorded (is_current=False)."""
    day = day or timezone.localdate()
    seed = secrets.randbits(62) if seed is None else int(seed)
    if not 0 <= seed < 2**63:
        raise ValidationError("随机种子须为0至2^63-1之间的整数")
    if plan.sample_size < 1:
        raise ValidationError("抽取对象数须大于0")
    with transaction.atomic():
        locked = InspectionPlan.objects.select_for_update().select_related("organisation").get(pk=plan.pk)
        if locked.state not in (PlanState.DRAFT, PlanState.DRAWN):
            raise Conflict("计划已派发，不能重新抽取")
        result = draw_compute(locked, seed=seed, day=day)
        if not result.target_ids:
            raise ValidationError("检查对象库中没有符合条件的对象")
        Draw.objects.filter(plan=locked, is_current=True).update(is_current=False)
        draw = Draw.objects.create(
            plan=locked,
            organisation_id=locked.organisation_id,
            region_code=locked.region_code,
            seed=seed,
            drawn_on=day,
            drawn_at=timezone.now(),
            drawn_by_id=actor.id,
            inputs=result.inputs,
            candidate_count=result.candidate_count,
            officer_count=len(result.officer_ids),
            target_ids=result.target_ids,
            teams=result.teams,
            digest=result.digest,
        )
        _store_entries(draw, result)
        locked.state = PlanState.DRAWN
        locked.save(update_fields=["state"])
        audit_append(
            actor=actor,
            action="inspections.draw.create",
            subject=draw,
            payload={
                "plan": locked.pk,
                "seed": seed,
                "inputs": result.inputs,
                "targets": result.target_ids,
                "teams": result.teams,
                "digest": result.digest,
            },
        )
    plan.state = PlanState.DRAWN
    return draw


def draw_publish(*, actor: Actor, plan: InspectionPlan) -> Draw:
    """一公开: publish the plan's current draw (targets and teams) on the public portal's 执法计划
    page — once the tasks are dispatched, so the draw never warns a target before the inspection
    (国办发〔2015〕58号 双随机一公开; RULES P1 random-inspection list). Published once; audited."""
    with transaction.atomic():
        locked = InspectionPlan.objects.select_for_update().get(pk=plan.pk)
        if locked.state not in (PlanState.DISPATCHED, PlanState.CLOSED):
            raise Conflict("检查任务派发后方可公示抽取结果")
        draw = Draw.objects.select_for_update().filter(plan=locked, is_current=True).first()
        if draw is None:
            raise ValidationError("该计划没有有效的抽取结果")
        if draw.published_at is not None:
            raise Conflict("抽取结果已公示")
        draw.published_at = timezone.now()
        draw.save(update_fields=["published_at"])
        audit_append(
            actor=actor,
            action="inspections.draw.publish",
            subject=draw,
            payload={"plan": locked.pk, "digest": draw.digest, "targets": len(draw.target_ids)},
        )
    return draw


def _store_entries(draw: Draw, result: DrawResult) -> None:
    targets = InspectionTarget.objects.in_bulk(result.target_ids)
    names = dict(Officer.objects.filter(pk__in=result.officer_ids).values_list("pk", "name"))
    DrawEntry.objects.bulk_create(
        [
            DrawEntry(
                draw=draw,
                position=i + 1,
                target_id=tid,
                party_id=targets[tid].party_id,
                target_name=targets[tid].name,
                risk=result.risks[i],
                officer_ids=team,
                officer_names="、".join(names.get(o, "") for o in team)[:200],
            )
            for i, (tid, team) in enumerate(zip(result.target_ids, result.teams, strict=True))
        ],
        batch_size=500,
    )


def draw_verify(draw: Draw) -> bool:
    """Recompute the stored digest from the stored result (tamper check of the published list)."""
    expected = draw_digest(plan_id=draw.plan_id, seed=draw.seed, target_ids=draw.target_ids, teams=draw.teams)
    return expected == draw.digest


def draw_replay(draw: Draw) -> DrawResult:
    """Redo the draw from its recorded seed and day (same library → same result)."""
    return draw_compute(draw.plan, seed=draw.seed, day=draw.drawn_on)
