"""Users and roles as seen by a user manager (`orgs.user.manage`), and what they may grant.

Scope paths for users: unit = organisation_id, region = organisation__region_code, owner = id.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from zhifa.core.scopes import DataScope

from ..models import Organisation, Role, User, UserRole
from ..permissions import OrgPerm
from ..rules import SCOPE_RANK, role_grantable
from ..scopes import access_object, grants_for, scope_filter

PATHS: dict[str, str | None] = {
    "org_path": "organisation_id",
    "region_path": "organisation__region_code",
    "owner_path": "id",
}
ORG_PATHS: dict[str, str | None] = {"org_path": "id", "region_path": "region_code", "owner_path": None}


@dataclass(frozen=True)
class UserFilters:
    name: str = ""
    organisation: int | None = None
    role: str = ""  # Role.code
    is_active: bool | None = None


def user_list_for_user(user: Any, filters: UserFilters | None = None) -> QuerySet[User]:
    f = filters or UserFilters()
    qs = scope_filter(User.objects.all(), user=user, perm=OrgPerm.USER_MANAGE, **PATHS)
    qs = qs.select_related("organisation").prefetch_related(
        Prefetch("user_roles", queryset=UserRole.objects.select_related("role").order_by("role__sort_order"))
    )
    if f.name.strip():
        term = f.name.strip()
        qs = qs.filter(Q(username__contains=term) | Q(display_name__contains=term))
    if f.organisation is not None:
        qs = qs.filter(organisation_id=f.organisation)
    if f.role:
        qs = qs.filter(user_roles__role__code=f.role)
    if f.is_active is not None:
        qs = qs.filter(is_active=f.is_active)
    return qs.order_by("organisation_id", "username").distinct()


def user_get_for_user(user: Any, pk: Any) -> User:
    qs = User.objects.select_related("organisation").prefetch_related("user_roles__role")
    return access_object(qs, user=user, perm=OrgPerm.USER_MANAGE, pk=pk, **PATHS)


def manageable_organisations(user: Any) -> QuerySet[Organisation]:
    """Units in which `user` may create and manage logins."""
    qs = scope_filter(Organisation.objects.all(), user=user, perm=OrgPerm.USER_MANAGE, **ORG_PATHS)
    return qs.filter(is_active=True).order_by("region_code", "name")


def organisation_manageable_by(user: Any, organisation: Organisation) -> bool:
    return manageable_organisations(user).filter(pk=organisation.pk).exists()


def _grantor_ranks(user: Any) -> list[int]:
    scopes = grants_for(user).scopes.get(OrgPerm.USER_MANAGE, set())
    # A custom list of units is no broader than 本单位及下级 when it comes to handing out roles.
    return [SCOPE_RANK[DataScope.UNIT_AND_BELOW] if s == DataScope.CUSTOM else SCOPE_RANK[s] for s in scopes]


def role_grantable_by(user: Any, role: Role) -> bool:
    grants = grants_for(user)
    if grants.is_superuser:
        return True
    # 自定义 scopes rank as 本单位及下级 when bounding what a grantor may hand out.
    own_scopes = {
        perm: [DataScope.UNIT_AND_BELOW if s == DataScope.CUSTOM else s for s in scopes]
        for perm, scopes in grants.scopes.items()
    }
    return role_grantable(
        grantor_manage_ranks=_grantor_ranks(user),
        grantor_scopes=own_scopes,
        grantor_permissions=grants.permissions,
        role_data_scope=role.data_scope,
        role_scope_overrides=role.scope_overrides,
        role_permissions=role.permissions,
    )


def grantable_roles_for(user: Any) -> list[Role]:
    return [role for role in Role.objects.order_by("sort_order", "code") if role_grantable_by(user, role)]


def role_list() -> QuerySet[Role]:
    return Role.objects.prefetch_related("custom_organisations").order_by("sort_order", "code")
