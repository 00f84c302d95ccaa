"""Request and receipt signatures: HMAC over ``timestamp + "\\n" + nonce + "\\n" + body``.

HMAC-SM3 (GB/T 32905 hash in the RFC 2104 construction, `zhifa.core.gm.sm3_hmac`) is the default:
government platforms under 密码法 / GB/T 39786 expect 国密 algorithms. HMAC-SHA256 is available
for platforms that have not moved to SM3. The signature is lower-case hex; the comparison is
constant-time. Timestamps are Unix seconds; a signature older or newer than `MAX_SKEW_SECONDS`
is refused by the verifier, and a nonce is never accepted twice (replay) by the platform.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

from zhifa.core.gm import sm3_hmac

MAX_SKEW_SECONDS = 300

HEADER_APP_KEY = "X-App-Key"
HEADER_TIMESTAMP = "X-Timestamp"
HEADER_NONCE = "X-Nonce"
HEADER_METHOD = "X-Sign-Method"
HEADER_SIGNATURE = "X-Signature"


def string_to_sign(timestamp: str, nonce: str, body: bytes) -> bytes:
    return timestamp.encode("ascii") + b"\n" + nonce.encode("ascii") + b"\n" + body


def sign(secret: str, method: str, timestamp: str, nonce: str, body: bytes) -> str:
    message = string_to_sign(timestamp, nonce, body)
    key = secret.encode("utf-8")
    if method == "HMAC-SM3":
        return sm3_hmac(key, message).hex()
    if method == "HMAC-SHA256":
        return hmac.new(key, message, hashlib.sha256).hexdigest()
    raise ValueError(f"未知的签名算法：{method}")


def signed_headers(*, app_key: str, secret: str, method: str, body: bytes) -> dict[str, str]:
    timestamp = str(int(time.time()))
    nonce = secrets.token_hex(16)
    return {
        HEADER_APP_KEY: app_key,
        HEADER_TIMESTAMP: timestamp,
        HEADER_NONCE: nonce,
        HEADER_METHOD: method,
        HEADER_SIGNATURE: sign(secret, method, timestamp, nonce, body),
    }


def verify(
    *,
    secret: str,
    method: str,
    timestamp: str,
    nonce: str,
    body: bytes,
    signature: str,
    now: float | None = None,
) -> bool:
    """True when `signature` is right and `timestamp` within MAX_SKEW_SECONDS of now."""
    try:
        stamp = int(timestamp)
    except (TypeError, ValueError):
        return False
    if abs((now if now is not None else time.time()) - stamp) > MAX_SKEW_SECONDS or not nonce:
        return False
    try:
        expected = sign(secret, method, timestamp, nonce, body)
    except ValueError:
        return False
    return hmac.compare_digest(expected, (signature or "").lower())
