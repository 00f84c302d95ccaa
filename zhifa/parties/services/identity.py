"""The audited reveal of a full identity number (ARCHITECTURE §7: each unmasked view is audited)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from zhifa.core.audit import Actor, audit_append
from zhifa.core.crypto_fields import decrypt_identity
from zhifa.core.errors import NotFound
from zhifa.orgs.scopes import access_object

from ..models import ID_NUMBER_CONTEXT, LEGAL_REP_ID_CONTEXT, SCOPE_PATHS, Party
from ..permissions import PartyPerm

REVEALABLE = {
    "id_number": ("id_number_cipher", "id_number_masked", ID_NUMBER_CONTEXT),
    "legal_rep_id_number": ("legal_rep_id_cipher", "legal_rep_id_masked", LEGAL_REP_ID_CONTEXT),
}


def party_reveal_identity(*, actor: Actor, user: Any, party: Party, field: str = "id_number") -> str:
    """The unmasked identity number, if `user` holds parties.party.view_identity with this party in
    its data scope (otherwise PermissionDenied / NotFound). Appends one audit event
    `parties.party.view_identity` per call, in the same transaction as the read."""
    if field not in REVEALABLE:
        raise NotFound()
    cipher_field, masked_field, context = REVEALABLE[field]
    with transaction.atomic():
        obj = access_object(
            Party.objects.all(), user=user, perm=PartyPerm.VIEW_IDENTITY, pk=party.pk, **SCOPE_PATHS
        )
        blob = getattr(obj, cipher_field)
        if not blob:
            raise NotFound("该执法对象未登记证件号码")
        value = decrypt_identity(blob, context=context)
        audit_append(
            actor=actor,
            action=PartyPerm.VIEW_IDENTITY.value,
            subject=obj,
            payload={"field": field, "masked": getattr(obj, masked_field)},
        )
    return value
