"""权责清单 pages: power list and detail (basis linked to the law library, version history),
change batches (list, create, detail with add / submit / approve / reject)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from zhifa.core.errors import ApplicationError
from zhifa.orgs.models import Organisation
from zhifa.orgs.scopes import has_perm, scope_q
from zhifa.orgs.views.common import actor_of, guarded, paginate, query_without_page

from ..models import DraftAction, Power
from ..permissions import LegalPerm
from ..selectors.powers import (
    PowerFilters,
    basis_rows,
    power_batch_available_actions,
    power_batch_get_for_user,
    power_batch_list_for_user,
    power_get_for_user,
    power_list_for_user,
    power_versions,
)
from ..services.powers import (
    power_batch_add_change,
    power_batch_approve,
    power_batch_create,
    power_batch_reject,
    power_batch_submit,
)
from .powers_forms import BASIS_ROWS, BatchFilterForm, BatchForm, DraftForm, PowerFilterForm, RejectForm


def _form_errors(form: Any, exc: ApplicationError) -> None:
    """Show a service error inline next to the field it names, else on top of the form."""
    placed = False
    for field, errors in exc.fields.items():
        name = field.removesuffix("_id")
        if name in form.fields:
            for error in errors:
                form.add_error(name, error)
            placed = True
    if not placed:
        form.add_error(None, exc.message)


@guarded(LegalPerm.POWER_VIEW)
def power_list(request: HttpRequest) -> HttpResponse:
    form = PowerFilterForm(request.GET or None)
    filters = PowerFilters()
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        filters = PowerFilters(
            code=d["code"], name=d["name"], kind=d["kind"], domain=d["domain"], status=d["status"]
        )
    qs = (
        power_list_for_user(request.user, filters)
        if not form.is_bound or form.is_valid()
        else Power.objects.none()
    )
    return render(
        request,
        "legal/powers/power_list.html",
        {
            "form": form,
            "page": paginate(request, qs),
            "query": query_without_page(request),
            "can_edit": has_perm(request.user, LegalPerm.POWER_EDIT),
        },
    )


@guarded(LegalPerm.POWER_VIEW)
def power_detail(request: HttpRequest, pk: int) -> HttpResponse:
    power = power_get_for_user(request.user, pk)
    versions = list(power_versions(power))
    selected = power.current_version
    wanted = request.GET.get("version")
    if wanted and wanted.isdigit():
        selected = next((v for v in versions if v.number == int(wanted)), selected)
    from ..selectors.discretion import DiscretionFilters, discretion_list_for_user

    standards = discretion_list_for_user(request.user, DiscretionFilters(power=power.pk))[:50]
    return render(
        request,
        "legal/powers/power_detail.html",
        {
            "power": power,
            "versions": versions,
            "selected": selected,
            "bases": basis_rows(selected),
            "standards": standards,
        },
    )


@guarded(LegalPerm.POWER_EDIT, LegalPerm.POWER_APPROVE)
def batch_list(request: HttpRequest) -> HttpResponse:
    form = BatchFilterForm(request.GET or None)
    state = form.cleaned_data["state"] if form.is_bound and form.is_valid() else ""
    return render(
        request,
        "legal/powers/batch_list.html",
        {
            "form": form,
            "page": paginate(request, power_batch_list_for_user(request.user, state=state)),
            "query": query_without_page(request),
            "can_edit": has_perm(request.user, LegalPerm.POWER_EDIT),
        },
    )


@guarded(LegalPerm.POWER_EDIT)
def batch_create(request: HttpRequest) -> HttpResponse:
    form = BatchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = power_batch_create(actor=actor_of(request), **form.cleaned_data)
        except ApplicationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, "调整批次已创建，请添加调整内容")
            return redirect("legal:power_batch_detail", pk=batch.pk)
    return render(request, "legal/powers/batch_form.html", {"form": form})


def _edit_organisations(user: Any) -> Any:
    q = scope_q(user, LegalPerm.POWER_EDIT, org_path="id", region_path="region_code", owner_path=None)
    return Organisation.objects.filter(q).order_by("region_code", "name")[:500]


@guarded(LegalPerm.POWER_EDIT, LegalPerm.POWER_APPROVE)
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = power_batch_get_for_user(request.user, pk)
    actions = power_batch_available_actions(request.user, batch)
    draft_form = DraftForm(
        request.POST or None, organisations=_edit_organisations(request.user) if "add" in actions else ()
    )
    if request.method == "POST":
        if "add" not in actions:
            raise DjangoPermissionDenied("该批次当前不能添加调整内容")
        if draft_form.is_valid():
            action = draft_form.cleaned_data["action"]
            power = None
            if action != DraftAction.CREATE:
                power = Power.objects.filter(code=draft_form.cleaned_data["code"].strip()).first()
                if power is None:
                    draft_form.add_error("code", "未找到该职权编码")
            if not draft_form.errors:
                try:
                    power_batch_add_change(
                        actor=actor_of(request),
                        batch=batch,
                        action=action,
                        power=power,
                        data=draft_form.power_data(partial=action == DraftAction.UPDATE)
                        if action != DraftAction.RETIRE
                        else None,
                    )
                except ApplicationError as exc:
                    _form_errors(draft_form, exc)
                else:
                    messages.success(request, "已添加到批次")
                    return redirect("legal:power_batch_detail", pk=batch.pk)
    return render(
        request,
        "legal/powers/batch_detail.html",
        {
            "batch": batch,
            "drafts": batch.drafts.select_related("power"),
            "actions": actions,
            "draft_form": draft_form,
            "reject_form": RejectForm(),
            "basis_rows": range(1, BASIS_ROWS + 1),
        },
    )


@require_POST
@guarded(LegalPerm.POWER_EDIT, LegalPerm.POWER_APPROVE)
def batch_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    batch = power_batch_get_for_user(request.user, pk)
    actor = actor_of(request)
    try:
        if action == "submit":
            power_batch_submit(actor=actor, batch=batch)
            messages.success(request, "已提交审核")
        elif action == "approve":
            power_batch_approve(actor=actor, batch=batch, note=request.POST.get("note", ""))
            messages.success(request, "审核通过，调整已生效")
        elif action == "reject":
            form = RejectForm(request.POST)
            if not form.is_valid():
                messages.error(request, "请填写退回原因")
                return redirect("legal:power_batch_detail", pk=batch.pk)
            power_batch_reject(actor=actor, batch=batch, reason=form.cleaned_data["reason"])
            messages.success(request, "已退回")
        else:
            raise DjangoPermissionDenied("未知操作")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("legal:power_batch_detail", pk=batch.pk)


urlpatterns = [
    path("powers/", power_list, name="power_list"),
    path("powers/<int:pk>/", power_detail, name="power_detail"),
    path("powers/batches/", batch_list, name="power_batch_list"),
    path("powers/batches/new/", batch_create, name="power_batch_create"),
    path("powers/batches/<int:pk>/", batch_detail, name="power_batch_detail"),
    path("powers/batches/<int:pk>/<str:action>/", batch_action, name="power_batch_action"),
]
