"""Pages to create and edit inspection plans, and to open a single inspection of a library target
(thin: selector authorises → parse → one service → render)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from zhifa.core.errors import ApplicationError, NotFound, ValidationError
from zhifa.orgs.models import Domain, Organisation
from zhifa.orgs.scopes import organisation_subtree_ids
from zhifa.orgs.views.common import actor_of, guarded

from .choices import DEFAULT_RISK_WEIGHTS, PlanKind, PlanState, RiskClass
from .models import InspectionPlan
from .parsing import Problems, officers_from, parse_date, pick, plan_input
from .permissions import InspectionPerm
from .selectors import (
    certified_officers,
    checklists_for,
    plan_get_for_planning,
    planning_units,
    target_get_for_user,
)
from .services import inspection_create, plan_save


def _plan_initial(plan: InspectionPlan | None) -> dict[str, Any]:
    if plan is None:
        today = timezone.localdate()
        return {
            "kind": PlanKind.RANDOM,
            "period_start": today.isoformat(),
            "period_end": (today + dt.timedelta(days=30)).isoformat(),
            "team_size": "2",
            "lookback_days": "365",
            "risks": list(RiskClass.values),
            **{f"weight_{k}": str(v) for k, v in DEFAULT_RISK_WEIGHTS.items()},
            "officer_units": [],
        }
    return {
        "name": plan.name,
        "kind": plan.kind,
        "domain": str(plan.domain_id),
        "checklist": str(plan.checklist_id or ""),
        "period_start": plan.period_start.isoformat(),
        "period_end": plan.period_end.isoformat(),
        "sample_size": str(plan.sample_size),
        "team_size": str(plan.team_size),
        "lookback_days": str(plan.lookback_days),
        "target_region": plan.target_region,
        "risks": list(plan.risks),
        **{f"weight_{k}": str(v) for k, v in (plan.risk_weights or {}).items()},
        "officer_units": [str(u) for u in plan.officer_unit_ids],
        "include_sub_units": "1" if plan.include_sub_units else "",
    }


def _posted(request: HttpRequest) -> dict[str, Any]:
    p = request.POST
    form: dict[str, Any] = {k: p.get(k, "") for k in p}
    form["risks"] = p.getlist("risks")
    form["officer_units"] = p.getlist("officer_units")
    return form


def _plan_form(request: HttpRequest, plan: InspectionPlan | None) -> HttpResponse:
    user: Any = request.user
    checklists, units = checklists_for(user), planning_units(user)
    errors: dict[str, list[str]] = {}
    form = _plan_initial(plan)
    if request.method == "POST":
        form = _posted(request)
        try:
            data = plan_input(request.POST, checklists=checklists, units=units)
            organisation = (
                Organisation.objects.get(pk=user.organisation_id) if plan is None else plan.organisation
            )
            saved = plan_save(actor=actor_of(request), organisation=organisation, data=data, plan=plan)
            messages.success(request, "检查计划已保存，可以进行双随机抽取")
            return redirect("inspections:plan_detail", saved.pk)
        except ValidationError as exc:
            errors = exc.fields or {}
            messages.error(request, exc.message)
        except ApplicationError as exc:
            messages.error(request, exc.message)
    return render(
        request,
        "inspections/plan_form.html",
        {
            "plan": plan,
            "form": form,
            "errors": errors,
            "domains": Domain.objects.order_by("sort_order", "code"),
            "checklists": checklists,
            "units": units,
            "kinds": PlanKind.choices,
            "risks": RiskClass.choices,
        },
    )


@guarded(InspectionPerm.PLAN)
def plan_new(request: HttpRequest) -> HttpResponse:
    if not getattr(request.user, "organisation_id", None):
        raise NotFound("您未分配单位，不能制定检查计划")
    return _plan_form(request, None)


@guarded(InspectionPerm.PLAN)
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_get_for_planning(request.user, pk)
    if plan.state != PlanState.DRAFT:
        messages.error(request, "只有草拟状态的计划可以修改")
        return redirect("inspections:plan_detail", plan.pk)
    return _plan_form(request, plan)


@guarded(InspectionPerm.HANDLE)
def target_inspect(request: HttpRequest, pk: int) -> HttpResponse:
    """新建检查 (日常检查/专项检查) of one library target by ≥2 certified officers of the user's unit."""
    user: Any = request.user
    target = target_get_for_user(user, pk)
    if not user.organisation_id:
        raise NotFound()
    today = timezone.localdate()
    officers = certified_officers(organisation_subtree_ids(user.organisation_id), target.domain_id, today)
    checklists = checklists_for(user).filter(domain_id=target.domain_id)
    form: dict[str, Any] = {"kind": PlanKind.ROUTINE, "officers": []}
    own = getattr(user, "officer", None)
    if own is not None:
        form["officers"] = [str(own.pk)]
    if request.method == "POST":
        p = request.POST
        form = {
            "kind": p.get("kind", ""),
            "officers": p.getlist("officers"),
            "checklist": p.get("checklist", ""),
        }
        form["due_on"] = p.get("due_on", "")
        try:
            problems = Problems()
            checklist = pick(checklists, p.get("checklist"), "checklist", "检查单", problems, required=False)
            due_on = parse_date(p, "due_on", "完成期限", problems, required=False)
            problems.raise_if_any()
            inspection = inspection_create(
                actor=actor_of(request),
                organisation=Organisation.objects.get(pk=user.organisation_id),
                party=target.party,
                domain=target.domain,
                officers=officers_from(p, officers),
                checklist=checklist,
                due_on=due_on,
                kind=p.get("kind", ""),
                target=target,
                today=today,
            )
            messages.success(request, "检查任务已创建并派发给执法人员")
            return redirect("inspections:detail", inspection.pk)
        except ApplicationError as exc:
            messages.error(request, exc.message)
    return render(
        request,
        "inspections/target_inspect.html",
        {
            "target": target,
            "officers": officers,
            "checklists": checklists,
            "form": form,
            "kinds": [(PlanKind.ROUTINE, PlanKind.ROUTINE.label), (PlanKind.SPECIAL, PlanKind.SPECIAL.label)],
        },
    )
