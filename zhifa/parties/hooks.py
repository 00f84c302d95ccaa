"""Explicit hook registry (ARCHITECTURE §3: no signals). Higher apps (cases, inspections …) register
a function that re-points their references from a merged duplicate party to the kept one; it runs
inside `party_merge`'s transaction."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

MergeHook = Callable[..., Any]  # hook(*, keep: Party, duplicate: Party, actor: Actor) -> None

_MERGE_HOOKS: list[MergeHook] = []


def register_merge_hook(hook: MergeHook) -> MergeHook:
    if hook not in _MERGE_HOOKS:
        _MERGE_HOOKS.append(hook)
    return hook


def merge_hooks() -> tuple[MergeHook, ...]:
    return tuple(_MERGE_HOOKS)
