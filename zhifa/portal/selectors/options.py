"""Choices of the public filter bars — enforcement bodies, districts, streets — shared by every
visitor and memoised per process for a minute (they change with reference data, not with requests)."""

from __future__ import annotations

from django.db.models import Q

from zhifa.orgs.choices import OrganisationKind, RegionLevel
from zhifa.orgs.models import Organisation, Region

from ..cache import ttl_memo

ENFORCEMENT_KINDS = (
    OrganisationKind.ENFORCEMENT_AGENCY,
    OrganisationKind.ENFORCEMENT_SUBJECT,
    OrganisationKind.ENTRUSTED_ORG,
)
OPTIONS_TTL = 60.0


@ttl_memo(OPTIONS_TTL)
def agency_options() -> tuple[tuple[int, str], ...]:
    """(id, name) of the active enforcement bodies (执法机关、执法主体、受委托组织)."""
    return tuple(
        Organisation.objects.filter(is_active=True, kind__in=ENFORCEMENT_KINDS)
        .order_by("region_code", "name", "pk")
        .values_list("pk", "name")
    )


@ttl_memo(OPTIONS_TTL)
def district_options() -> tuple[tuple[str, str], ...]:
    """(code, name) of the districts (区县) of the cities where enforcement bodies sit."""
    codes = set(
        Organisation.objects.filter(is_active=True, kind__in=ENFORCEMENT_KINDS)
        .values_list("region_code", flat=True)
        .distinct()
    )
    cities = sorted({code[:4] for code in codes if len(code) >= 4})
    if not cities:
        return ()
    within = Q()
    for city in cities:
        within |= Q(code__startswith=city)
    return tuple(
        Region.objects.filter(within, level=RegionLevel.COUNTY).order_by("code").values_list("code", "name")
    )


@ttl_memo(OPTIONS_TTL)
def street_options(district: str) -> tuple[tuple[str, str], ...]:
    """(code, name) of the streets (街道/镇) of one district offered by `district_options`."""
    if district not in {code for code, _ in district_options()}:
        return ()
    return tuple(
        Region.objects.filter(code__startswith=district, level=RegionLevel.STREET)
        .order_by("code")
        .values_list("code", "name")
    )


def valid_agency(value: str | None) -> int | None:
    try:
        pk = int(value or "")
    except ValueError:
        return None
    return pk if any(pk == option for option, _ in agency_options()) else None


def valid_district(value: str | None) -> str:
    value = (value or "").strip()
    return value if any(value == code for code, _ in district_options()) else ""


def valid_street(district: str, value: str | None) -> str:
    value = (value or "").strip()
    return value if district and any(value == code for code, _ in street_options(district)) else ""
