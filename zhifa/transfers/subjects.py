"""How the worklist (approvals, deadlines) reaches a transfer (zhifa.core.subjects)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.urls import reverse

from .selectors import transfer_get_for_user


def transfer_access(user: Any, pk: Any, *, write: bool = False) -> models.Model:
    return transfer_get_for_user(user, pk)


def transfer_describe(transfer: models.Model) -> str:
    return f"{transfer.get_kind_display()} {transfer.case_number}"  # type: ignore[attr-defined]


def transfer_url(transfer: models.Model) -> str:
    return reverse("transfers:detail", args=[transfer.pk])
