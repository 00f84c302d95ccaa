from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone

from zhifa.core.audit import audit_append

from ..forms import OfficerFilterForm, tri_state
from ..models import Officer
from ..permissions import OrgPerm
from ..rules import CERTIFICATE_STATE_LABELS, certificate_state
from ..selectors.officers import OfficerFilters, officer_get_for_user, officer_list_for_user
from .common import actor_of, csv_response, guarded, paginate, query_without_page
from .history import history_rows


def certificate_badge(officer: Officer, today: Any) -> dict[str, str]:
    state = certificate_state(
        status=officer.certificate_status,
        valid_from=officer.certificate_valid_from,
        valid_to=officer.certificate_valid_to,
        today=today,
    )
    label, css = CERTIFICATE_STATE_LABELS[state]
    return {"state": state, "label": label, "css": css}


def _filters(request: HttpRequest) -> tuple[OfficerFilterForm, OfficerFilters | None]:
    form = OfficerFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        return form, OfficerFilters(
            name=d["name"],
            certificate_no=d["certificate_no"],
            region=d["region"],
            domain=d["domain"],
            certificate_status=d["certificate_status"],
            expiring_within_days=d["expiring_within_days"],
            has_legal_qualification=tri_state(d["has_legal_qualification"]),
        )
    return form, None if form.is_bound else OfficerFilters()


def _queryset(request: HttpRequest, filters: OfficerFilters | None, *, with_domains: bool = False) -> Any:
    qs = officer_list_for_user(request.user, filters, with_domains=with_domains)
    return qs if filters is not None else qs.none()


@guarded(OrgPerm.OFFICER_VIEW)
def officer_list(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    page = paginate(request, _queryset(request, filters))
    today = timezone.localdate()
    for officer in page.object_list:
        officer.badge = certificate_badge(officer, today)
    return render(
        request, "orgs/officer_list.html", {"form": form, "page": page, "query": query_without_page(request)}
    )


@guarded(OrgPerm.OFFICER_VIEW)
def officer_export(request: HttpRequest) -> HttpResponseBase:
    _, filters = _filters(request)
    qs = _queryset(request, filters, with_domains=True)
    audit_append(
        actor=actor_of(request), action="orgs.officer.export", payload={"filters": request.GET.dict()}
    )
    today = timezone.localdate()
    header = [
        "姓名",
        "执法证号",
        "所属单位",
        "区划代码",
        "有效期起",
        "有效期止",
        "证件状态",
        "执法领域",
        "法律职业资格",
        "在岗",
    ]

    def rows() -> Any:
        for o in qs.iterator(chunk_size=500):
            yield [
                o.name,
                o.certificate_no,
                o.organisation.name,
                o.region_code,
                o.certificate_valid_from.isoformat(),
                o.certificate_valid_to.isoformat(),
                certificate_badge(o, today)["label"],
                "、".join(d.name for d in o.domains.all()),
                "是" if o.has_legal_qualification else "否",
                "是" if o.is_active else "否",
            ]

    return csv_response("officers", header, rows())


@guarded(OrgPerm.OFFICER_VIEW)
def officer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    officer = officer_get_for_user(request.user, pk)
    tab = "history" if request.GET.get("tab") == "history" else "basic"
    return render(
        request,
        "orgs/officer_detail.html",
        {
            "officer": officer,
            "badge": certificate_badge(officer, timezone.localdate()),
            "tab": tab,
            "tabs": [("basic", "基本信息"), ("history", "操作记录")],
            "history": history_rows(officer) if tab == "history" else [],
        },
    )
