"""Regions (GB/T 2260) are reference data: everyone holding `orgs.region.view` sees all of them."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from zhifa.core.errors import NotFound

from ..models import Region
from ..permissions import OrgPerm
from ..scopes import require_perm


def region_children(user: Any, parent_code: str | None = None) -> QuerySet[Region]:
    """Provinces when parent_code is empty, else the direct children of that region."""
    require_perm(user, OrgPerm.REGION_VIEW)
    qs = Region.objects.annotate(child_count=Count("children")).order_by("code")
    if not parent_code:
        return qs.filter(parent__isnull=True)
    return qs.filter(parent__code=parent_code)


def region_get(user: Any, code: str) -> Region:
    require_perm(user, OrgPerm.REGION_VIEW)
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise NotFound("区划不存在")
    return region


def region_path(region: Region) -> list[Region]:
    """Ancestors from the province down to the region itself (breadcrumbs).

    GB/T 2260 codes are prefixes of their children's (44 → 4403 → 440303 → 440303001), so the
    path is one indexed lookup; django-tree-queries' `ancestors()` would number the whole tree of
    44,703 regions first (minutes on PostgreSQL)."""
    prefixes = [region.code[:n] for n in (2, 4, 6, 9) if n <= len(region.code)]
    return list(Region.objects.filter(code__in=prefixes).order_by("code"))


def region_search(user: Any, term: str, limit: int = 50) -> QuerySet[Region]:
    require_perm(user, OrgPerm.REGION_VIEW)
    term = term.strip()
    if not term:
        return Region.objects.none()
    if term.isdigit():
        return Region.objects.filter(code__startswith=term).order_by("code")[:limit]
    return Region.objects.filter(name__contains=term).order_by("code")[:limit]
