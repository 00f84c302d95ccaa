"""事前公开 pages (RULES P1; spec/04 齐齐哈尔、宁波): enforcement bodies, officers and the 执法证号
check, the power list, discretion standards and 双随机 plans. Same for every visitor: the lists
and details are kept per process for a minute (`cached_page`); the certificate check is not."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from zhifa.core.pagination import WholePagePaginator
from zhifa.legal.models import PowerKind
from zhifa.legal.views.discretion import penalty_labels, range_text
from zhifa.orgs.choices import OrganisationKind
from zhifa.orgs.models import Domain

from ..cache import ttl_memo
from ..selectors.options import (
    ENFORCEMENT_KINDS,
    agency_options,
    district_options,
    valid_agency,
    valid_district,
)
from ..selectors.publicity import (
    certificate_check,
    power_basis,
    power_standards,
    public_officers,
    public_plan,
    public_plans,
    public_power,
    public_powers,
    public_standard,
    public_standards,
    public_subjects,
    published_draws,
    subject_officer_counts,
)
from .common import cached_page, parse_int, public_view, text_param

PER_PAGE = 20
KIND_LABELS = dict(OrganisationKind.choices)


@ttl_memo(60.0)
def _domains() -> tuple[tuple[int, str], ...]:
    return tuple(Domain.objects.order_by("sort_order", "code").values_list("pk", "name"))


@public_view
@cached_page
def subject_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    kind = kind if kind in ENFORCEMENT_KINDS else ""
    district = valid_district(request.GET.get("district"))
    q = text_param(request, "q")
    page = WholePagePaginator(public_subjects(kind=kind, region=district, q=q), PER_PAGE).get_page(
        request.GET.get("page")
    )
    subjects = list(page.object_list)
    officers = subject_officer_counts([s.pk for s in subjects])
    rows = [
        {
            "subject": s,
            "kind_label": KIND_LABELS.get(s.kind, ""),
            "officers": officers.get(s.pk, 0),
        }
        for s in subjects
    ]
    context = {
        "rows": rows,
        "page": page,
        "kinds": [(k, KIND_LABELS[k]) for k in ENFORCEMENT_KINDS],
        "districts": district_options(),
        "f": {"kind": kind, "district": district, "q": q},
    }
    return render(request, "portal/subject_list.html", context)


@public_view
@cached_page
def officer_list(request: HttpRequest) -> HttpResponse:
    organisation = valid_agency(request.GET.get("agency"))
    q = text_param(request, "q", 20)
    page = WholePagePaginator(public_officers(organisation=organisation, q=q), PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "officers": list(page.object_list),
        "page": page,
        "agencies": agency_options(),
        "f": {"agency": organisation, "q": q},
    }
    return render(request, "portal/officer_list.html", context)


@public_view
def officer_verify(request: HttpRequest) -> HttpResponse:
    """执法证号查询: never cached (a certificate may be suspended at any moment)."""
    number = text_param(request, "no", 40)
    return render(
        request, "portal/officer_verify.html", {"number": number, "check": certificate_check(number)}
    )


@public_view
@cached_page
def power_list(request: HttpRequest) -> HttpResponse:
    organisation = valid_agency(request.GET.get("agency"))
    kind = request.GET.get("kind", "")
    kind = kind if kind in PowerKind.values else ""
    domain = parse_int(request.GET.get("domain"))
    domain = domain if domain in {pk for pk, _ in _domains()} else None
    q = text_param(request, "q")
    page = WholePagePaginator(
        public_powers(organisation=organisation, kind=kind, domain=domain, q=q), PER_PAGE
    ).get_page(request.GET.get("page"))
    context = {
        "powers": list(page.object_list),
        "page": page,
        "agencies": agency_options(),
        "kinds": PowerKind.choices,
        "domains": _domains(),
        "f": {"agency": organisation, "kind": kind, "domain": domain, "q": q},
    }
    return render(request, "portal/power_list.html", context)


@public_view
@cached_page
def power_detail(request: HttpRequest, pk: int) -> HttpResponse:
    power = public_power(pk)
    context = {"power": power, "bases": power_basis(power), "standards": list(power_standards(power)[:50])}
    return render(request, "portal/power_detail.html", context)


@public_view
@cached_page
def discretion_list(request: HttpRequest) -> HttpResponse:
    organisation = valid_agency(request.GET.get("agency"))
    q = text_param(request, "q")
    page = WholePagePaginator(public_standards(organisation=organisation, q=q), PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "standards": list(page.object_list),
        "page": page,
        "agencies": agency_options(),
        "f": {"agency": organisation, "q": q},
    }
    return render(request, "portal/discretion_list.html", context)


@public_view
@cached_page
def discretion_detail(request: HttpRequest, pk: int) -> HttpResponse:
    standard = public_standard(pk)
    tiers = [
        {"tier": t, "range": range_text(t), "kinds": penalty_labels(t.penalty_kinds)}
        for t in standard.tiers.all()
    ]
    return render(
        request,
        "portal/discretion_detail.html",
        {"standard": standard, "tiers": tiers, "factors": list(standard.factors.all())},
    )


@public_view
@cached_page
def plan_list(request: HttpRequest) -> HttpResponse:
    organisation = valid_agency(request.GET.get("agency"))
    year = parse_int(request.GET.get("year"))
    year = year if year and 2000 <= year <= 2100 else None
    page = WholePagePaginator(public_plans(organisation=organisation, year=year), PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "plans": list(page.object_list),
        "page": page,
        "agencies": agency_options(),
        "f": {"agency": organisation, "year": year or ""},
    }
    return render(request, "portal/plan_list.html", context)


@public_view
@cached_page
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = public_plan(pk)
    return render(request, "portal/plan_detail.html", {"plan": plan, "draws": published_draws(plan)})


__all__ = [
    "discretion_detail",
    "discretion_list",
    "officer_list",
    "officer_verify",
    "plan_detail",
    "plan_list",
    "power_detail",
    "power_list",
    "subject_list",
]
