"""Pages of 行政强制执行 and the coercion case list (spec/02 §1.1.7: measures and enforcements by kind,
state and unit). Thin: selectors authorise, services write, errors become messages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhifa.cases.selectors import case_get_for_user
from zhifa.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from zhifa.orgs.models import Organisation
from zhifa.orgs.scopes import unit_subtree_ids
from zhifa.orgs.views.common import actor_of, guarded, paginate, query_without_page
from zhifa.parties.selectors import scoped_parties
from zhifa.worklist.selectors import approval_runs_for_subject, deadline_badge
from zhifa.worklist.services import deadlines_for_subject

from . import execution_rules as xr
from . import services
from .models import CourtOutcome, Enforcement, EnforcementKind, EnforcementRoute, EnforcementState
from .paperwork import documents_of
from .permissions import CoercionPerm
from .selectors import (
    LIST_KINDS,
    LIST_STATES,
    coercion_case_list_for_user,
    coercion_row,
    enforcement_get_for_user,
)
from .services.enforcement_common import court_window, demand_served_on, surcharge

S = EnforcementState
PLAN_ROWS = 4


@guarded(CoercionPerm.VIEW)
def coercion_case_list(request: HttpRequest) -> HttpResponse:
    g = request.GET
    user: Any = request.user
    unit = g.get("unit", "")
    qs = coercion_case_list_for_user(
        user,
        kind=g.get("kind", ""),
        state=g.get("state", ""),
        organisation=int(unit) if unit.isdigit() else None,
    )
    page = paginate(request, qs)
    units = (
        Organisation.objects.filter(pk__in=unit_subtree_ids(user)).order_by("name")
        if user.organisation_id
        else []
    )
    return render(
        request,
        "coercion/cases.html",
        {
            "page": page,
            "rows": [coercion_row(v) for v in page.object_list],
            "filters": g,
            "query": query_without_page(request),
            "kinds": LIST_KINDS,
            "states": LIST_STATES,
            "units": units,
        },
    )


def _day(value: str, label: str = "日期") -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        raise ValidationError(f"{label}格式应为YYYY-MM-DD") from None


def _need_day(value: str, label: str) -> date:
    day = _day(value, label)
    if day is None:
        raise ValidationError(f"请填写{label}")
    return day


def _moment(value: str) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ValidationError("时间格式应为YYYY-MM-DDTHH:MM") from None
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


@guarded(CoercionPerm.EXECUTION_HANDLE)
def enforcement_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    case_id = request.GET.get("case") or request.POST.get("case")
    case = case_get_for_user(user, case_id) if case_id else None
    organisation = case.organisation if case else user.organisation
    if organisation is None:
        raise NotFound()
    parties = None if case else scoped_parties(user).order_by("-id")[:200]
    form = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        party = None
        if case is None and form.get("party", "").isdigit():
            party = scoped_parties(user).filter(pk=int(form["party"])).first()
        try:
            row = services.enforcement_start(
                actor=actor_of(request),
                user=user,
                kind=form.get("kind", ""),
                route=form.get("route", ""),
                obligation=form.get("obligation", ""),
                case=case,
                party=party,
                organisation=organisation,
                principal=form.get("principal") or None,
                due_on=_day(form.get("due_on", ""), "履行期限"),
                decision_number=form.get("decision_number", ""),
                decision_received_on=_day(form.get("decision_received_on", ""), "收到决定日期"),
                demolition=form.get("demolition") == "1",
            )
            messages.success(request, "已登记强制执行")
            return redirect("coercion:enforcement_detail", pk=row.pk)
        except (ValidationError, Conflict, PermissionDenied) as exc:
            messages.error(request, exc.message)
    return render(
        request,
        "coercion/enforcement_new.html",
        {
            "case": case,
            "parties": parties,
            "form": form,
            "kinds": EnforcementKind.choices,
            "routes": EnforcementRoute.choices,
        },
    )


def _steps(row: Enforcement) -> list[tuple[str, str]]:
    """The steps the page offers in the row's state (the services check again)."""
    offered: list[tuple[str, str]] = []
    state = row.state
    if state == S.STARTED:
        offered.append(("demand", "催告（履行催告书）"))
        if row.kind == EnforcementKind.ACT:
            offered.append(("substitute_immediately", "立即代履行（第五十二条）"))
    if state == S.DEMANDED:
        offered.append(("statement", "记录陈述申辩及复核"))
        offered.append(
            ("request_decision", "提请强制执行决定")
            if row.route == EnforcementRoute.SELF
            else ("apply_to_court", "申请人民法院强制执行")
        )
    if state == S.DECIDED:
        if row.decision_served_on is None:
            offered.append(("serve_decision", "登记决定书送达"))
        elif row.substitute_state == "decided":
            offered.append(("substitute_demand", "代履行前催告"))
        else:
            offered.append(("carry_out", "实施强制执行" if not row.substitute_state else "实施代履行"))
    if state == S.COURT_APPLIED:
        if row.court_accepted_on is None and not row.court_outcome:
            offered.append(("court_accept", "登记法院受理"))
        elif row.court_accepted_on and not row.court_ruled_on:
            if not row.court_heard:
                offered.append(("court_hearing", "法院听取意见（三十日）"))
            offered.append(("court_ruling", "登记法院裁定"))
    if state in (S.DEMANDED, S.DECIDED):
        offered.append(("agree", "签订执行协议"))
    if state == S.AGREEMENT:
        offered.append(("agreement_broken", "当事人不履行执行协议"))
    if state in (S.DEMANDED, S.DECIDED, S.AGREEMENT, S.COURT_APPLIED):
        offered.append(("suspend", "中止执行"))
    if state == S.SUSPENDED:
        offered.append(("resume", "恢复执行"))
    if state not in (S.EXECUTED, S.TERMINATED, S.DECIDING):
        if state != S.SUSPENDED:
            offered.append(("performed", "当事人已履行"))
        offered.append(("terminate", "终结执行"))
    return offered


@guarded(CoercionPerm.VIEW)
def enforcement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    row = enforcement_get_for_user(request.user, pk)
    today = timezone.localdate()
    return render(
        request,
        "coercion/enforcement_detail.html",
        {
            "e": row,
            "steps": _steps(row),
            "demand_served_on": demand_served_on(row),
            "surcharge": surcharge(row, today),
            "window": court_window(row),
            "substitute_earliest": xr.substitute_earliest(row.substitute_demand_on)
            if row.substitute_demand_on
            else None,
            "deadlines": [(d, deadline_badge(d)) for d in deadlines_for_subject(row)],
            "approvals": approval_runs_for_subject(row),
            "documents": documents_of(row),
            "suspend_grounds": services.SUSPEND_GROUNDS.items(),
            "terminate_grounds": services.TERMINATE_GROUNDS.items(),
            "court_outcomes": [(CourtOutcome.ENFORCE, "裁定准予执行"), (CourtOutcome.REFUSE, "裁定不予执行")],
            "plan_rows": range(PLAN_ROWS),
            "night": xr.night_hours(),
        },
    )


def _plan(post: Any) -> list[dict[str, str]]:
    dues, contents = post.getlist("plan_due_on"), post.getlist("plan_content")
    return [{"due_on": d, "content": c} for d, c in zip(dues, contents, strict=False) if d or c]


def _actions(request: HttpRequest, row: Enforcement) -> dict[str, Callable[[], Any]]:
    actor, user, p = actor_of(request), request.user, request.POST
    base: dict[str, Any] = {"actor": actor, "user": user, "enforcement": row}
    return {
        "demand": lambda: services.enforcement_demand(
            **base,
            days=int(p.get("days") or 0),
            method=p.get("method", ""),
            served_on=_need_day(p.get("served_on", ""), "送达日"),
            service_method=p.get("service_method") or "direct",
            receipt_date=_day(p.get("receipt_date", ""), "回执日期"),
        ),
        "statement": lambda: services.enforcement_statement(
            **base,
            statement=p.get("statement", ""),
            on=_need_day(p.get("on", ""), "陈述申辩日期"),
            review=p.get("review", ""),
            adopted=p.get("adopted") == "1",
        ),
        "request_decision": lambda: services.enforcement_request_decision(
            **base,
            measure_text=p.get("measure_text", ""),
            substitute=p.get("substitute") == "1",
            performer=p.get("performer", ""),
            cost=p.get("cost") or None,
        ),
        "serve_decision": lambda: services.enforcement_serve_decision(
            **base, served_on=_need_day(p.get("served_on", ""), "送达日")
        ),
        "substitute_demand": lambda: services.enforcement_substitute_demand(
            **base, on=_need_day(p.get("on", ""), "催告日")
        ),
        "carry_out": lambda: services.enforcement_carry_out(
            **base,
            at=_moment(p.get("at", "")),
            emergency=p.get("emergency") == "1",
            emergency_reason=p.get("emergency_reason", ""),
            note=p.get("note", ""),
        ),
        "substitute_immediately": lambda: services.enforcement_substitute_immediately(
            **base,
            at=_moment(p.get("at", "")) or timezone.now(),
            reason=p.get("reason", ""),
            performer=p.get("performer", ""),
            cost=p.get("cost") or None,
        ),
        "performed": lambda: services.enforcement_record_performance(
            **base, on=_need_day(p.get("on", ""), "履行日期"), note=p.get("note", "")
        ),
        "agree": lambda: services.enforcement_agree(
            **base,
            on=_need_day(p.get("on", ""), "协议签订日"),
            plan=_plan(p),
            waive=p.get("waive") or None,
            remedied=p.get("remedied") == "1",
        ),
        "agreement_broken": lambda: services.enforcement_agreement_broken(
            **base, on=_need_day(p.get("on", ""), "日期")
        ),
        "suspend": lambda: services.enforcement_suspend(
            **base,
            on=_need_day(p.get("on", ""), "中止日期"),
            ground=p.get("ground", ""),
            reason=p.get("reason", ""),
        ),
        "resume": lambda: services.enforcement_resume(
            **base, on=_need_day(p.get("on", ""), "恢复日期"), reason=p.get("reason", "")
        ),
        "terminate": lambda: services.enforcement_terminate(
            **base,
            on=_need_day(p.get("on", ""), "终结日期"),
            ground=p.get("ground", ""),
            reason=p.get("reason", ""),
        ),
        "apply_to_court": lambda: services.enforcement_apply_to_court(
            **base,
            applied_on=_need_day(p.get("applied_on", ""), "申请日期"),
            court_name=p.get("court_name", ""),
        ),
        "court_accept": lambda: services.enforcement_court_accept(
            **base,
            on=_need_day(p.get("on", ""), "受理日期"),
            accepted=p.get("accepted", "1") == "1",
            heard=p.get("heard") == "1",
            note=p.get("note", ""),
        ),
        "court_hearing": lambda: services.enforcement_court_hearing(**base),
        "court_ruling": lambda: services.enforcement_court_ruling(
            **base,
            on=_need_day(p.get("on", ""), "裁定日期"),
            outcome=p.get("outcome", ""),
            note=p.get("note", ""),
        ),
    }


@require_POST
@guarded(CoercionPerm.VIEW)
def enforcement_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    row = enforcement_get_for_user(request.user, pk)
    version = request.POST.get("version", "")
    if version.isdigit():
        row.version = int(version)  # the version the user saw: a stale form gets a conflict
    actions = _actions(request, row)
    if step not in actions:
        raise NotFound()
    try:
        actions[step]()
        messages.success(request, "操作成功")
    except (ValidationError, Conflict, PermissionDenied) as exc:
        messages.error(request, exc.message)
    return redirect("coercion:enforcement_detail", pk=pk)
