from __future__ import annotations

from collections.abc import Iterable

from zhifa.core.errors import Conflict

from ..models import Clue


def lock(clue: Clue) -> Clue:
    return Clue.objects.select_for_update().get(pk=clue.pk)


def require_state(clue: Clue, states: Iterable[str], action: str) -> None:
    allowed = list(states)
    if clue.state not in allowed:
        raise Conflict(f"线索“{clue.number}”当前为“{clue.get_state_display()}”，不能{action}")
