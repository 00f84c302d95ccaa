"""Reads of transfers: the sender's list and the receiver's list, each scoped (fails closed)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from zhifa.core.errors import NotFound
from zhifa.orgs.scopes import has_perm, scope_q

from .models import Transfer
from .permissions import TransferPerm


def _visible(user: Any) -> Q:
    if not has_perm(user, TransferPerm.VIEW):
        return Q(pk__in=[])
    sent = scope_q(
        user,
        TransferPerm.VIEW,
        org_path="organisation_id",
        region_path="region_code",
        owner_path="requested_by_id",
    )
    received = (
        Q(to_organisation_id=getattr(user, "organisation_id", None))
        if has_perm(user, TransferPerm.RECEIVE)
        else Q(pk__in=[])
    )
    return sent | received


def transfer_list_for_user(
    user: Any, *, box: str = "sent", kind: str = "", state: str = ""
) -> QuerySet[Transfer]:
    """`box` "sent": what the user's units sent; "received": what was sent to the user's unit."""
    qs = Transfer.objects.filter(_visible(user)).select_related("organisation", "to_organisation")
    if box == "received":
        qs = qs.filter(to_organisation_id=getattr(user, "organisation_id", None))
    else:
        qs = qs.filter(
            scope_q(
                user,
                TransferPerm.VIEW,
                org_path="organisation_id",
                region_path="region_code",
                owner_path="requested_by_id",
            )
        )
    if kind:
        qs = qs.filter(kind=kind)
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("-id")


def transfer_get_for_user(user: Any, pk: Any) -> Transfer:
    row = (
        Transfer.objects.filter(_visible(user))
        .select_related("organisation", "to_organisation", "case")
        .filter(pk=pk)
        .first()
    )
    if row is None:
        raise NotFound()
    return row


def transfers_for_case(case: Any) -> list[Transfer]:
    return list(Transfer.objects.filter(case=case).order_by("-id"))
