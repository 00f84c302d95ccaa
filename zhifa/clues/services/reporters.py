"""The reporters block of a clue, shown in clear only to permitted users of the handling unit;
each clear view is audited (BEYOND.md §14; ARCHITECTURE §7)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from zhifa.core.audit import Actor, audit_append

from ..models import Clue
from ..selectors import ReporterView, can_view_reporter, reporter_view


def clue_reporters_for_user(*, actor: Actor, user: Any, clue: Clue) -> list[ReporterView]:
    clear = can_view_reporter(user, clue)
    reporters = list(clue.reporters.all())
    views = [reporter_view(r, clear=clear) for r in reporters]
    if clear and reporters:
        with transaction.atomic():
            audit_append(
                actor=actor,
                action="clues.reporter.view",
                subject=clue,
                payload={"reporters": [r.pk for r in reporters]},
            )
    return views
