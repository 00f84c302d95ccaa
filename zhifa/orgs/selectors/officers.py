"""Officers visible to a user under `orgs.officer.view`.

Scope paths: unit = organisation_id, region = region_code (copied from the unit), owner = the
officer's own login (user_id), so 本人 sees exactly one's own certificate record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from zhifa.core.errors import NotFound

from ..choices import CertificateStatus
from ..models import Officer
from ..permissions import OrgPerm
from ..rules import certificate_state
from ..scopes import access_object, require_perm, scope_filter

PATHS: dict[str, str | None] = {
    "org_path": "organisation_id",
    "region_path": "region_code",
    "owner_path": "user_id",
}


@dataclass(frozen=True)
class OfficerFilters:
    name: str = ""
    certificate_no: str = ""
    organisation: int | None = None
    region: str = ""
    domain: str = ""
    certificate_status: str = ""
    expiring_within_days: int | None = None  # valid today and ending within N days
    has_legal_qualification: bool | None = None
    is_active: bool | None = None


def officer_list_for_user(
    user: Any, filters: OfficerFilters | None = None, *, with_domains: bool = False
) -> QuerySet[Officer]:
    """Officers in scope. The unit is shown on every row; the domains only by the API and the
    export (`with_domains=True`, one prefetch); the login (officer.user) by no list."""
    f = filters or OfficerFilters()
    qs = scope_filter(Officer.objects.all(), user=user, perm=OrgPerm.OFFICER_VIEW, **PATHS)
    qs = qs.select_related("organisation")
    if with_domains:
        qs = qs.prefetch_related("domains")
    if f.name.strip():
        qs = qs.filter(name__contains=f.name.strip())
    if f.certificate_no.strip():
        qs = qs.filter(certificate_no__startswith=f.certificate_no.strip())
    if f.organisation is not None:
        qs = qs.filter(organisation_id=f.organisation)
    if f.region.strip():
        qs = qs.filter(region_code__startswith=f.region.strip())
    if f.domain:
        qs = qs.filter(domains__code=f.domain)
    if f.certificate_status:
        qs = qs.filter(certificate_status=f.certificate_status)
    if f.expiring_within_days is not None:
        today = timezone.localdate()
        qs = qs.filter(
            certificate_status=CertificateStatus.VALID,
            certificate_valid_to__gte=today,
            certificate_valid_to__lte=today + dt.timedelta(days=max(0, f.expiring_within_days)),
        )
    if f.has_legal_qualification is not None:
        qs = qs.filter(has_legal_qualification=f.has_legal_qualification)
    if f.is_active is not None:
        qs = qs.filter(is_active=f.is_active)
    qs = qs.order_by("organisation_id", "name", "pk")
    # Only the domain filter joins a many-valued relation; DISTINCT elsewhere would just sort.
    return qs.distinct() if f.domain else qs


def officer_get_for_user(user: Any, pk: Any) -> Officer:
    qs = Officer.objects.select_related("organisation", "organisation__region", "user").prefetch_related(
        "domains"
    )
    return access_object(qs, user=user, perm=OrgPerm.OFFICER_VIEW, pk=pk, **PATHS)


@dataclass(frozen=True)
class CertificateCheck:
    officer: Officer
    valid: bool
    state: str
    checked_on: dt.date


def officer_certificate_verify(
    user: Any, certificate_no: str, *, today: dt.date | None = None
) -> CertificateCheck:
    """Is this 执法证 valid today? Only certificates in the user's officer scope are answered."""
    require_perm(user, OrgPerm.OFFICER_VIEW)
    number = (certificate_no or "").strip()
    day = today or timezone.localdate()
    officer = (
        scope_filter(Officer.objects.all(), user=user, perm=OrgPerm.OFFICER_VIEW, **PATHS)
        .select_related("organisation")
        .filter(Q(certificate_no=number))
        .first()
    )
    if not number or officer is None:
        raise NotFound("未找到该执法证或无权查询")
    state = certificate_state(
        status=officer.certificate_status,
        valid_from=officer.certificate_valid_from,
        valid_to=officer.certificate_valid_to,
        today=day,
    )
    return CertificateCheck(
        officer=officer,
        valid=officer.is_active and officer.organisation.is_active and officer.certificate_valid_on(day),
        state=state,
        checked_on=day,
    )
