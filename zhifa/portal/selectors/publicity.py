"""Reads of the 事前公开 pages (国办发〔2018〕118号 — RULES P1: enforcement bodies, staff, powers and
their basis, discretion standards, random-inspection plans; spec/04 齐齐哈尔 执法计划, 宁波 执法人员资格
证号查询 and 自由裁量权查询). Only what is in force or published is read:

* bodies: active 执法机关 / 执法主体 / 受委托组织, with the count of their powers in force;
* officers: in service (`is_active`) with a certificate valid today (status 有效 and inside its
  validity dates) — name, unit, domains, certificate number and validity; never a login, phone or
  identity number (the model holds none; the user row is never read);
* powers: 有效 with an approved version; discretion standards: 已发布;
* plans: 双随机一公开 plans past the draft stage; draws only once published (`published_at`), their
  natural-person targets masked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from zhifa.core.errors import NotFound
from zhifa.core.identifiers import mask_name
from zhifa.inspections.choices import PlanKind, PlanState
from zhifa.inspections.models import Draw, DrawEntry, InspectionPlan
from zhifa.legal.models import DiscretionStandard, DiscretionStatus, DiscretionTier, Power, PowerStatus
from zhifa.orgs.choices import CertificateStatus
from zhifa.orgs.models import Domain, Officer, Organisation
from zhifa.parties.choices import PartyKind

from .options import ENFORCEMENT_KINDS

CERTIFICATE_MAX = 32


def _key(pk: Any) -> int:
    try:
        return int(pk)
    except (TypeError, ValueError):
        raise NotFound("未找到该信息") from None


# -- 执法主体 -----------------------------------------------------------------------------------


def public_subjects(*, kind: str = "", region: str = "", q: str = "") -> QuerySet[Organisation]:
    powers_in_force = Q(powers__status=PowerStatus.ACTIVE, powers__current_version__isnull=False)
    qs = Organisation.objects.filter(is_active=True, kind__in=(kind and [kind]) or ENFORCEMENT_KINDS)
    if region:
        qs = qs.filter(region_code__startswith=region)
    if q:
        qs = qs.filter(name__icontains=q)
    return (
        qs.select_related("entrusted_by")
        .annotate(power_count=Count("powers", filter=powers_in_force, distinct=True))
        .order_by("region_code", "name", "pk")
        .only("pk", "name", "kind", "level", "uscc", "region_code", "address", "phone", "entrusted_by__name")
    )


def subject_officer_counts(ids: list[int], *, today: dt.date | None = None) -> dict[int, int]:
    rows = (
        public_officers(today=today)
        .filter(organisation_id__in=ids)
        .values("organisation_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {r["organisation_id"]: r["n"] for r in rows}


# -- 执法人员 -----------------------------------------------------------------------------------


def _valid_on(day: dt.date) -> Q:
    return Q(
        certificate_status=CertificateStatus.VALID,
        certificate_valid_from__lte=day,
        certificate_valid_to__gte=day,
    )


def public_officers(
    *, organisation: int | None = None, q: str = "", today: dt.date | None = None
) -> QuerySet[Officer]:
    day = today or timezone.localdate()
    qs = Officer.objects.filter(_valid_on(day), is_active=True, organisation__is_active=True)
    if organisation:
        qs = qs.filter(organisation_id=organisation)
    if q:
        qs = qs.filter(name__icontains=q)
    return (
        qs.select_related("organisation")
        .prefetch_related(Prefetch("domains", queryset=Domain.objects.only("pk", "name")))
        .only(
            "pk",
            "name",
            "certificate_no",
            "certificate_valid_from",
            "certificate_valid_to",
            "organisation__name",
        )
        .order_by("organisation__region_code", "organisation_id", "name", "pk")
    )


@dataclass(frozen=True)
class CertificateCheck:
    """The answer to 执法证号查询."""

    number: str
    outcome: str  # valid / expired / invalid / not_found
    label: str
    name: str = ""
    unit: str = ""
    domains: list[str] = field(default_factory=list)
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


OUTCOME_LABELS = {
    "valid": "有效：持证人可以在其执法领域内从事行政执法活动",
    "expired": "已过期：该证件已超过有效期，持证人不得从事行政执法活动",
    "invalid": "无效：该证件已被暂扣或注销，持证人不得从事行政执法活动",
    "not_found": "未查询到该执法证号，请核对后重新输入；如对执法人员身份有疑问，可投诉举报",
}


def normalise_certificate(value: str | None) -> str:
    return "".join((value or "").split()).upper()[:CERTIFICATE_MAX]


def certificate_check(number: str | None, *, today: dt.date | None = None) -> CertificateCheck | None:
    """Look up one 执法证号 (exact, case-insensitive): valid, expired, invalid (暂扣/注销, or the
    holder no longer in service) or not found. None when no number was given."""
    value = normalise_certificate(number)
    if not value:
        return None
    day = today or timezone.localdate()
    officer = (
        Officer.objects.select_related("organisation")
        .prefetch_related(Prefetch("domains", queryset=Domain.objects.only("pk", "name")))
        .filter(certificate_no__iexact=value)
        .first()
    )
    if officer is None:
        return CertificateCheck(value, "not_found", OUTCOME_LABELS["not_found"])
    if officer.certificate_status in (CertificateStatus.SUSPENDED, CertificateStatus.REVOKED) or not (
        officer.is_active and officer.organisation.is_active
    ):
        outcome = "invalid"
    elif officer.certificate_status == CertificateStatus.EXPIRED or officer.certificate_valid_to < day:
        outcome = "expired"
    elif officer.certificate_valid_from > day:
        outcome = "invalid"
    else:
        outcome = "valid"
    return CertificateCheck(
        number=officer.certificate_no,
        outcome=outcome,
        label=OUTCOME_LABELS[outcome],
        name=officer.name,
        unit=officer.organisation.name,
        domains=[d.name for d in officer.domains.all()],
        valid_from=officer.certificate_valid_from,
        valid_to=officer.certificate_valid_to,
    )


# -- 权责清单 -----------------------------------------------------------------------------------


def public_powers(
    *, organisation: int | None = None, kind: str = "", domain: int | None = None, q: str = ""
) -> QuerySet[Power]:
    qs = Power.objects.filter(status=PowerStatus.ACTIVE, current_version__isnull=False)
    if organisation:
        qs = qs.filter(organisation_id=organisation)
    if kind:
        qs = qs.filter(kind=kind)
    if domain:
        qs = qs.filter(domain_id=domain)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__iexact=q))
    return (
        qs.select_related("organisation", "domain")
        .only("pk", "code", "name", "kind", "subject_level", "organisation__name", "domain__name")
        .order_by("code")
    )


def public_power(pk: Any) -> Power:
    power = (
        Power.objects.filter(status=PowerStatus.ACTIVE, current_version__isnull=False, pk=_key(pk))
        .select_related("organisation", "domain", "current_version")
        .first()
    )
    if power is None:
        raise NotFound("未找到该职权，可能已调整或取消")
    return power


def power_basis(power: Power) -> list[dict[str, str]]:
    """The basis of the power's version in force: category, law and provision, and the text."""
    rows: list[dict[str, str]] = []
    version = power.current_version
    if version is None:
        return rows
    for basis in version.bases.select_related("article", "article__version__law").order_by("position", "pk"):
        title = basis.law_title or (f"《{basis.article.version.law}》" if basis.article else "")
        provision = basis.provision or (basis.article.label if basis.article else "")
        rows.append(
            {
                "category": basis.get_category_display(),
                "label": f"{title}{provision}",
                "text": basis.text or (basis.article.text if basis.article else ""),
            }
        )
    return rows


def power_standards(power: Power) -> QuerySet[DiscretionStandard]:
    return public_standards().filter(power=power)


# -- 裁量基准 -----------------------------------------------------------------------------------


def public_standards(*, organisation: int | None = None, q: str = "", category: str = "") -> QuerySet[Any]:
    qs = DiscretionStandard.objects.filter(status=DiscretionStatus.PUBLISHED)
    if organisation:
        qs = qs.filter(organisation_id=organisation)
    if category:
        qs = qs.filter(category=category)
    if q:
        qs = qs.filter(Q(violation__icontains=q) | Q(item_no__iexact=q))
    return (
        qs.select_related("organisation")
        .only(
            "pk",
            "item_no",
            "violation",
            "category",
            "version",
            "published_at",
            "organisation__name",
            "power_id",
        )
        .order_by("organisation_id", "category", "item_no", "pk")
    )


def public_standard(pk: Any) -> DiscretionStandard:
    standard = (
        DiscretionStandard.objects.filter(status=DiscretionStatus.PUBLISHED, pk=_key(pk))
        .select_related("organisation", "power")
        .prefetch_related(
            Prefetch("tiers", queryset=DiscretionTier.objects.order_by("order")),
            "factors__tier",
        )
        .first()
    )
    if standard is None:
        raise NotFound("未找到该裁量基准，可能已被新版本替代或撤回")
    return standard


# -- 执法计划（双随机一公开） --------------------------------------------------------------------

PUBLIC_PLAN_STATES = (PlanState.DRAWN, PlanState.DISPATCHED, PlanState.CLOSED)


def public_plans(*, organisation: int | None = None, year: int | None = None) -> QuerySet[InspectionPlan]:
    qs = InspectionPlan.objects.filter(kind=PlanKind.RANDOM, state__in=PUBLIC_PLAN_STATES)
    if organisation:
        qs = qs.filter(organisation_id=organisation)
    if year:
        qs = qs.filter(period_start__year=year)
    return (
        qs.select_related("organisation", "domain")
        .only(
            "pk",
            "name",
            "period_start",
            "period_end",
            "sample_size",
            "state",
            "kind",
            "organisation__name",
            "domain__name",
        )
        .order_by("-period_start", "-pk")
    )


def public_plan(pk: Any) -> InspectionPlan:
    plan = public_plans().filter(pk=_key(pk)).first()
    if plan is None:
        raise NotFound("未找到该执法计划")
    return plan


@dataclass(frozen=True)
class PublicDrawEntry:
    position: int
    target: str
    officers: str


def published_draws(plan: InspectionPlan) -> list[tuple[Draw, list[PublicDrawEntry]]]:
    """The plan's current draw when it has been published, with its targets (natural persons masked)."""
    draws = list(
        Draw.objects.filter(plan=plan, is_current=True, published_at__isnull=False)
        .only("pk", "drawn_on", "published_at", "candidate_count", "digest", "plan_id")
        .order_by("-drawn_at")
    )
    out = []
    for draw in draws:
        entries = (
            DrawEntry.objects.filter(draw=draw)
            .select_related("party")
            .only("position", "target_name", "officer_names", "party__kind")
            .order_by("position")
        )
        out.append(
            (
                draw,
                [
                    PublicDrawEntry(
                        e.position,
                        mask_name(e.target_name)
                        if e.party.kind == PartyKind.NATURAL_PERSON
                        else e.target_name,
                        e.officer_names,
                    )
                    for e in entries
                ],
            )
        )
    return out
