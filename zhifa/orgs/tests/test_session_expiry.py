from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from zhifa.orgs.middleware import LAST_SEEN_KEY

pytestmark = pytest.mark.django_db


def test_absolute_session_lifetime_is_eight_hours() -> None:
    assert settings.SESSION_COOKIE_AGE == 8 * 3600


def test_session_is_kept_while_used_within_the_idle_timeout(
    org_world: Any, make_user: Any, settings: Any
) -> None:
    settings.ZHIFA_SESSION_IDLE_SECONDS = 60
    client = Client()
    client.force_login(make_user(org_world.agency, "officer"))
    with mock.patch("zhifa.orgs.middleware.time.time", return_value=1_000_000):
        assert client.get(reverse("web:home")).status_code == 200
    with mock.patch("zhifa.orgs.middleware.time.time", return_value=1_000_050):
        assert client.get(reverse("web:home")).status_code == 200
    # 50 s after the last request, not after the first: still inside the window.
    with mock.patch("zhifa.orgs.middleware.time.time", return_value=1_000_100):
        assert client.get(reverse("web:home")).status_code == 200


def test_idle_session_is_logged_out_after_the_timeout(org_world: Any, make_user: Any, settings: Any) -> None:
    settings.ZHIFA_SESSION_IDLE_SECONDS = 60
    client = Client()
    client.force_login(make_user(org_world.agency, "officer"))
    with mock.patch("zhifa.orgs.middleware.time.time", return_value=2_000_000):
        assert client.get(reverse("web:home")).status_code == 200
    assert client.session[LAST_SEEN_KEY] == 2_000_000
    with mock.patch("zhifa.orgs.middleware.time.time", return_value=2_000_061):
        response = client.get(reverse("web:home"))
    assert response.status_code == 302
    assert reverse("web:login") in response["Location"]
    assert "_auth_user_id" not in client.session
    # The API refuses the expired session too.
    with mock.patch("zhifa.orgs.middleware.time.time", return_value=2_000_062):
        assert client.get("/api/orgs/me").status_code == 401
