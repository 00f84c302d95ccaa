"""Role-aware navigation. Each app declares `MENU: list[MenuItem]` in `<app>/menu.py`; the left
menu shows the items whose permission the user holds (any of `perms`), grouped and ordered."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.urls import NoReverseMatch, reverse

from zhifa.orgs.scopes import has_perm


@dataclass(frozen=True)
class MenuItem:
    group: str
    label: str
    url_name: str
    perms: tuple[str, ...] = ()  # empty = every logged-in user
    order: int = 100


@dataclass
class MenuGroup:
    label: str
    items: list[dict[str, Any]]


GROUP_ORDER = [
    "工作台",
    "办案",
    "执法监督",
    "基础数据",
    "法律法规库",
    "执法事项",
    "执法对象",
    "组织与人员",
    "系统管理",
]


def all_menu_items() -> list[MenuItem]:
    items: list[MenuItem] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("zhifa."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.menu")
        except ModuleNotFoundError:
            continue
        items.extend(getattr(module, "MENU", []))
    return items


def menu_for(user: Any, current_path: str = "") -> list[MenuGroup]:
    if not getattr(user, "is_authenticated", False):
        return []
    groups: dict[str, MenuGroup] = {}
    for item in sorted(all_menu_items(), key=lambda i: i.order):
        if item.perms and not any(has_perm(user, p) for p in item.perms):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        group = groups.setdefault(item.group, MenuGroup(label=item.group, items=[]))
        group.items.append(
            {"label": item.label, "url": url, "active": current_path.startswith(url) and url != "/"}
        )
    ordered = sorted(
        groups.values(), key=lambda g: GROUP_ORDER.index(g.label) if g.label in GROUP_ORDER else 99
    )
    return ordered
