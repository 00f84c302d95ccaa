from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from zhifa.core.audit import audit_append

from ..forms import OrganisationFilterForm, tri_state
from ..permissions import OrgPerm
from ..scopes import has_perm
from ..selectors.officers import OfficerFilters, officer_list_for_user
from ..selectors.organisations import (
    OrganisationFilters,
    organisation_children_for_user,
    organisation_get_for_user,
    organisation_list_for_user,
)
from .common import actor_of, csv_response, guarded, paginate, query_without_page
from .history import history_rows

TABS = [("basic", "基本信息"), ("officers", "执法人员"), ("children", "下级单位"), ("history", "操作记录")]


def _filters(request: HttpRequest) -> tuple[OrganisationFilterForm, OrganisationFilters | None]:
    """The filter form and its filters; None when the form is invalid (then the list is empty)."""
    form = OrganisationFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        return form, OrganisationFilters(
            name=d["name"],
            kind=d["kind"],
            level=d["level"],
            region=d["region"],
            domain=d["domain"],
            is_active=tri_state(d["is_active"]),
        )
    return form, None if form.is_bound else OrganisationFilters()


def _queryset(request: HttpRequest, filters: OrganisationFilters | None) -> Any:
    qs = organisation_list_for_user(request.user, filters)
    return qs if filters is not None else qs.none()


@guarded(OrgPerm.ORGANISATION_VIEW)
def organisation_list(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    page = paginate(request, _queryset(request, filters))
    return render(
        request,
        "orgs/organisation_list.html",
        {"form": form, "page": page, "query": query_without_page(request)},
    )


@guarded(OrgPerm.ORGANISATION_VIEW)
def organisation_export(request: HttpRequest) -> HttpResponseBase:
    _, filters = _filters(request)
    qs = _queryset(request, filters)
    audit_append(
        actor=actor_of(request), action="orgs.organisation.export", payload={"filters": request.GET.dict()}
    )
    header = [
        "名称",
        "简称",
        "类型",
        "层级",
        "统一社会信用代码",
        "区划代码",
        "所在区划",
        "上级单位",
        "执法领域",
        "状态",
    ]

    def rows() -> Any:
        for org in qs.iterator(chunk_size=500):
            yield [
                org.name,
                org.short_name,
                org.get_kind_display(),
                org.get_level_display(),
                org.uscc,
                org.region_code,
                org.region.name,
                org.parent.name if org.parent else "",
                "、".join(d.name for d in org.domains.all()),
                "启用" if org.is_active else "停用",
            ]

    return csv_response("organisations", header, rows())


@guarded(OrgPerm.ORGANISATION_VIEW)
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = organisation_get_for_user(request.user, pk)
    tab = request.GET.get("tab", "basic")
    if tab not in dict(TABS):
        tab = "basic"
    context: dict[str, Any] = {"org": org, "tab": tab, "tabs": TABS}
    if tab == "officers":
        if has_perm(request.user, OrgPerm.OFFICER_VIEW):
            context["officers"] = paginate(
                request, officer_list_for_user(request.user, OfficerFilters(organisation=org.pk))
            )
        else:
            context["officers_denied"] = True
    elif tab == "children":
        context["children"] = organisation_children_for_user(request.user, org)
    elif tab == "history":
        context["history"] = history_rows(org)
    return render(request, "orgs/organisation_detail.html", context)
