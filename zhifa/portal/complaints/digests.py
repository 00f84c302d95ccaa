"""Keyed digests of the secrets this app hands out — tracking codes and Open311 API keys — so that
only their digest is stored: SM3-HMAC under the installation's index key (ZHIFA_INDEX_KEY, the key
of the identity blind indexes), with a context per kind of secret. A leaked table cannot be turned
back into codes or keys without that key."""

from __future__ import annotations

from cryptography.hazmat.primitives import hashes, hmac
from django.conf import settings


def secret_digest(value: str, *, context: str) -> str:
    mac = hmac.HMAC(bytes.fromhex(settings.ZHIFA_INDEX_KEY), hashes.SM3())
    mac.update(context.encode("utf-8") + b"\x00" + value.encode("utf-8"))
    return mac.finalize().hex()
