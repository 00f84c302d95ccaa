"""自由裁量基准 pages: list (filters, CSV export), detail with tiers and the calculator, create/edit,
workflow actions (submit / approve / reject / publish / withdraw / claim / unclaim) and the
裁量基准变更提醒 list."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from zhifa.core.audit import audit_append
from zhifa.core.errors import ApplicationError
from zhifa.orgs.scopes import has_perm
from zhifa.orgs.views.common import actor_of, csv_response, guarded, paginate, query_without_page

from ..models import DiscretionStandard, Power
from ..permissions import LegalPerm
from ..rules.discretion import PenaltyKind, RangeKind, discretion_compute
from ..selectors.discretion import (
    DiscretionFilters,
    active_claim,
    claims_for_user,
    discretion_available_actions,
    discretion_get_for_user,
    discretion_list_for_user,
    discretion_versions,
    notice_list_for_user,
    with_claimed_flag,
)
from ..selectors.powers import power_list_for_user
from ..services import discretion as svc
from .discretion_forms import (
    CalculatorForm,
    DiscretionFilterForm,
    DiscretionForm,
    FactorFormSet,
    ReasonForm,
    TierFormSet,
)


def _filters(request: HttpRequest) -> tuple[DiscretionFilterForm, DiscretionFilters | None]:
    visible = discretion_list_for_user(request.user, DiscretionFilters(include_superseded=True))
    organisations = visible.order_by().values_list("organisation_id", "organisation__name").distinct()
    powers = visible.exclude(power=None).order_by().values_list("power_id", "power__name").distinct()
    form = DiscretionFilterForm(
        request.GET or None, organisations=sorted(set(organisations)), powers=sorted(set(powers))
    )
    if not form.is_bound:
        return form, DiscretionFilters()
    if not form.is_valid():
        return form, None
    d = form.cleaned_data
    return form, DiscretionFilters(
        organisation=d["organisation"],
        power=d["power"],
        status=d["status"],
        keyword=d["keyword"],
        claimable_only=d["claimable"],
    )


def _queryset(request: HttpRequest, filters: DiscretionFilters | None) -> Any:
    if filters is None:
        return DiscretionStandard.objects.none()
    return with_claimed_flag(discretion_list_for_user(request.user, filters), request.user)


@guarded(LegalPerm.DISCRETION_VIEW)
def discretion_list(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    return render(
        request,
        "legal/discretion/list.html",
        {
            "form": form,
            "page": paginate(request, _queryset(request, filters)),
            "query": query_without_page(request),
            "can_create": has_perm(request.user, LegalPerm.DISCRETION_EDIT)
            and getattr(request.user, "organisation_id", None),
            "unread": notice_list_for_user(request.user, unread_only=True).count(),
        },
    )


def range_text(tier: Any) -> str:
    """Readable parsed range of a tier (元 with 以上/以下 inclusive, RULES §0.6)."""
    if tier.range_kind == RangeKind.NONE:
        return "—"

    def money(value: Any) -> str:
        return f"{value:,.2f}元"

    if tier.range_kind == RangeKind.AMOUNT:
        lo, hi = tier.amount_min, tier.amount_max
        if lo is not None and hi is not None:
            return money(lo) if lo == hi else f"{money(lo)}至{money(hi)}"
        return f"{money(hi)}以下" if hi is not None else f"{money(lo)}以上"
    base = tier.base_label or tier.get_base_kind_display()
    scale, unit = (100, "%") if tier.range_kind == RangeKind.PERCENTAGE else (1, "倍")

    def factor(value: Any) -> str:
        return f"{(value * scale).normalize():f}{unit}"

    lo, hi = tier.factor_min, tier.factor_max
    if lo is not None and hi is not None:
        text = factor(lo) if lo == hi else f"{factor(lo)}至{factor(hi)}"
    else:
        text = f"{factor(hi)}以下" if hi is not None else f"{factor(lo)}以上"
    cap = f"，最高{money(tier.amount_max)}" if tier.amount_max is not None else ""
    return f"{base}的{text}{cap}"


def penalty_labels(kinds: list[str]) -> str:
    return "、".join(PenaltyKind(k).label for k in kinds if k in PenaltyKind.values) or "—"


@guarded(LegalPerm.DISCRETION_VIEW)
def discretion_export(request: HttpRequest) -> HttpResponse:
    _, filters = _filters(request)
    qs = _queryset(request, filters).prefetch_related("tiers")
    audit_append(
        actor=actor_of(request), action="legal.discretion.export", payload={"filters": request.GET.dict()}
    )
    header = [
        "序号",
        "违法行为",
        "处罚依据",
        "分类",
        "制定单位",
        "状态",
        "版本",
        "档次",
        "适用情节",
        "裁量标准",
        "解析幅度",
        "处罚种类",
    ]

    def rows() -> Any:
        for s in qs.iterator(chunk_size=200):
            for t in s.tiers.all():
                yield [
                    s.item_no,
                    s.violation,
                    s.penalty_provision,
                    s.category,
                    s.organisation.name,
                    s.get_status_display(),
                    s.version,
                    t.label,
                    t.circumstances,
                    t.standard_text,
                    range_text(t) if t.parse_status != "unparsed" else f"未解析：{t.parse_reason}",
                    penalty_labels(t.penalty_kinds),
                ]

    return cast(HttpResponse, csv_response("discretion-standards", header, rows()))


def _calculator(request: HttpRequest, standard: DiscretionStandard) -> tuple[CalculatorForm, Any]:
    if "calc" not in request.GET:
        return CalculatorForm(standard=standard), None
    form = CalculatorForm(request.GET, standard=standard)
    if not form.is_valid():
        return form, None
    d = form.cleaned_data
    tier = d["tier"]
    try:
        result = discretion_compute(
            standard=standard,
            tier=tier,
            circumstances=set(d["circumstances"]) | set(d["statutory"]),
            base_amount=d["base_amount"],
            factors=d["factors"],
            segment=standard.tiers.get(order=tier).segment if tier else None,
        )
    except ApplicationError as exc:
        field = next((f for f in exc.fields if f in form.fields), None)
        form.add_error(field, exc.message)
        return form, None
    return form, result


@guarded(LegalPerm.DISCRETION_VIEW)
def discretion_detail(request: HttpRequest, pk: int) -> HttpResponse:
    standard = discretion_get_for_user(request.user, pk)
    form, result = _calculator(request, standard)
    tiers = [
        {"tier": t, "range": range_text(t), "kinds": penalty_labels(t.penalty_kinds)}
        for t in standard.tiers.all()
    ]
    return render(
        request,
        "legal/discretion/detail.html",
        {
            "standard": standard,
            "tiers": tiers,
            "calc_form": form,
            "result": result,
            "actions": discretion_available_actions(request.user, standard),
            "versions": discretion_versions(standard, request.user),
            "claim": active_claim(request.user, standard),
            "reason_form": ReasonForm(),
        },
    )


def _powers(user: Any) -> list[tuple[int, str]]:
    return [(p.pk, f"{p.code} {p.name}") for p in power_list_for_user(user)[:500]]


def _tier_initial(standard: DiscretionStandard | None) -> list[dict[str, Any]]:
    if standard is None:
        return []
    return [
        {
            "label": t.label,
            "circumstances": t.circumstances,
            "standard_text": t.standard_text,
            "segment": t.segment,
        }
        for t in standard.tiers.all()
    ]


def _factor_initial(standard: DiscretionStandard | None) -> list[dict[str, Any]]:
    if standard is None:
        return []
    return [
        {"name": f.name, "percentage": f.percentage, "tier_order": f.tier.order if f.tier else None}
        for f in standard.factors.select_related("tier")
    ]


def _edit(request: HttpRequest, standard: DiscretionStandard | None) -> HttpResponse:
    powers = _powers(request.user)
    initial = None
    if standard is not None:
        initial = {
            "violation": standard.violation,
            "item_no": standard.item_no,
            "category": standard.category,
            "power": standard.power_id,
            "violated_provision": standard.violated_provision,
            "penalty_provision": standard.penalty_provision,
            "note": standard.note,
        }
    data = request.POST if request.method == "POST" else None
    form = DiscretionForm(data, initial=initial, powers=powers)
    tiers = TierFormSet(data, initial=_tier_initial(standard), prefix="tiers")
    factors = FactorFormSet(data, initial=_factor_initial(standard), prefix="factors")
    if request.method == "POST" and form.is_valid() and tiers.is_valid() and factors.is_valid():
        d = form.cleaned_data
        tier_rows = [
            t for t in tiers.cleaned_data if t and (t.get("standard_text") or t.get("circumstances"))
        ]
        factor_rows = [f for f in factors.cleaned_data if f and f.get("name")]
        fields = {
            "violation": d["violation"],
            "item_no": d["item_no"],
            "category": d["category"],
            "power": Power.objects.filter(pk=d["power"]).first() if d["power"] in dict(powers) else None,
            "violated_provision": d["violated_provision"],
            "penalty_provision": d["penalty_provision"],
            "note": d["note"],
            "tiers": tier_rows,
            "factors": factor_rows,
        }
        try:
            if standard is None:
                saved = svc.discretion_create(actor=actor_of(request), **fields)
            else:
                saved = svc.discretion_update(actor=actor_of(request), standard=standard, changes=fields)
        except ApplicationError as exc:
            if "tiers" in exc.fields or "factors" in exc.fields:
                form.add_error(None, exc.message)
            else:
                field = next((f for f in exc.fields if f in form.fields), None)
                form.add_error(field, exc.message)
        else:
            messages.success(request, "已保存" if saved == standard else f"已保存（第{saved.version}版草稿）")
            return redirect("legal:discretion_detail", pk=saved.pk)
    return render(
        request,
        "legal/discretion/form.html",
        {"form": form, "tiers": tiers, "factors": factors, "standard": standard},
    )


@guarded(LegalPerm.DISCRETION_EDIT)
def discretion_create(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)


@guarded(LegalPerm.DISCRETION_EDIT)
def discretion_edit(request: HttpRequest, pk: int) -> HttpResponse:
    standard = discretion_get_for_user(request.user, pk)
    actions = discretion_available_actions(request.user, standard)
    if not actions & {"edit", "revise"}:
        raise DjangoPermissionDenied("该裁量基准当前不能修改")
    return _edit(request, standard)


ACTION_MESSAGES = {
    "submit": "已提交审核",
    "approve": "审核通过",
    "reject": "已退回修改",
    "publish": "已发布",
    "withdraw": "已撤回",
    "claim": "已认领",
    "unclaim": "已取消认领",
}


@require_POST
@guarded(LegalPerm.DISCRETION_VIEW)
def discretion_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    standard = discretion_get_for_user(request.user, pk)
    if action not in ACTION_MESSAGES:
        raise DjangoPermissionDenied("未知操作")
    actor = actor_of(request)
    reason = request.POST.get("reason", "")
    try:
        if action == "submit":
            svc.discretion_submit(actor=actor, standard=standard)
        elif action == "approve":
            svc.discretion_approve(actor=actor, standard=standard, note=request.POST.get("note", ""))
        elif action == "reject":
            svc.discretion_reject(actor=actor, standard=standard, reason=reason)
        elif action == "publish":
            svc.discretion_publish(actor=actor, standard=standard)
        elif action == "withdraw":
            svc.discretion_withdraw(actor=actor, standard=standard, reason=reason)
        elif action == "claim":
            svc.discretion_claim(actor=actor, standard=standard)
        else:
            claim = active_claim(request.user, standard)
            if claim is None:
                raise DjangoPermissionDenied("本单位未认领该裁量基准")
            svc.discretion_unclaim(actor=actor, claim=claim)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, ACTION_MESSAGES[action])
    return redirect("legal:discretion_detail", pk=standard.pk)


@guarded(LegalPerm.DISCRETION_VIEW)
def notice_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        ids = [int(i) for i in request.POST.getlist("notice") if i.isdigit()]
        notices = notice_list_for_user(request.user, unread_only=True).filter(pk__in=ids)
        if "all" in request.POST:
            notices = notice_list_for_user(request.user, unread_only=True)
        count = svc.discretion_notice_mark_read(actor=actor_of(request), notices=list(notices))
        messages.success(request, f"已标记{count}条提醒为已读")
        return redirect("legal:discretion_notices")
    unread_only = request.GET.get("unread") == "1"
    return render(
        request,
        "legal/discretion/notices.html",
        {
            "page": paginate(request, notice_list_for_user(request.user, unread_only=unread_only)),
            "query": query_without_page(request),
            "claims": claims_for_user(request.user),
            "unread_only": unread_only,
        },
    )


urlpatterns = [
    path("discretion/", discretion_list, name="discretion_list"),
    path("discretion/export/", discretion_export, name="discretion_export"),
    path("discretion/new/", discretion_create, name="discretion_create"),
    path("discretion/notices/", notice_list, name="discretion_notices"),
    path("discretion/<int:pk>/", discretion_detail, name="discretion_detail"),
    path("discretion/<int:pk>/edit/", discretion_edit, name="discretion_edit"),
    path("discretion/<int:pk>/<str:action>/", discretion_action, name="discretion_action"),
]
