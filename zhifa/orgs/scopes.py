"""Data-scope resolution: which rows a user may read for one permission.

Usage in a selector:

    qs = scope_filter(Party.objects.all(), user=user, perm=PartyPerm.VIEW,
                      org_path="organisation_id", region_path="region_code", owner_path="created_by_id")

Only the roles that grant `perm` contribute, and their scopes combine by union. A user with no
such role, or a scope whose path the model lacks (e.g. 本人 on a model without an owner), gets
nothing: the resolution fails closed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import connection, models
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
    """The user's grants, read once per user object (one query for the roles; a second one only
    when a role scopes a permission to 自定义 organisations)."""
    cached = getattr(user, "_zhifa_grants", None)
    if cached is not None:
        return cached
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        grants = Grants(permissions=frozenset())
    elif user.is_superuser:
        grants = Grants(permissions=frozenset(), is_superuser=True)
    else:
        from .models import Role

        roles = Role.objects.filter(user_roles__user_id=user.pk).order_by()
        rows = list(roles.values_list("pk", "permissions", "data_scope", "scope_overrides"))
        perms: set[str] = set()
        scopes: dict[str, set[str]] = {}
        custom_roles: dict[str, set[int]] = {}  # perm → roles granting it with 自定义
        for role_pk, role_perms, data_scope, overrides in rows:
            for perm in role_perms:
                perms.add(perm)
                scope = str((overrides or {}).get(perm, data_scope))  # Role.scope_for
                scopes.setdefault(perm, set()).add(scope)
                if scope == DataScope.CUSTOM:
                    custom_roles.setdefault(perm, set()).add(role_pk)
        custom: dict[str, set[int]] = {}
        if custom_roles:
            through = Role.custom_organisations.through.objects.filter(
                role_id__in=set().union(*custom_roles.values())
            )
            orgs_of: dict[int, set[int]] = {}
            for role_pk, org_pk in through.values_list("role_id", "organisation_id"):
                orgs_of.setdefault(role_pk, set()).add(org_pk)
            for perm, role_pks in custom_roles.items():
                custom[perm] = set().union(*(orgs_of.get(pk, set()) for pk in role_pks))
        grants = Grants(permissions=frozenset(perms), scopes=scopes, custom_org_ids=custom)
    user._zhifa_grants = grants
    return grants


def forget_grants(user: Any) -> None:
    if hasattr(user, "_zhifa_grants"):
        del user._zhifa_grants
    for attr in ("_zhifa_subtree", "_zhifa_region"):
        if hasattr(user, attr):
            delattr(user, attr)


def has_perm(user: Any, perm: str) -> bool:
    grants = grants_for(user)
    return grants.is_superuser or perm in grants.permissions


def require_perm(user: Any, perm: str) -> None:
    if not has_perm(user, perm):
        raise PermissionDenied()


def unit_subtree_ids(user: Any) -> list[int]:
    """The user's organisation and all its descendants (one recursive CTE on parent_id; cached
    on the user object for the request)."""
    cached = getattr(user, "_zhifa_subtree", None)
    if cached is not None:
        return cached
    ids: list[int] = organisation_subtree_ids(user.organisation_id) if user.organisation_id else []
    user._zhifa_subtree = ids
    return ids


def organisation_subtree_ids(organisation_id: int) -> list[int]:
    """`organisation_id` and its descendants. A plain recursive CTE over parent_id reads only
    that subtree (django-tree-queries' `descendants()` numbers the whole tree to find it).
    UNION, not UNION ALL: a cycle written around the services cannot loop."""
    from .models import Organisation

    table = connection.ops.quote_name(Organisation._meta.db_table)
    sql = (
        f"WITH RECURSIVE subtree(id) AS (SELECT id FROM {table} WHERE id = %s "  # noqa: S608 - model table
        f"UNION SELECT o.id FROM {table} o INNER JOIN subtree s ON o.parent_id = s.id) "
        "SELECT id FROM subtree"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [organisation_id])
        return [row[0] for row in cursor.fetchall()]


def organisation_ancestor_ids(organisation_id: int, *, include_self: bool = False) -> list[int]:
    """The chain of superiors of `organisation_id`, nearest first (one recursive CTE up parent_id,
    reading only that chain). UNION stops a cycle written around the services."""
    from .models import Organisation

    table = connection.ops.quote_name(Organisation._meta.db_table)
    sql = (
        f"WITH RECURSIVE chain(id, parent_id, depth) AS (SELECT id, parent_id, 0 FROM {table} "  # noqa: S608
        f"WHERE id = %s UNION SELECT o.id, o.parent_id, c.depth + 1 FROM {table} o "
        "INNER JOIN chain c ON o.id = c.parent_id WHERE c.depth < 64) "
        "SELECT id FROM chain ORDER BY depth"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [organisation_id])
        ids = [row[0] for row in cursor.fetchall()]
    return ids if include_self else ids[1:]


def user_region_code(user: Any) -> str | None:
    """The region code of the user's unit (本区域): the loaded unit's, or one column read once
    per request (not the whole organisation row)."""
    if not getattr(user, "organisation_id", None):
        return None
    loaded = getattr(getattr(user, "_state", None), "fields_cache", {})
    if "organisation" in loaded:
        org = loaded["organisation"]
        return org.region_code if org is not None and org.region_code else None
    cached = getattr(user, "_zhifa_region", None)
    if cached is None:
        from .models import Organisation

        unit = Organisation.objects.filter(pk=user.organisation_id).order_by()
        found = unit.values_list("region_code", flat=True)
        cached = user._zhifa_region = next(iter(found), "") or ""
    return cached or None


def scope_kinds(user: Any, perm: str) -> frozenset[str]:
    """The data scopes (DataScope values) through which `user` holds `perm` (全部 for a superuser;
    empty: none). Selectors use it to pick a query plan, never to authorise."""
    grants = grants_for(user)
    if grants.is_superuser:
        return frozenset({DataScope.ALL})
    return frozenset(grants.scopes.get(perm, ()))


OwnerPath = str | Callable[[Any], Q] | None


def scope_q(
    user: Any,
    perm: str,
    *,
    org_path: str | None = "organisation_id",
    region_path: str | None = "region_code",
    owner_path: OwnerPath = "created_by_id",
) -> Q:
    """The Q object restricting a queryset to what `user` may see under `perm`. `owner_path` (本人)
    is a column holding the owner's user id, or a function of the user returning a Q when several
    people own a row (e.g. a case's handlers: `Q(pk__in=<their case ids>)`)."""
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
            q |= owner_path(user) if callable(owner_path) else Q(**{owner_path: user.pk})
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


def scope_filter(queryset: models.QuerySet[M], *, user: Any, perm: str, **paths: Any) -> models.QuerySet[M]:
    return queryset.filter(scope_q(user, perm, **paths))


def scope_contains(
    user: Any, perm: str, *, organisation_id: int | None, region_code: str = "", owner_ids: Iterable[int] = ()
) -> bool:
    """Does `user` hold `perm` over one row with these values? The same rules as scope_q, evaluated
    in Python for a row already loaded (a detail page asking which actions to offer): no query
    beyond the cached grants, subtree and region."""
    grants = grants_for(user)
    if grants.is_superuser:
        return True
    scopes = grants.scopes.get(perm)
    if not scopes:
        return False
    for scope in scopes:
        if scope == DataScope.ALL:
            return True
        if scope == DataScope.SELF and user.pk in set(owner_ids):
            return True
        if scope == DataScope.OWN_UNIT and organisation_id and organisation_id == user.organisation_id:
            return True
        if (
            scope == DataScope.UNIT_AND_BELOW
            and organisation_id
            and user.organisation_id
            and organisation_id in unit_subtree_ids(user)
        ):
            return True
        if scope == DataScope.REGION:
            region = user_region_code(user)
            if region and (region_code or "").startswith(region):
                return True
        if scope == DataScope.CUSTOM and organisation_id in grants.custom_org_ids.get(perm, set()):
            return True
    return False


def access_object(queryset: models.QuerySet[M], *, user: Any, perm: str, pk: Any, **paths: Any) -> M:
    """Fetch one row the user may see under `perm`; "missing" and "not yours" give the same NotFound."""
    require_perm(user, perm)
    obj = scope_filter(queryset, user=user, perm=perm, **paths).filter(pk=pk).first()
    if obj is None:
        raise NotFound()
    return obj
