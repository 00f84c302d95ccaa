"""Organisations visible to a user under `orgs.organisation.view`.

Scope paths: the organisation itself is the unit (org_path="id"), its region_code the region, and
there is no owner (本人 grants nothing here).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from ..models import Organisation
from ..permissions import OrgPerm
from ..scopes import access_object, scope_filter

PATHS: dict[str, str | None] = {"org_path": "id", "region_path": "region_code", "owner_path": None}


@dataclass(frozen=True)
class OrganisationFilters:
    name: str = ""
    kind: str = ""
    level: str = ""
    region: str = ""  # region code prefix
    domain: str = ""  # Domain.code
    is_active: bool | None = None
    parent: int | None = None


def organisation_scope(user: Any, perm: str = OrgPerm.ORGANISATION_VIEW) -> QuerySet[Organisation]:
    return scope_filter(Organisation.objects.all(), user=user, perm=perm, **PATHS)


def organisation_list_for_user(
    user: Any, filters: OrganisationFilters | None = None, *, perm: str = OrgPerm.ORGANISATION_VIEW
) -> QuerySet[Organisation]:
    f = filters or OrganisationFilters()
    qs = organisation_scope(user, perm).select_related("region", "parent", "supervised_by", "entrusted_by")
    qs = qs.prefetch_related("domains")
    if f.name.strip():
        term = f.name.strip()
        qs = qs.filter(Q(name__contains=term) | Q(short_name__contains=term))
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.level:
        qs = qs.filter(level=f.level)
    if f.region.strip():
        qs = qs.filter(region_code__startswith=f.region.strip())
    if f.domain:
        qs = qs.filter(domains__code=f.domain)
    if f.is_active is not None:
        qs = qs.filter(is_active=f.is_active)
    if f.parent is not None:
        qs = qs.filter(parent_id=f.parent)
    return qs.order_by("region_code", "name", "pk").distinct()


def organisation_get_for_user(user: Any, pk: Any) -> Organisation:
    """One organisation in scope: NotFound if missing or not yours, PermissionDenied without the perm."""
    qs = Organisation.objects.select_related("region", "parent", "supervised_by", "entrusted_by")
    return access_object(
        qs.prefetch_related("domains"), user=user, perm=OrgPerm.ORGANISATION_VIEW, pk=pk, **PATHS
    )


def organisation_children_for_user(user: Any, organisation: Organisation) -> QuerySet[Organisation]:
    """Direct subordinate units of `organisation` that the user may see."""
    return (
        organisation_scope(user)
        .filter(parent=organisation)
        .select_related("region")
        .annotate(officer_count=Count("officers", distinct=True))
        .order_by("region_code", "name")
    )
