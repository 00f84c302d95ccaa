"""Writes on roles: create / update (permission codenames checked against the catalogue) and the
seed from ROLE_SPECS, which only creates missing roles and never overwrites an edited one."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction

from zhifa.core.audit import Actor, audit_append
from zhifa.core.errors import ValidationError
from zhifa.core.permissions import all_permissions
from zhifa.core.scopes import DataScope

from ..models import Organisation, Role
from ..roles import ROLE_SPECS

ROLE_FIELDS = (
    "name",
    "description",
    "permissions",
    "data_scope",
    "scope_overrides",
    "custom_organisations",
    "sort_order",
)


def known_permissions() -> dict[str, str]:
    """codename → label: installed apps' PermissionSets plus the future-module codenames of ROLE_SPECS."""
    catalogue = {str(p): str(p) for spec in ROLE_SPECS for p in spec.permissions}
    catalogue.update(all_permissions())
    return dict(sorted(catalogue.items()))


def _invalid(field: str, message: str) -> ValidationError:
    return ValidationError(message, fields={field: [message]})


def _clean_permissions(permissions: Iterable[str]) -> list[str]:
    codes = sorted({str(p).strip() for p in permissions if str(p).strip()})
    unknown = [c for c in codes if c not in known_permissions()]
    if unknown:
        raise _invalid("permissions", f"未知的权限代码：{'、'.join(unknown)}")
    return codes


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    name = (data.get("name") or "").strip()
    if not name:
        raise _invalid("name", "请填写角色名称")
    if len(name) > 64:
        raise _invalid("name", "角色名称不能超过64个字符")
    data["name"] = name
    data["description"] = (data.get("description") or "").strip()[:255]
    if data.get("data_scope") not in DataScope.values:
        raise _invalid("data_scope", "请选择数据权限")
    data["permissions"] = _clean_permissions(data.get("permissions") or [])
    overrides = {str(k): str(v) for k, v in dict(data.get("scope_overrides") or {}).items()}
    stray = sorted(set(overrides) - set(data["permissions"]))
    if stray:
        raise _invalid("scope_overrides", f"数据权限例外只能针对本角色已有的权限：{'、'.join(stray)}")
    if any(v not in DataScope.values for v in overrides.values()):
        raise _invalid("scope_overrides", "数据权限例外中的数据权限无效")
    data["scope_overrides"] = {k: v for k, v in sorted(overrides.items()) if v != data["data_scope"]}
    custom = list(data.get("custom_organisations") or [])
    uses_custom = (
        data["data_scope"] == DataScope.CUSTOM or DataScope.CUSTOM in data["scope_overrides"].values()
    )
    if uses_custom and not custom:
        raise _invalid("custom_organisations", "自定义数据权限须至少选择一个单位")
    data["custom_organisations"] = custom if uses_custom else []
    data["sort_order"] = int(data.get("sort_order") or 0)
    return data


def role_validate(data: Mapping[str, Any]) -> dict[str, Any]:
    """The checks of create/update without writing (used by the admin form to show errors inline)."""
    return _clean(dict(data))


def _snapshot(role: Role) -> dict[str, Any]:
    return {
        "name": role.name,
        "data_scope": role.data_scope,
        "scope_overrides": dict(role.scope_overrides),
        "permissions": list(role.permissions),
        "custom_organisations": sorted(o.pk for o in role.custom_organisations.all()),
    }


def role_create(
    *,
    actor: Actor,
    code: str,
    name: str,
    permissions: Iterable[str],
    data_scope: str,
    scope_overrides: Mapping[str, str] | None = None,
    description: str = "",
    custom_organisations: Iterable[Organisation] = (),
    sort_order: int = 0,
) -> Role:
    code = (code or "").strip()
    if not code or not code.replace("_", "").isalnum() or not code.isascii() or len(code) > 64:
        raise _invalid("code", "角色代码应为英文字母、数字或下划线，最多64个字符")
    if Role.objects.filter(code=code).exists():
        raise _invalid("code", f"角色代码{code}已存在")
    data = _clean(
        {
            "name": name,
            "permissions": permissions,
            "data_scope": data_scope,
            "scope_overrides": dict(scope_overrides or {}),
            "description": description,
            "custom_organisations": custom_organisations,
            "sort_order": sort_order,
        }
    )
    custom = data.pop("custom_organisations")
    with transaction.atomic():
        role = Role.objects.create(code=code, **data)
        role.custom_organisations.set(custom)
        audit_append(
            actor=actor, action="orgs.role.create", subject=role, payload={"code": code, **_snapshot(role)}
        )
    return role


def role_update(*, actor: Actor, role: Role, changes: Mapping[str, Any]) -> Role:
    unknown = set(changes) - set(ROLE_FIELDS)
    if unknown:
        raise ValidationError(f"不能修改字段：{'、'.join(sorted(unknown))}")
    with transaction.atomic():
        row = Role.objects.select_for_update().get(pk=role.pk)
        before = _snapshot(row)
        data = {
            "name": row.name,
            "description": row.description,
            "permissions": row.permissions,
            "data_scope": row.data_scope,
            "scope_overrides": dict(row.scope_overrides),
            "custom_organisations": list(row.custom_organisations.all()),
            "sort_order": row.sort_order,
        }
        data.update(changes)
        if "permissions" in changes and "scope_overrides" not in changes:
            # Exceptions of permissions the role no longer grants lapse with them.
            kept = {str(p) for p in changes["permissions"]}
            data["scope_overrides"] = {k: v for k, v in data["scope_overrides"].items() if k in kept}
        data = _clean(data)
        custom = data.pop("custom_organisations")
        for field, value in data.items():
            setattr(row, field, value)
        row.save()
        row.custom_organisations.set(custom)
        audit_append(
            actor=actor,
            action="orgs.role.update",
            subject=row,
            payload={"code": row.code, "before": before, "after": _snapshot(row)},
        )
    return row


def roles_seed(*, actor: Actor) -> dict[str, int]:
    """Create the ROLE_SPECS roles that are missing; existing roles (possibly edited) stay as they are."""
    existing = set(Role.objects.values_list("code", flat=True))
    created: list[str] = []
    with transaction.atomic():
        for order, spec in enumerate(ROLE_SPECS, start=1):
            if spec.code in existing:
                continue
            Role.objects.create(
                code=spec.code,
                name=spec.name,
                description=spec.description[:255],
                permissions=sorted(str(p) for p in spec.permissions),
                data_scope=spec.data_scope,
                scope_overrides={str(k): str(v) for k, v in spec.scope_overrides},
                sort_order=order * 10,
            )
            created.append(spec.code)
        if created:
            audit_append(actor=actor, action="orgs.role.seed", payload={"created": created})
    return {"roles": len(ROLE_SPECS), "created": len(created), "kept": len(ROLE_SPECS) - len(created)}
