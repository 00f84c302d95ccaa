"""Idle-session expiry: a session unused for ZHIFA_SESSION_IDLE_SECONDS is logged out."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

LAST_SEEN_KEY = "zhifa_last_seen"


class IdleSessionTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY)
            if last_seen is not None and now - int(last_seen) > settings.ZHIFA_SESSION_IDLE_SECONDS:
                logout(request)
            else:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)
