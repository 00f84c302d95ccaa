"""Personal API tokens: issued once in clear, stored as an SM3 digest."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhifa.core.audit import Actor, audit_append
from zhifa.core.gm import sm3_hex

from ..models import ApiToken, User


def api_token_issue(*, actor: Actor, user: User, name: str) -> str:
    raw = "zf_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(user=user, name=name[:64], digest=sm3_hex(raw.encode()))
        audit_append(actor=actor, action="orgs.api_token.issue", subject=token, payload={"user": user.pk})
    return raw


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
