"""Pure rules of the orgs app (no database access)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from zhifa.core.permissions import CorePerm
from zhifa.core.scopes import DataScope

from .choices import CertificateStatus
from .permissions import OrgPerm

# Breadth of a data scope. 自定义 sits with 全部: only a user who may see everything can hand out
# an arbitrary list of organisations.
SCOPE_RANK: dict[str, int] = {
    DataScope.SELF: 0,
    DataScope.OWN_UNIT: 1,
    DataScope.UNIT_AND_BELOW: 2,
    DataScope.REGION: 3,
    DataScope.CUSTOM: 4,
    DataScope.ALL: 4,
}

# Permissions that administer people and the platform itself. A grantor must hold each of them to
# hand out a role carrying it (no privilege escalation through role assignment).
ELEVATED_PERMISSIONS: frozenset[str] = frozenset(
    {
        OrgPerm.ORGANISATION_MANAGE,
        OrgPerm.OFFICER_MANAGE,
        OrgPerm.USER_MANAGE,
        CorePerm.AUDIT_VIEW,
        CorePerm.HOLIDAY_MANAGE,
    }
)

# Reference information the public portal publishes anyway (处罚法 Arts. 34, 39): a role's wider
# scope for reading it is no escalation, so it does not count when deciding who may grant the role.
PUBLIC_REFERENCE_PERMISSIONS: frozenset[str] = frozenset({"legal.law.view", "legal.power.view"})

EXPIRING_WITHIN_DAYS = 90


def scope_rank(scope: str) -> int:
    return SCOPE_RANK.get(scope, 99)


def role_grantable(
    *,
    grantor_manage_ranks: Iterable[int],
    grantor_scopes: Mapping[str, Iterable[str]],
    grantor_permissions: Iterable[str],
    role_data_scope: str,
    role_scope_overrides: Mapping[str, str],
    role_permissions: Iterable[str],
) -> bool:
    """May a user managing users with these scopes and permissions grant this role?

    For every permission of the role, the role's scope may not be broader than what the grantor
    has for that same permission, or — for work the grantor does not do themselves (an admin does
    not handle cases) — than the grantor's user-management scope. Every elevated permission must
    be held by the grantor. Public reference data (laws, the power list) never counts. A 单位管理员
    (本单位及下级) can thus grant 执法人员 or 执法队长 but never 市司法局管理员 (全部) or 区司法局管理员.
    """
    manage = list(grantor_manage_ranks)
    if not manage:
        return False
    manage_rank = max(manage)
    held = set(grantor_permissions)
    for perm in role_permissions:
        if perm in PUBLIC_REFERENCE_PERMISSIONS:
            continue
        if perm in ELEVATED_PERMISSIONS and perm not in held:
            return False
        own = [scope_rank(s) for s in grantor_scopes.get(perm, ())]
        bound = max(own) if own else manage_rank
        if scope_rank(role_scope_overrides.get(perm, role_data_scope)) > bound:
            return False
    return True


def certificate_state(
    *,
    status: str,
    valid_from: dt.date,
    valid_to: dt.date,
    today: dt.date,
    within_days: int = EXPIRING_WITHIN_DAYS,
) -> str:
    """Badge state of a certificate: valid, expiring, expired, suspended, revoked or not_yet."""
    if status in (CertificateStatus.SUSPENDED, CertificateStatus.REVOKED):
        return str(status)
    if status == CertificateStatus.EXPIRED or valid_to < today:
        return "expired"
    if valid_from > today:
        return "not_yet"
    if (valid_to - today).days <= within_days:
        return "expiring"
    return "valid"


CERTIFICATE_STATE_LABELS = {
    "valid": ("有效", "badge-ok"),
    "expiring": ("即将到期", "badge-yellow"),
    "expired": ("已过期", "badge-red"),
    "suspended": ("暂扣", "badge-red"),
    "revoked": ("注销", "badge-red"),
    "not_yet": ("未生效", "badge-blue"),
}
