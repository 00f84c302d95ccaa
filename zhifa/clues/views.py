"""线索 pages: list (filters, phone layout), registration, detail with actions, statistics.
Thin: parse → selector (authorise; out of scope = 404) → service → render."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhifa.core.errors import ApplicationError, NotFound, PermissionDenied, ValidationError
from zhifa.orgs.models import Domain, Officer, Organisation
from zhifa.orgs.scopes import has_perm
from zhifa.orgs.views.common import actor_of, guarded, paginate, query_without_page
from zhifa.parties.selectors import party_find_by_code
from zhifa.worklist.models import ApprovalRun, Deadline

from . import services
from .choices import ClueChannel, ClueOutcome, CluePriority, ClueState, ReplyChannel
from .hooks import detail_panels
from .models import Clue
from .permissions import CluePerm
from .selectors import (
    clue_content_for_user,
    clue_get_for_user,
    clue_in_scope,
    clue_list_for_user,
    clue_stats_for_user,
    scoped_clues,
)


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _decimal(value: str) -> Decimal | None:
    try:
        return Decimal(value) if value.strip() else None
    except InvalidOperation:
        raise ValidationError("经纬度格式有误") from None


@guarded(CluePerm.VIEW)
def clue_list(request: HttpRequest) -> HttpResponse:
    g = request.GET
    filters = {
        "channel": g.get("channel", ""),
        "state": g.get("state", ""),
        "domain": g.get("domain", ""),
        "q": g.get("q", "").strip(),
    }
    qs = clue_list_for_user(
        request.user, date_from=_date(g.get("date_from")), date_to=_date(g.get("date_to")), **filters
    )
    return render(
        request,
        "clues/clue_list.html",
        {
            "page": paginate(request, qs),
            "f": {**filters, "date_from": g.get("date_from", ""), "date_to": g.get("date_to", "")},
            "channels": ClueChannel.choices,
            "states": ClueState.choices,
            "domains": Domain.objects.all(),
            "query": query_without_page(request),
            "can_register": has_perm(request.user, CluePerm.REGISTER),
        },
    )


@guarded(CluePerm.REGISTER)
def clue_new(request: HttpRequest) -> HttpResponse:
    form: dict[str, Any] = request.POST.dict() if request.method == "POST" else {}
    if request.method == "POST":
        user: Any = request.user
        try:
            code = form.get("party_code", "").strip()
            party = party_find_by_code(user, code) if code else None
            if code and party is None:
                raise ValidationError("未在执法对象库中找到该代码对应的当事人")
            reporter = None
            if form.get("reporter_name") or form.get("reporter_phone") or form.get("reporter_email"):
                reporter = services.ReporterInput(
                    name=form.get("reporter_name", ""),
                    phone=form.get("reporter_phone", ""),
                    email=form.get("reporter_email", ""),
                    address=form.get("reporter_address", ""),
                    id_number=form.get("reporter_id_number", ""),
                    channel=form.get("reporter_channel", ReplyChannel.SMS),
                    wants_reply=form.get("reporter_channel", "") != ReplyChannel.NONE,
                    anonymous=bool(form.get("reporter_anonymous")),
                )
            clue = services.clue_register(
                actor=actor_of(request),
                organisation=user.organisation,
                channel=form.get("channel", ""),
                violation=form.get("violation", ""),
                content=form.get("content", ""),
                party=party,
                party_name=form.get("party_name", ""),
                place=form.get("place", ""),
                place_region_code=form.get("place_region_code", ""),
                lat=_decimal(form.get("lat", "")),
                lng=_decimal(form.get("lng", "")),
                domain=form.get("domain", ""),
                priority=form.get("priority", CluePriority.NORMAL),
                occurred_on=_date(form.get("occurred_on")),
                reporters=[reporter] if reporter else [],
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"线索已登记：{clue.number}")
            return redirect("clues:detail", pk=clue.pk)
    return render(
        request,
        "clues/clue_form.html",
        {
            "form": form,
            "channels": ClueChannel.choices,
            "priorities": CluePriority.choices,
            "reply_channels": ReplyChannel.choices,
            "domains": Domain.objects.all(),
        },
    )


def _actions(user: Any, clue: Clue, pending: ApprovalRun | None) -> dict[str, bool]:
    handle = clue_in_scope(user, clue, CluePerm.HANDLE)
    open_states = (ClueState.ACCEPTED, ClueState.ASSIGNED)
    return {
        "submit": clue.state == ClueState.REGISTERED
        and pending is None
        and clue_in_scope(user, clue, CluePerm.REGISTER),
        "suggestion": bool(clue.suggestion) and clue.state != ClueState.MERGED and handle,
        "assign": clue.state == ClueState.ACCEPTED and clue_in_scope(user, clue, CluePerm.ASSIGN),
        "assign_officer": clue.state == ClueState.ASSIGNED and clue_in_scope(user, clue, CluePerm.ASSIGN),
        "merge": clue.state in (ClueState.REGISTERED, *open_states) and handle,
        "open_case": clue.state in open_states and handle and clue.party_id is not None,
        "open_inspection": clue.state in open_states
        and handle
        and clue.party_id is not None
        and bool(clue.domain),
        "close": clue.state in open_states and handle,
        "reply": clue.state != ClueState.MERGED and clue_in_scope(user, clue, CluePerm.REPLY),
    }


@guarded(CluePerm.VIEW)
def clue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    clue = clue_get_for_user(user, pk)
    pending = ApprovalRun.objects.filter(
        subject_type="clues.clue", subject_id=clue.pk, status="pending"
    ).first()
    actions = _actions(user, clue, pending)
    duplicates = services.clue_duplicates(clue, within=scoped_clues(user)) if actions["merge"] else []
    return render(
        request,
        "clues/clue_detail.html",
        {
            "clue": clue,
            "content": clue_content_for_user(user, clue),
            "reporters": services.clue_reporters_for_user(actor=actor_of(request), user=user, clue=clue),
            "pending": pending,
            "actions": actions,
            "duplicates": duplicates,
            "merged": clue.merged_clues.all(),
            "deadlines": Deadline.objects.filter(subject_type="clues.clue", subject_id=clue.pk).order_by(
                "pk"
            ),
            "replies": clue.replies.select_related("reporter").order_by("-created_at"),
            "units": Organisation.objects.filter(is_active=True).order_by("region_code", "name")[:500],
            "officers": Officer.objects.filter(organisation_id=clue.handling_unit_id, is_active=True)
            if clue.handling_unit_id
            else [],
            "outcomes": [c for c in ClueOutcome.choices if c[0] != ClueOutcome.OPENED_CASE],
            "panels": detail_panels(request, clue),
        },
    )


PERM_FOR_ACTION = {
    "submit": CluePerm.REGISTER,
    "suggestion": CluePerm.HANDLE,
    "assign": CluePerm.ASSIGN,
    "assign_officer": CluePerm.ASSIGN,
    "merge": CluePerm.HANDLE,
    "open_case": CluePerm.HANDLE,
    "open_inspection": CluePerm.HANDLE,
    "close": CluePerm.HANDLE,
    "reply": CluePerm.REPLY,
}


def clue_do(user: Any, actor: Any, clue: Clue, action: str, data: dict[str, Any]) -> str:
    """Run one action on a clue the user may see; returns the Chinese success message. Shared by
    the page and the API."""
    perm = PERM_FOR_ACTION.get(action)
    if perm is None:
        raise NotFound()
    if not clue_in_scope(user, clue, perm):
        raise PermissionDenied("您无权办理该线索的此项操作")
    if action == "submit":
        services.clue_submit(actor=actor, clue=clue)
        return "已提交受理审批"
    if action == "suggestion":
        services.clue_apply_suggestion(actor=actor, clue=clue)
        return "已采纳甄别建议"
    if action == "assign":
        unit = Organisation.objects.filter(pk=data.get("unit") or 0).first()
        if unit is None:
            raise ValidationError("请选择办理单位")
        days = str(data.get("time_limit_days") or "").strip()
        services.clue_assign(
            actor=actor, clue=clue, unit=unit, time_limit_days=int(days) if days.isdigit() else None
        )
        return f"已分派至{unit.name}"
    if action == "assign_officer":
        officer = Officer.objects.filter(
            pk=data.get("officer") or 0, organisation_id=clue.handling_unit_id or 0
        ).first()
        if officer is None:
            raise ValidationError("请选择办理人")
        services.clue_assign_officer(actor=actor, clue=clue, officer=officer)
        return f"已指定办理人：{officer.name}"
    if action == "merge":
        into = clue_get_for_user(user, data.get("into") or 0)
        services.clue_merge(actor=actor, clue=clue, into=into, note=str(data.get("note", "")))
        return f"已并入线索{into.number}"
    if action == "open_case":
        case = services.clue_open_case(actor=actor, clue=clue, today=timezone.localdate())
        return f"已立案：{case.number}"
    if action == "open_inspection":
        ids = data.get("officers") or []
        chosen = list(
            Officer.objects.filter(
                pk__in=ids if isinstance(ids, list) else [ids], organisation_id=clue.handling_unit_id or 0
            )
        )
        inspection = services.clue_open_inspection(
            actor=actor, clue=clue, officers=chosen, today=timezone.localdate()
        )
        return f"已转入检查（{inspection.pk}）"
    if action == "close":
        services.clue_close(
            actor=actor, clue=clue, outcome=str(data.get("outcome", "")), note=str(data.get("note", ""))
        )
        return "线索已办结"
    replies = services.clue_reply(actor=actor, clue=clue, content=str(data.get("content", "")))
    return f"已向{len(replies)}名投诉举报人答复"


@guarded(CluePerm.VIEW)
@require_POST
def clue_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    clue = clue_get_for_user(request.user, pk)
    try:
        data: dict[str, Any] = {**request.POST.dict(), "officers": request.POST.getlist("officers")}
        messages.success(request, clue_do(request.user, actor_of(request), clue, action, data))
    except (ValidationError, PermissionDenied, ApplicationError) as exc:
        if isinstance(exc, NotFound):
            raise
        messages.error(request, exc.message)
    return redirect("clues:detail", pk=clue.pk)


@guarded(CluePerm.VIEW)
def clue_stats(request: HttpRequest) -> HttpResponse:
    date_from, date_to = _date(request.GET.get("date_from")), _date(request.GET.get("date_to"))
    stats = clue_stats_for_user(request.user, date_from=date_from, date_to=date_to)
    labels = dict(ClueChannel.choices)
    domains = dict(Domain.objects.values_list("code", "name"))
    for row in stats["by_channel"]:
        row["label"] = labels.get(row["channel"], row["channel"])
    for row in stats["by_domain"]:
        row["label"] = domains.get(row["domain"], row["domain"] or "未分类")
    return render(
        request,
        "clues/clue_stats.html",
        {
            "stats": stats,
            "date_from": request.GET.get("date_from", ""),
            "date_to": request.GET.get("date_to", ""),
        },
    )
