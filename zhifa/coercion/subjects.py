"""How the worklist (approvals, deadlines) reaches a coercive measure (zhifa.core.subjects)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.urls import reverse

from .selectors import measure_get_for_user


def measure_access(user: Any, pk: Any, *, write: bool = False) -> models.Model:
    return measure_get_for_user(user, pk)


def measure_describe(measure: models.Model) -> str:
    m: Any = measure
    return f"{m.get_kind_display()} {m.party_name}" + (f"（{m.case_number}）" if m.case_number else "")


def measure_url(measure: models.Model) -> str:
    return reverse("coercion:detail", args=[measure.pk])


def enforcement_access(user: Any, pk: Any, *, write: bool = False) -> models.Model:
    from .selectors import enforcement_get_for_user

    return enforcement_get_for_user(user, pk)


def enforcement_describe(row: models.Model) -> str:
    e: Any = row
    return f"强制执行 {e.party_name}" + (f"（{e.case_number}）" if e.case_number else "")


def enforcement_url(row: models.Model) -> str:
    return reverse("coercion:enforcement_detail", args=[row.pk])
