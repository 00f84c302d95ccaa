"""Anti-abuse of the public form without trackers, cookies or third-party CAPTCHAs:

* a time-based form token — signed (Django's signing, SECRET_KEY) issue time and nonce; a form
  sent back sooner than a person can fill it, or hours later, or a second time, is refused;
* a honeypot field that people never see and bots fill in;
* a per-IP rate limit in the cache (a fixed window per IP, the IP kept only as a keyed hash).

The cache is Django's default cache: per process in development (LocMemCache); configure a shared
cache (Redis/Memcached/database) for several app nodes so the limits hold across them.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest

from zhifa.core.gm import sm3_hmac

TOKEN_SALT = "zhifa.complaints.form"  # noqa: S105 — a signing namespace, not a secret
HONEYPOT_FIELD = "website"
DEFAULT_MIN_SECONDS = 3  # faster than any person fills the form
DEFAULT_MAX_SECONDS = 2 * 3600
# (requests, window seconds) per IP
DEFAULT_LIMITS = {"submit": (5, 3600), "track": (30, 600), "open311": (120, 60)}


@dataclass(frozen=True)
class TokenCheck:
    ok: bool
    reason: str = ""


def issue_form_token(now: float | None = None) -> str:
    return signing.dumps(
        {"t": int(now if now is not None else time.time()), "n": secrets.token_hex(8)}, salt=TOKEN_SALT
    )


def check_form_token(token: str, now: float | None = None) -> TokenCheck:
    """Valid signature, filled in no faster than the minimum and no slower than the maximum, and
    not used before (the nonce is spent in the cache for the token's lifetime)."""
    now = now if now is not None else time.time()
    max_age = int(getattr(settings, "ZHIFA_COMPLAINT_FORM_MAX_SECONDS", DEFAULT_MAX_SECONDS))
    min_age = int(getattr(settings, "ZHIFA_COMPLAINT_FORM_MIN_SECONDS", DEFAULT_MIN_SECONDS))
    try:
        data = signing.loads(token or "", salt=TOKEN_SALT)
        issued, nonce = int(data["t"]), str(data["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return TokenCheck(False, "表单已失效，请刷新页面后重新填写")
    age = now - issued
    if age > max_age:
        return TokenCheck(False, "表单已超时，请刷新页面后重新填写")
    if age < min_age:
        return TokenCheck(False, "提交过快，请稍候再提交")
    if not cache.add(f"complaints:nonce:{nonce}", 1, timeout=max_age + 60):
        return TokenCheck(False, "该表单已提交过，请勿重复提交")
    return TokenCheck(True)


def honeypot_filled(data: dict[str, str]) -> bool:
    return bool(str(data.get(HONEYPOT_FIELD, "")).strip())


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR, or the header a trusted reverse proxy sets (setting ZHIFA_CLIENT_IP_HEADER,
    e.g. "HTTP_X_REAL_IP"; never trust a client-supplied header without such a proxy)."""
    header = getattr(settings, "ZHIFA_CLIENT_IP_HEADER", "")
    value = str(request.META.get(header, "") if header else "") or str(request.META.get("REMOTE_ADDR", ""))
    return value.split(",")[0].strip()


def _ip_key(ip: str) -> str:
    return sm3_hmac(settings.SECRET_KEY.encode(), ip.encode()).hex()[:32]


def rate_limited(request: HttpRequest, bucket: str) -> bool:
    """Count this request in the IP's current window of `bucket`; True once over the limit."""
    limits = {**DEFAULT_LIMITS, **getattr(settings, "ZHIFA_COMPLAINT_RATE_LIMITS", {})}
    allowed, window = limits[bucket]
    slot = int(time.time() // window)
    key = f"complaints:rate:{bucket}:{_ip_key(client_ip(request))}:{slot}"
    if cache.add(key, 1, timeout=window + 5):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=window + 5)
            count = 1
    return count > allowed
