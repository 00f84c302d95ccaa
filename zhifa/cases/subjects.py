"""How documents, evidence and the worklist reach a case (zhifa.core.subjects)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.urls import reverse

from zhifa.core.errors import PermissionDenied

from .permissions import CasePerm
from .selectors import case_get_for_user, case_in_scope


def case_access(user: Any, pk: Any, *, write: bool = False) -> models.Model:
    case = case_get_for_user(user, pk)  # NotFound when missing or out of the view scope
    if write:
        owners = {h.user_id for h in case.handlers.all() if h.user_id}
        if not case_in_scope(user, case, CasePerm.HANDLE, handler_user_ids=owners):
            raise PermissionDenied("您不是本案承办人员，不能修改本案材料")
    return case


def case_describe(case: models.Model) -> str:
    return f"{case.number} {case.cause}"  # type: ignore[attr-defined]


def case_url(case: models.Model) -> str:
    return reverse("cases:detail", args=[case.pk])
