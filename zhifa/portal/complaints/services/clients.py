"""Open311 clients: API keys issued once, kept as a keyed digest."""

from __future__ import annotations

from django.db import transaction

from zhifa.core.audit import Actor, audit_append

from ..digests import secret_digest
from ..models import Open311Client
from ..rules import API_KEY_CONTEXT, new_api_key


def open311_client_issue_key(*, actor: Actor, client: Open311Client) -> str:
    """A new API key for `client` (the old one stops working); returns the key — the only time it
    is ever available in clear."""
    key = new_api_key()
    with transaction.atomic():
        client = Open311Client.objects.select_for_update().get(pk=client.pk)
        client.key_prefix = key[:10]
        client.key_hash = secret_digest(key, context=API_KEY_CONTEXT)
        client.save(update_fields=["key_prefix", "key_hash", "updated_at"])
        audit_append(
            actor=actor,
            action="complaints.open311_client.issue_key",
            subject=client,
            payload={"name": client.name, "prefix": client.key_prefix},
        )
    return key


def open311_client_save(*, actor: Actor, client: Open311Client, created: bool) -> Open311Client:
    """Record an administrator's change of a client (name, contact, channel, active)."""
    with transaction.atomic():
        client.save()
        audit_append(
            actor=actor,
            action="complaints.open311_client.create" if created else "complaints.open311_client.update",
            subject=client,
            payload={"name": client.name, "channel": client.clue_channel, "active": client.is_active},
        )
    return client
