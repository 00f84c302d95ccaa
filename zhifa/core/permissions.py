"""Permission codenames: `<app>.<object>.<verb>`. Each app lists its own in `<app>/permissions.py`
as a `PermissionSet` (a StrEnum with Chinese labels); `all_permissions()` gathers them for the role
admin and the authorisation-matrix tests."""

from __future__ import annotations

import importlib
from enum import StrEnum

from django.apps import apps


class PermissionSet(StrEnum):
    """Subclass with members `NAME = "app.object.verb", "中文名"`."""

    def __new__(cls, value: str, label: str = "") -> PermissionSet:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label or value  # type: ignore[attr-defined]
        return member


def all_permissions() -> dict[str, str]:
    """codename → label for every installed app's PermissionSet subclasses."""
    catalogue: dict[str, str] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("zhifa."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.permissions")
        except ModuleNotFoundError:
            continue
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, PermissionSet) and obj is not PermissionSet:
                for member in obj:
                    catalogue[member.value] = member.label  # type: ignore[attr-defined]
    return catalogue


class CorePerm(PermissionSet):
    """The kernel's own codenames."""

    AUDIT_VIEW = "core.audit.view", "审计日志查看"
    HOLIDAY_MANAGE = "core.holiday.manage", "节假日维护"
