from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from zhifa.core.models import AuditEvent

PASSWORD = "Zhifa-test-2026"


@pytest.mark.django_db
def test_login_succeeds_and_is_audited(org_world: Any, make_user: Any) -> None:
    user = make_user(org_world.agency, "officer")
    client = Client()
    response = client.post(reverse("web:login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("web:home")
    assert AuditEvent.objects.filter(action="auth.login", actor_id=user.pk).exists()


@pytest.mark.django_db
def test_five_failures_within_window_lock_the_account(org_world: Any, make_user: Any) -> None:
    user = make_user(org_world.agency, "officer")
    client = Client()
    for _ in range(5):
        response = client.post(reverse("web:login"), {"username": user.username, "password": "wrong"})
        assert response.status_code == 401
    # Even the right password is refused while locked, with the lockout message.
    response = client.post(reverse("web:login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 401
    assert "锁定" in response.content.decode()
    assert AuditEvent.objects.filter(action="auth.login_failed").count() == 5
    assert AuditEvent.objects.filter(action="auth.login_locked").count() == 1


@pytest.mark.django_db
def test_four_failures_do_not_lock(org_world: Any, make_user: Any) -> None:
    user = make_user(org_world.agency, "officer")
    client = Client()
    for _ in range(4):
        client.post(reverse("web:login"), {"username": user.username, "password": "wrong"})
    response = client.post(reverse("web:login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db
def test_home_requires_login() -> None:
    response = Client().get(reverse("web:home"))
    assert response.status_code == 302
    assert reverse("web:login") in response["Location"]
