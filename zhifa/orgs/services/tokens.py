"""Personal API tokens: issued once in clear, stored as an SM3 digest."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhifa.core.audit import Actor, audit_append
from zhifa.core.gm import sm3_hex

from ..models import ApiToken, User


def api_token_create(*, actor: Actor, user: User, name: str) -> tuple[ApiToken, str]:
    """Issue a token; returns the stored row and the clear token (shown once, never stored)."""
    raw = "zf_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(user=user, name=name[:64], digest=sm3_hex(raw.encode()))
        audit_append(actor=actor, action="orgs.api_token.issue", subject=token, payload={"user": user.pk})
    return token, raw


def api_token_issue(*, actor: Actor, user: User, name: str) -> str:
    return api_token_create(actor=actor, user=user, name=name)[1]


def api_token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    with transaction.atomic():
        row = ApiToken.objects.select_for_update().get(pk=token.pk)
        if row.revoked_at is None:
            row.revoked_at = timezone.now()
            row.save(update_fields=["revoked_at"])
            audit_append(
                actor=actor, action="orgs.api_token.revoke", subject=row, payload={"user": row.user_id}
            )
    token.revoked_at = row.revoked_at
    return row


def api_token_user(*, token: str) -> Any:
    row = (
        ApiToken.objects.select_related("user", "user__organisation")
        .filter(digest=sm3_hex(token.encode()), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if row is None:
        return None
    ApiToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
    return row.user
