"""Data-scope resolution: which rows a user may read for one permission.

Usage in a selector:

    qs = scope_filter(Party.objects.all(), user=user, perm=PartyPerm.VIEW,
                      org_path="organisation_id", region_path="region_code", owner_path="created_by_id")

Only the roles that grant `perm` contribute, and their scopes combine by union. A user with no
such role, or a scope whose path the model lacks (e.g. 本人 on a model without an owner), gets
nothing: the resolution fails closed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import models
from django.db.models import Q

from zhifa.core.errors import NotFound, PermissionDenied
from zhifa.core.scopes import DataScope

M = TypeVar("M", bound=models.Model)

NOTHING = Q(pk__in=[])
# Not `Q()`: an empty Q vanishes when OR-ed (`Q() | x == x`), which would silently narrow 全部
# to whatever a selector adds. `pk IS NOT NULL` is a tautology that survives unions.
EVERYTHING = Q(pk__isnull=False)


@dataclass
class Grants:
    """A user's permissions and, per permission, the data scopes granting it (cached per user object)."""

    permissions: frozenset[str]
    scopes: dict[str, set[str]] = field(default_factory=dict)
    custom_org_ids: dict[str, set[int]] = field(default_factory=dict)
    is_superuser: bool = False


def grants_for(user: Any) -> Grants:
    cached = getattr(user, "_zhifa_grants", None)
    if cached is not None:
        return cached
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        grants = Grants(permissions=frozenset())
    elif user.is_superuser:
        grants = Grants(permissions=frozenset(), is_superuser=True)
    else:
        from .models import Role

        roles = list(Role.objects.filter(user_roles__user=user).prefetch_related("custom_organisations"))
        perms: set[str] = set()
        scopes: dict[str, set[str]] = {}
        custom: dict[str, set[int]] = {}
        for role in roles:
            custom_ids = {org.pk for org in role.custom_organisations.all()}
            for perm in role.permissions:
                perms.add(perm)
                scope = role.scope_for(perm)
                scopes.setdefault(perm, set()).add(scope)
                if scope == DataScope.CUSTOM:
                    custom.setdefault(perm, set()).update(custom_ids)
        grants = Grants(permissions=frozenset(perms), scopes=scopes, custom_org_ids=custom)
    user._zhifa_grants = grants
    return grants


def forget_grants(user: Any) -> None:
    if hasattr(user, "_zhifa_grants"):
        del user._zhifa_grants
    if hasattr(user, "_zhifa_subtree"):
        del user._zhifa_subtree


def has_perm(user: Any, perm: str) -> bool:
    grants = grants_for(user)
    return grants.is_superuser or perm in grants.permissions


def require_perm(user: Any, perm: str) -> None:
    if not has_perm(user, perm):
        raise PermissionDenied()


def unit_subtree_ids(user: Any) -> list[int]:
    """The user's organisation and all its descendants (recursive CTE via django-tree-queries)."""
    cached = getattr(user, "_zhifa_subtree", None)
    if cached is not None:
        return cached
    from .models import Organisation

    ids: list[int] = []
    if user.organisation_id:
        ids = list(
            Organisation.objects.descendants(user.organisation_id, include_self=True).values_list(
                "pk", flat=True
            )
        )
    user._zhifa_subtree = ids
    return ids


def user_region_code(user: Any) -> str | None:
    org = getattr(user, "organisation", None)
    return org.region_code if org is not None and org.region_code else None


def scope_q(
    user: Any,
    perm: str,
    *,
    org_path: str | None = "organisation_id",
    region_path: str | None = "region_code",
    owner_path: str | None = "created_by_id",
) -> Q:
    """The Q object restricting a queryset to what `user` may see under `perm`."""
    grants = grants_for(user)
    if grants.is_superuser:
        return EVERYTHING
    scopes = grants.scopes.get(perm)
    if not scopes:
        return NOTHING
    if DataScope.ALL in scopes:
        return EVERYTHING
    q = NOTHING
    for scope in scopes:
        if scope == DataScope.SELF and owner_path:
            q |= Q(**{owner_path: user.pk})
        elif scope == DataScope.OWN_UNIT and org_path and user.organisation_id:
            q |= Q(**{org_path: user.organisation_id})
        elif scope == DataScope.UNIT_AND_BELOW and org_path and user.organisation_id:
            q |= Q(**{f"{org_path}__in": unit_subtree_ids(user)})
        elif scope == DataScope.REGION and region_path:
            region = user_region_code(user)
            if region:
                q |= Q(**{f"{region_path}__startswith": region})
        elif scope == DataScope.CUSTOM and org_path:
            ids = grants.custom_org_ids.get(perm)
            if ids:
                q |= Q(**{f"{org_path}__in": sorted(ids)})
    return q


def scope_filter(
    queryset: models.QuerySet[M], *, user: Any, perm: str, **paths: str | None
) -> models.QuerySet[M]:
    return queryset.filter(scope_q(user, perm, **paths))


def access_object(queryset: models.QuerySet[M], *, user: Any, perm: str, pk: Any, **paths: str | None) -> M:
    """Fetch one row the user may see under `perm`; "missing" and "not yours" give the same NotFound."""
    require_perm(user, perm)
    obj = scope_filter(queryset, user=user, perm=perm, **paths).filter(pk=pk).first()
    if obj is None:
        raise NotFound()
    return obj
