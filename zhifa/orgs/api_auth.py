"""API authentication: the browser session (with CSRF) or a personal access token
(`Authorization: Bearer <token>`). Tokens are stored as SM3 digests only."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, django_auth


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        from .services.tokens import api_token_user

        user = api_token_user(token=token)
        if user is not None:
            request.user = user
        return user


API_AUTH = [django_auth, TokenAuth()]
