"""Login with lockout: 5 failed attempts within 15 minutes lock the account for 15 minutes.

Every success and failure is an audit event. The failure message does not reveal whether the
username exists.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.utils import timezone

from zhifa.core.audit import Actor, audit_append
from zhifa.core.errors import AccountLocked, AuthenticationFailed

from ..models import LoginFailure, User


def user_authenticate(*, username: str, password: str, ip: str = "") -> User:
    """Check credentials; raise AuthenticationFailed / AccountLocked; audit either way."""
    now = timezone.now()
    locked = False
    user: User | None = None
    with transaction.atomic():
        candidate = User.objects.select_for_update().filter(username=username).first()
        already_locked = (
            candidate is not None and candidate.locked_until is not None and candidate.locked_until > now
        )
        if already_locked:
            assert candidate is not None
            # Audited and committed before refusing: a locked attempt leaves a trace.
            audit_append(
                actor=Actor(
                    id=candidate.pk, label=username, organisation_id=candidate.organisation_id, ip=ip
                ),
                action="auth.login_locked",
                subject=candidate,
            )
        else:
            user = authenticate(username=username, password=password)  # type: ignore[assignment]
            if user is None:
                locked = _record_failure(username=username, candidate=candidate, ip=ip, now=now)
            else:
                _record_success(user=user, ip=ip)
    if user is None:
        raise AccountLocked() if (locked or already_locked) else AuthenticationFailed()
    return user


def _record_failure(*, username: str, candidate: User | None, ip: str, now: datetime) -> bool:
    """Store the failure, lock the account on the 5th within the window; return whether it locked."""
    window_start = now - timedelta(seconds=settings.ZHIFA_LOGIN_FAILURE_WINDOW_SECONDS)
    LoginFailure.objects.create(username=username[:150], ip=ip[:45], occurred_at=now)
    recent = LoginFailure.objects.filter(username=username, occurred_at__gte=window_start).count()
    locked = candidate is not None and recent >= settings.ZHIFA_LOGIN_MAX_FAILURES
    if candidate is not None and locked:
        candidate.locked_until = now + timedelta(seconds=settings.ZHIFA_LOGIN_LOCKOUT_SECONDS)
        candidate.save(update_fields=["locked_until"])
    audit_append(
        actor=Actor(id=None, label=username[:150], ip=ip),
        action="auth.login_failed",
        subject=candidate,
        payload={"failures_in_window": recent, "locked": locked},
    )
    return locked


def _record_success(*, user: User, ip: str) -> None:
    LoginFailure.objects.filter(username=user.username).delete()
    if user.locked_until:
        user.locked_until = None
        user.save(update_fields=["locked_until"])
    audit_append(actor=Actor.of(user, ip=ip), action="auth.login", subject=user)
