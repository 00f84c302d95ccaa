"""Measure pages: the list (kind, state, expiring soon), the new-measure form (from a case via
?case=<id>, or standalone with a party), the measure page with the actions on offer. Thin:
selectors authorise, services write, errors become messages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhifa.cases.selectors import case_get_for_user
from zhifa.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from zhifa.orgs.models import Officer
from zhifa.orgs.views.common import actor_of, guarded, paginate, query_without_page
from zhifa.parties.selectors import scoped_parties
from zhifa.worklist.selectors import approval_runs_for_subject, deadline_badge
from zhifa.worklist.services import deadlines_for_subject

from . import rules, services
from .models import Measure, MeasureKind, MeasureState, ReleaseGround
from .paperwork import documents_of
from .permissions import CoercionPerm
from .selectors import measure_get_for_user, measure_list_for_user

ITEM_ROWS = 5


@guarded(CoercionPerm.VIEW)
def measure_list(request: HttpRequest) -> HttpResponse:
    g = request.GET
    qs = measure_list_for_user(
        request.user, kind=g.get("kind", ""), state=g.get("state", ""), expiring=g.get("expiring") == "1"
    )
    return render(
        request,
        "coercion/list.html",
        {
            "page": paginate(request, qs),
            "filters": g,
            "query": query_without_page(request),
            "kinds": MeasureKind.choices,
            "states": MeasureState.choices,
        },
    )


def _items(post: Any) -> list[dict[str, str]]:
    fields = ("name", "spec", "quantity", "place")
    columns = {f: post.getlist(f"item_{f}") for f in fields}
    count = max((len(v) for v in columns.values()), default=0)
    return [{f: (columns[f][i] if i < len(columns[f]) else "") for f in fields} for i in range(count)]


@guarded(CoercionPerm.HANDLE)
def measure_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    case_id = request.GET.get("case") or request.POST.get("case")
    case = case_get_for_user(user, case_id) if case_id else None
    organisation = case.organisation if case else user.organisation
    if organisation is None:
        raise NotFound()
    officers = Officer.objects.filter(organisation_id=organisation.pk, is_active=True).order_by("name")
    parties = None if case else scoped_parties(user).order_by("-id")[:200]
    form = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        party = None
        if case is None and form.get("party", "").isdigit():
            party = scoped_parties(user).filter(pk=int(form["party"])).first()
        start = services.measure_take_urgently if form.get("urgent") == "1" else services.measure_request
        try:
            measure = start(
                actor=actor_of(request),
                user=user,
                kind=form.get("kind", ""),
                reason=form.get("reason", ""),
                items=_items(request.POST),
                place=form.get("place", ""),
                officer_ids=[int(i) for i in request.POST.getlist("officers") if i.isdigit()],
                case=case,
                party=party,
                organisation=organisation,
            )
            messages.success(request, "已当场实施，请在24小时内补办批准" if measure.urgent else "已提请审批")
            return redirect("coercion:detail", pk=measure.pk)
        except (ValidationError, Conflict, PermissionDenied) as exc:
            messages.error(request, exc.message)
    return render(
        request,
        "coercion/new.html",
        {
            "case": case,
            "parties": parties,
            "officers": officers,
            "kinds": MeasureKind.choices,
            "form": form,
            "item_rows": range(ITEM_ROWS),
        },
    )


def _steps(row: Measure) -> list[tuple[str, str]]:
    """The actions the page offers (the services check again)."""
    offered: list[tuple[str, str]] = []
    if row.state == MeasureState.IN_FORCE and not row.extended and not row.extension_requested_at:
        offered.append(("extend", "提请延长期限"))
    if row.state in (MeasureState.IN_FORCE, MeasureState.EXTENDED):
        offered.append(
            ("testing_end", "检测结束") if row.testing_open else ("testing_start", "开始检测、检验")
        )
    if row.state in (MeasureState.IN_FORCE, MeasureState.EXTENDED, MeasureState.REFUSED_AFTER):
        offered.append(("release", "解除强制措施"))
    return offered


@guarded(CoercionPerm.VIEW)
def measure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    row = measure_get_for_user(request.user, pk)
    officers = list(Officer.objects.filter(pk__in=row.officer_ids).order_by("name"))
    return render(
        request,
        "coercion/detail.html",
        {
            "m": row,
            "officers": officers,
            "steps": _steps(row),
            "grounds": ReleaseGround.choices,
            "urgent_due_at": rules.urgent_due_at(row.started_at) if row.urgent and row.started_at else None,
            "deadlines": [(d, deadline_badge(d)) for d in deadlines_for_subject(row)],
            "approvals": approval_runs_for_subject(row),
            "documents": documents_of(row),
        },
    )


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        raise ValidationError("日期格式应为YYYY-MM-DD") from None


@require_POST
@guarded(CoercionPerm.VIEW)
def measure_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    row = measure_get_for_user(request.user, pk)
    version = request.POST.get("version", "")
    if version.isdigit():
        row.version = int(version)  # the version the user saw: a stale form gets a conflict
    actor, user, post = actor_of(request), request.user, request.POST
    actions: dict[str, Callable[[], Measure]] = {
        "extend": lambda: services.measure_extend(
            actor=actor, user=user, measure=row, reason=post.get("reason", "")
        ),
        "testing_start": lambda: services.measure_testing_start(
            actor=actor, user=user, measure=row, what=post.get("what", ""), on=_day(post.get("on", ""))
        ),
        "testing_end": lambda: services.measure_testing_end(
            actor=actor, user=user, measure=row, on=_day(post.get("on", ""))
        ),
        "release": lambda: services.measure_release(
            actor=actor,
            user=user,
            measure=row,
            ground=post.get("ground", ""),
            note=post.get("note", ""),
            on=_day(post.get("on", "")),
        ),
    }
    if step not in actions:
        raise NotFound()
    try:
        actions[step]()
        messages.success(request, "操作成功")
    except (ValidationError, Conflict, PermissionDenied) as exc:
        messages.error(request, exc.message)
    return redirect("coercion:detail", pk=pk)
