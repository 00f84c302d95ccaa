"""How the worklist, documents and evidence reach a clue (zhifa.core.subjects), and the clue rows
of 我的待办's deadlines."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.urls import reverse

from zhifa.core.errors import PermissionDenied

from .choices import OPEN_STATES
from .models import Clue
from .permissions import CluePerm
from .selectors import clue_get_for_user, clue_in_scope


def clue_access(user: Any, pk: Any, *, write: bool = False) -> models.Model:
    clue = clue_get_for_user(user, pk)
    if write and not clue_in_scope(user, clue, CluePerm.HANDLE):
        raise PermissionDenied("您不能办理该线索")
    return clue


def clue_describe(clue: models.Model) -> str:
    return f"线索 {clue.number} {clue.violation}"  # type: ignore[attr-defined]


def clue_url(clue: models.Model) -> str:
    return reverse("clues:detail", args=[clue.pk])


def my_clue_deadlines(user: Any) -> list[Any]:
    """Open handling clocks of the clues the user handles."""
    from zhifa.worklist.models import OPEN_STATES as DEADLINE_OPEN
    from zhifa.worklist.models import Deadline
    from zhifa.worklist.registry import MyDeadline

    if not getattr(user, "is_authenticated", False):
        return []
    clues = {
        c.pk: c
        for c in Clue.objects.filter(handler_user_id=user.pk, state__in=OPEN_STATES).only(
            "pk", "number", "violation"
        )
    }
    if not clues:
        return []
    rows = Deadline.objects.filter(
        subject_type="clues.clue", subject_id__in=list(clues), state__in=DEADLINE_OPEN
    )
    return [MyDeadline(d, clue_describe(clues[d.subject_id]), clue_url(clues[d.subject_id])) for d in rows]
