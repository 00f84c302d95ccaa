"""The party's session cookie: the signed session key only (django.core.signing), HttpOnly, SameSite
Lax, Secure where the site's cookies are, scoped to /gs/party/. The session row (its SM3 digest)
decides everything else: its case, idle expiry, logout, a regenerated code."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse

from zhifa.cases.models import Case
from zhifa.core.errors import NotFound

from .models import PartyAccess, PartySession
from .services import party_session_check

COOKIE = "zhifa_party"
SALT = "zhifa.portal.party.session"


@dataclass(frozen=True)
class PartyContext:
    session: PartySession
    access: PartyAccess
    case: Case
    ip: str


def client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))[:45]


def cookie_path() -> str:
    return reverse("party_portal:login")


def set_session_cookie(response: HttpResponseBase, token: str) -> None:
    response.set_cookie(
        COOKIE,
        signing.dumps(token, salt=SALT),
        httponly=True,
        samesite="Lax",
        secure=bool(getattr(settings, "SESSION_COOKIE_SECURE", False)),
        path=cookie_path(),
    )


def clear_session_cookie(response: HttpResponseBase) -> None:
    response.delete_cookie(COOKIE, path=cookie_path(), samesite="Lax")


def read_token(request: HttpRequest) -> str:
    value = request.COOKIES.get(COOKIE, "")
    if not value:
        return ""
    try:
        return str(signing.loads(value, salt=SALT))
    except signing.BadSignature:
        return ""


def party_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Only with an open session; the view gets `request.party` (PartyContext) and reaches nothing
    but that session's case. NotFound → 404. Responses are never cached."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        ip = client_ip(request)
        check = party_session_check(read_token(request), ip=ip)
        if check.session is None:
            target = reverse("party_portal:login")
            back = redirect(f"{target}?ended={check.ended}" if check.ended else target)
            if COOKIE in request.COOKIES:
                clear_session_cookie(back)
            return back
        access = check.session.access
        request.party = PartyContext(check.session, access, access.case, ip)  # type: ignore[attr-defined]
        try:
            response = view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from exc
        response["Cache-Control"] = "no-store"
        return response

    return wrapper
