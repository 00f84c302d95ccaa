"""Encrypted identity numbers at rest: SM4-GCM ciphertext + SM3-HMAC blind index (ARCHITECTURE §7).

Storage pattern (no custom Field subclass): a model keeps two plain columns per identity value,

    <name>_cipher = models.BinaryField(null=True, editable=False)      # encrypt_identity(value)
    <name>_index  = models.CharField(max_length=64, blank=True, db_index=True)  # blind_index(value)

and, for fast list display, a precomputed masked form. Exact lookup goes through the blind index
(`<name>_index = blind_index(q)`); the ciphertext is only decrypted for an explicit, audited reveal.

Blob layout (version 1)::

    0x01 | key id (4 bytes) | nonce (12) | ciphertext | GCM tag (16)

The key id is the first 4 bytes of SM3(key); the version byte and key id are bound into the GCM
associated data together with the caller's `context` (e.g. "parties.party.id_number"), so a blob
cannot be moved to another field unnoticed. Keys rotate by putting the new key in
`ZHIFA_FIELD_KEY` and the old ones in `ZHIFA_FIELD_KEYS_RETIRED` (list of hex keys): old blobs stay
readable and are re-encrypted on the next write.

The blind index is SM3-HMAC(ZHIFA_INDEX_KEY, context || 0x00 || normalised value) in hex — the same
bytes as `zhifa.core.gm.sm3_hmac`. It reveals nothing without the index key; equal values give
equal indexes within one context.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import hmac as _crypto_hmac
from django.conf import settings

from zhifa.core.errors import ApplicationError
from zhifa.core.gm import sm3_digest, sm4_gcm_decrypt, sm4_gcm_encrypt

BLOB_VERSION = 1
KEY_ID_BYTES = 4
HEADER_BYTES = 1 + KEY_ID_BYTES
DEFAULT_CONTEXT = "identity"


class DecryptionFailed(ApplicationError):
    """The blob was tampered with, truncated, or encrypted under a key this installation lacks."""

    code = "decryption_failed"
    message = "证件号码密文无法解密（密钥不匹配或数据被篡改）"
    http_status = 500


def normalise_identity(value: str) -> str:
    """Whitespace and dashes removed, upper case: the form that is indexed and encrypted."""
    return re.sub(r"[\s\-]", "", str(value or "")).upper()


def key_id(key: bytes) -> bytes:
    return sm3_digest(key)[:KEY_ID_BYTES]


def _hex_key(value: str, length: int, name: str) -> bytes:
    try:
        key = bytes.fromhex(value)
    except ValueError as exc:
        raise ValueError(f"{name} 必须是十六进制字符串") from exc
    if len(key) != length:
        raise ValueError(f"{name} 必须是 {length * 2} 位十六进制（{length} 字节）")
    return key


@cache
def _keys(current_hex: str, retired_hex: tuple[str, ...]) -> tuple[bytes, dict[bytes, bytes]]:
    current = _hex_key(current_hex, 16, "ZHIFA_FIELD_KEY")
    ring = {key_id(current): current}
    for old_hex in retired_hex:
        old = _hex_key(old_hex, 16, "ZHIFA_FIELD_KEYS_RETIRED")
        ring.setdefault(key_id(old), old)
    return current, ring


def field_keys() -> tuple[bytes, dict[bytes, bytes]]:
    """(current SM4 key, key id → key for every key that may decrypt)."""
    retired = tuple(getattr(settings, "ZHIFA_FIELD_KEYS_RETIRED", ()) or ())
    return _keys(settings.ZHIFA_FIELD_KEY, retired)


@cache
def _index_hmac(index_hex: str) -> Any:
    """An SM3-HMAC (RFC 2104, OpenSSL through `cryptography`; the same bytes as
    zhifa.core.gm.sm3_hmac — tested) keyed once and copied per value: bulk loads of millions of
    rows skip re-keying."""
    key = bytes.fromhex(index_hex)
    if len(key) < 16:
        raise ValueError("ZHIFA_INDEX_KEY 至少 32 位十六进制（16 字节）")
    return _crypto_hmac.HMAC(key, hashes.SM3())


def _aad(header: bytes, context: str) -> bytes:
    return header + context.encode("utf-8")


def encrypt_identity(value: str, *, context: str = DEFAULT_CONTEXT) -> bytes:
    """SM4-GCM encrypt the normalised value under the current key (fresh nonce each call)."""
    current, _ = field_keys()
    header = bytes([BLOB_VERSION]) + key_id(current)
    body = sm4_gcm_encrypt(
        current, normalise_identity(value).encode("utf-8"), associated_data=_aad(header, context)
    )
    return header + body


def decrypt_identity(blob: bytes | memoryview | None, *, context: str = DEFAULT_CONTEXT) -> str:
    """Inverse of encrypt_identity. Raises DecryptionFailed on tampering or an unknown key."""
    if blob is None:
        return ""
    data = bytes(blob)
    if len(data) < HEADER_BYTES + 12 + 16 or data[0] != BLOB_VERSION:
        raise DecryptionFailed()
    header = data[:HEADER_BYTES]
    _, ring = field_keys()
    key = ring.get(header[1:HEADER_BYTES])
    if key is None:
        raise DecryptionFailed()
    try:
        plain = sm4_gcm_decrypt(key, data[HEADER_BYTES:], associated_data=_aad(header, context))
    except (InvalidTag, ValueError):
        raise DecryptionFailed() from None
    return plain.decode("utf-8")


def blob_key_is_current(blob: bytes | memoryview | None) -> bool:
    """False when the blob was written under a retired key (re-encrypt it on the next write)."""
    if blob is None:
        return True
    current, _ = field_keys()
    return bytes(blob)[1:HEADER_BYTES] == key_id(current)


def blind_index(value: str, *, context: str = DEFAULT_CONTEXT) -> str:
    """SM3-HMAC blind index (64 hex chars) of the normalised value, for exact-match lookup."""
    normalised = normalise_identity(value)
    if not normalised:
        return ""
    mac = _index_hmac(settings.ZHIFA_INDEX_KEY).copy()
    mac.update(context.encode("utf-8") + b"\x00" + normalised.encode("utf-8"))
    return mac.finalize().hex()
