"""How documents, evidence and the worklist reach an inspection (zhifa.core.subjects)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.urls import reverse

from .selectors import inspection_get_for_execution, inspection_get_for_user


def inspection_access(user: Any, pk: Any, *, write: bool = False) -> models.Model:
    return inspection_get_for_execution(user, pk) if write else inspection_get_for_user(user, pk)


def inspection_describe(inspection: models.Model) -> str:
    return f"行政检查 {inspection.party_name}"  # type: ignore[attr-defined]


def inspection_url(inspection: models.Model) -> str:
    return reverse("inspections:detail", args=[inspection.pk])
