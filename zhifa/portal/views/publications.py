"""执法公示查询 (spec/01 §2.2.5): the public search and the detail page. Thin: parse → selector → render."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from zhifa.core.errors import NotFound
from zhifa.disclosure.models import PublicationKind

from ..presenters import present_detail, present_row, present_withdrawal
from ..search import MIN_QUERY
from ..selectors.options import (
    agency_options,
    district_options,
    street_options,
    valid_agency,
    valid_district,
    valid_street,
)
from ..selectors.publications import (
    PublicationFilters,
    public_publication,
    public_withdrawal,
    publication_search,
)
from .common import parse_date, public_view, select_options, text_param

KINDS = tuple(PublicationKind.choices)


def filters_from(request: HttpRequest) -> PublicationFilters:
    g = request.GET
    district = valid_district(g.get("district"))
    return PublicationFilters(
        q=text_param(request, "q"),
        kind=g.get("kind", "") if g.get("kind") in PublicationKind.values else "",
        agency=valid_agency(g.get("agency")),
        district=district,
        street=valid_street(district, g.get("street")),
        date_from=parse_date(g.get("from")),
        date_to=parse_date(g.get("to")),
    )


@public_view
def publication_list(request: HttpRequest) -> HttpResponse:
    filters = filters_from(request)
    result = publication_search(filters, page=request.GET.get("page"))
    if result.short_keyword:
        summary = f"请至少输入{MIN_QUERY}个字查询；以下为最新公示信息"
    elif result.capped and result.keyword:
        summary = f"命中较多，仅列出最新 {result.cap} 条，请输入更完整的名称或增加筛选条件"
    elif result.keyword and result.total is None:
        summary = f"第 {result.number} 页，最新的在前；命中较多时请输入更完整的名称或增加筛选条件"
    elif result.capped:
        summary = f"共 {result.cap} 条以上，仅列出最新 {result.cap} 条，请增加筛选条件"
    else:
        summary = f"共 {result.total} 条"
    streets = street_options(filters.district) if filters.district else ()
    prefix = reverse("portal:publication_detail", args=[0]).removesuffix("0/")
    context = {
        "rows": [present_row(p, prefix) for p in result.rows],
        "page": result,
        "summary": summary,
        "filters": filters,
        "kind_options": select_options(KINDS, filters.kind),
        "agency_options": select_options(agency_options(), filters.agency),
        "district_options": select_options(district_options(), filters.district),
        "street_options": select_options(streets, filters.street),
        "has_streets": bool(streets),
    }
    return render(request, "portal/publication_list.html", context)


@public_view
def publication_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        publication = public_publication(pk)
    except NotFound:
        withdrawn = public_withdrawal(pk)
        if withdrawn is None:
            raise
        # 处罚法第48条第2款: taken down "并公开说明理由" — the note, which decision; never the party.
        return render(request, "portal/publication_withdrawn.html", {"p": present_withdrawal(withdrawn)})
    return render(request, "portal/publication_detail.html", {"p": present_detail(publication)})
