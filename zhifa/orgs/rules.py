"""Pure rules of the orgs app (no database access)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

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
        OrgPerm.AUDIT_VIEW,
        OrgPerm.HOLIDAY_MANAGE,
    }
)

EXPIRING_WITHIN_DAYS = 90


def role_grantable(
    *,
    grantor_scope_ranks: Iterable[int],
    grantor_permissions: Iterable[str],
    role_scope: str,
    role_permissions: Iterable[str],
) -> bool:
    """May a user managing users with these scopes and permissions grant this role?

    The role's data scope may not be broader than the grantor's user-management scope, and every
    elevated permission of the role must be held by the grantor. A 单位管理员 (本单位及下级) can
    thus grant 执法人员 or 执法队长 but never 市司法局管理员 (全部) or 区司法局管理员 (本区域).
    """
    ranks = list(grantor_scope_ranks)
    if not ranks:
        return False
    if SCOPE_RANK.get(role_scope, 99) > max(ranks):
        return False
    held = set(grantor_permissions)
    return all(p in held for p in role_permissions if p in ELEVATED_PERMISSIONS)


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
