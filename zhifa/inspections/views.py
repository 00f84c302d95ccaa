"""Pages of the inspections app (thin: selector authorises → one service → render)."""

from __future__ import annotations

import base64
import binascii

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhifa.core.errors import ApplicationError, ValidationError
from zhifa.orgs.models import Organisation
from zhifa.orgs.scopes import has_perm
from zhifa.orgs.views.common import actor_of, guarded, paginate, query_without_page

from .choices import InspectionState, ItemResult, RiskClass, TargetLibrary
from .models import Inspection
from .parsing import Problems, parse_date
from .permissions import InspectionPerm
from .selectors import (
    current_draw,
    draw_entries,
    inspection_can_execute,
    inspection_evidence,
    inspection_get_for_execution,
    inspection_get_for_user,
    inspection_list_for_user,
    inspection_transfers,
    plan_can_draw,
    plan_get_for_planning,
    plan_get_for_user,
    plan_list_for_user,
    target_list_for_user,
)
from .services import (
    draw_publish,
    inspection_capture,
    inspection_draw,
    inspection_finish,
    inspection_record,
    plan_dispatch,
)


def _list(request: HttpRequest, *, mine: bool) -> HttpResponse:
    g = request.GET
    qs = inspection_list_for_user(request.user, state=g.get("state", ""), q=g.get("q", ""), mine=mine)
    return render(
        request,
        "inspections/inspection_list.html",
        {
            "page": paginate(request, qs),
            "filters": g,
            "query": query_without_page(request),
            "states": InspectionState.choices,
            "mine": mine,
        },
    )


@guarded(InspectionPerm.VIEW)
def inspection_list(request: HttpRequest) -> HttpResponse:
    return _list(request, mine=False)


@guarded(InspectionPerm.VIEW)
def my_inspections(request: HttpRequest) -> HttpResponse:
    """我的检查: the inspections the user is an officer of."""
    return _list(request, mine=True)


@guarded(InspectionPerm.VIEW)
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = inspection_get_for_user(request.user, pk)
    from zhifa.documents.models import Document

    documents = Document.objects.filter(subject_type="inspections.inspection", subject_id=inspection.pk)
    return render(
        request,
        "inspections/inspection_detail.html",
        {
            "inspection": inspection,
            "results": inspection.results.order_by("position"),
            "officers": inspection.officer_links.select_related("officer"),
            "documents": documents.order_by("pk"),
            "can_execute": inspection_can_execute(request.user, inspection)
            and inspection.state in (InspectionState.ASSIGNED, InspectionState.IN_PROGRESS),
            "transfers": inspection_transfers(inspection),
            "evidence": inspection_evidence(inspection),
        },
    )


def _signature_png(data_url: str) -> bytes | None:
    """The hand-drawn signature posted as a data: URL by the signature pad (PNG only)."""
    prefix = "data:image/png;base64,"
    if not data_url:
        return None
    if not data_url.startswith(prefix):
        raise ValidationError("签名图片格式无效")
    try:
        return base64.b64decode(data_url[len(prefix) :], validate=True)
    except (binascii.Error, ValueError):
        raise ValidationError("签名图片格式无效") from None


def _finish(request: HttpRequest, inspection: Inspection) -> Inspection:
    p = request.POST
    problems = Problems()
    rectify_on = p.get("rectify") == "1"
    due = parse_date(p, "rectify_due_on", "改正期限", problems, required=rectify_on)
    problems.raise_if_any()
    return inspection_finish(
        actor=actor_of(request),
        inspection=inspection,
        party_signature=p.get("party_signature", ""),
        officer_signatures=[p.get("officer_signature_1", ""), p.get("officer_signature_2", "")],
        open_case=p.get("open_case") == "1",
        rectify_due_on=due if rectify_on else None,
        rectify_requirements=p.get("rectify_requirements", ""),
        open_clue=p.get("open_clue") == "1",
    )


@guarded(InspectionPerm.VIEW)
def inspection_execute(request: HttpRequest, pk: int) -> HttpResponse:
    """The field page (390 px): results per item, findings, photos, signatures, outcome, finish."""
    inspection = inspection_get_for_execution(request.user, pk)
    results = list(inspection.results.order_by("position"))
    if request.method == "POST":
        p = request.POST
        answers = {r.pk: (p.get(f"r{r.pk}", r.result), p.get(f"n{r.pk}", r.note)) for r in results}
        try:
            inspection = inspection_record(
                actor=actor_of(request),
                inspection=inspection,
                results=answers,
                findings=p.get("findings", ""),
                place=p.get("place", inspection.place),
                present=p.get("present", ""),
            )
            photos = request.FILES.getlist("photos")
            signature = _signature_png(p.get("party_signature_image", ""))
            if photos or signature:
                inspection_capture(
                    actor=actor_of(request),
                    user=request.user,
                    inspection=inspection,
                    photos=photos,
                    signature_png=signature,
                )
            if p.get("finish") == "1":
                inspection = _finish(request, inspection)
                done = ["检查已办结，已出具现场检查笔录"]
                if inspection.rectify_due_on:
                    done.append(f"已送达责令改正通知书（改正期限{inspection.rectify_due_on:%Y-%m-%d}）")
                if inspection.case_id:
                    done.append("已立案处理")
                messages.success(request, "；".join(done))
                return redirect("inspections:detail", inspection.pk)
            messages.success(request, "已保存")
            return redirect("inspections:execute", inspection.pk)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            for r in results:
                r.result, r.note = answers[r.pk]
    return render(
        request,
        "inspections/inspection_execute.html",
        {
            "inspection": inspection,
            "results": results,
            "choices": [c for c in ItemResult.choices if c[0] != ItemResult.PENDING],
            "officers": inspection.officer_links.select_related("officer"),
            "form": request.POST if request.method == "POST" else {},
            "evidence": inspection_evidence(inspection),
            "today": timezone.localdate(),
        },
    )


@guarded(InspectionPerm.RANDOM_VIEW)
def plan_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "inspections/plan_list.html",
        {
            "page": paginate(request, plan_list_for_user(request.user)),
            "query": query_without_page(request),
            "can_plan": has_perm(request.user, InspectionPerm.PLAN),
        },
    )


@guarded(InspectionPerm.RANDOM_VIEW)
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_get_for_user(request.user, pk)
    draw = current_draw(plan)
    return render(
        request,
        "inspections/plan_detail.html",
        {
            "plan": plan,
            "draw": draw,
            "entries": draw_entries(draw) if draw else [],
            "can_draw": plan_can_draw(request.user, plan) and plan.state in ("draft", "drawn"),
            "can_dispatch": plan_can_draw(request.user, plan) and plan.state == "drawn",
            "can_publish_draw": plan_can_draw(request.user, plan)
            and plan.state in ("dispatched", "closed")
            and draw is not None
            and draw.published_at is None,
            "can_edit": plan_can_draw(request.user, plan) and plan.state == "draft",
            "officer_units": Organisation.objects.filter(pk__in=plan.officer_unit_ids).order_by("pk"),
        },
    )


@require_POST
@guarded(InspectionPerm.PLAN)
def plan_draw(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_get_for_planning(request.user, pk)
    raw = request.POST.get("seed", "").strip()
    try:
        draw = inspection_draw(actor=actor_of(request), plan=plan, seed=int(raw) if raw.isdigit() else None)
        messages.success(request, f"已抽取{len(draw.target_ids)}个检查对象（随机种子 {draw.seed}）")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("inspections:plan_detail", plan.pk)


@require_POST
@guarded(InspectionPerm.PLAN)
def plan_dispatch_view(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_get_for_planning(request.user, pk)
    try:
        created = plan_dispatch(actor=actor_of(request), plan=plan)
        messages.success(request, f"已派发{len(created)}个检查任务")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("inspections:plan_detail", plan.pk)


@require_POST
@guarded(InspectionPerm.PLAN)
def plan_publish_draw(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_get_for_planning(request.user, pk)
    try:
        draw_publish(actor=actor_of(request), plan=plan)
        messages.success(request, "抽取结果已在公示平台公示")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("inspections:plan_detail", plan.pk)


@guarded("parties.party.view")
def target_list(request: HttpRequest) -> HttpResponse:
    g = request.GET
    qs = target_list_for_user(
        request.user,
        q=g.get("q", ""),
        risk=g.get("risk", ""),
        library=g.get("library", ""),
        domain=g.get("domain", ""),
    )
    return render(
        request,
        "inspections/target_list.html",
        {
            "page": paginate(request, qs),
            "filters": g,
            "query": query_without_page(request),
            "risks": RiskClass.choices,
            "libraries": TargetLibrary.choices,
            "can_plan": has_perm(request.user, InspectionPerm.PLAN),
            "can_inspect": has_perm(request.user, InspectionPerm.HANDLE),
        },
    )
