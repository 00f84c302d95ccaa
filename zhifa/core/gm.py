"""国密 primitives behind one module: SM3 (hash, HMAC), SM4-GCM, SM2 sign/verify.

SM3 and SM4 use `cryptography` (OpenSSL); SM2 uses gmssl-pyx with pure-Python gmssl as a fallback.
Never use smcryptopy: a bad signature aborts the process.
"""

from __future__ import annotations

import hmac as _hmac

from cryptography.hazmat.primitives import hashes


def sm3_digest(data: bytes) -> bytes:
    h = hashes.Hash(hashes.SM3())
    h.update(data)
    return h.finalize()


def sm3_hex(data: bytes) -> str:
    return sm3_digest(data).hex()


def sm3_hmac(key: bytes, data: bytes) -> bytes:
    """HMAC with SM3 (RFC 2104 construction, block size 64)."""
    return _hmac.new(key, data, lambda: _SM3HashlibShim()).digest()


class _SM3HashlibShim:
    """hashlib-style wrapper so the standard `hmac` module can drive SM3."""

    digest_size = 32
    block_size = 64
    name = "sm3"

    def __init__(self, data: bytes = b"") -> None:
        self._h = hashes.Hash(hashes.SM3())
        if data:
            self._h.update(data)

    def update(self, data: bytes) -> None:
        self._h.update(data)

    def digest(self) -> bytes:
        return self._h.copy().finalize()

    def hexdigest(self) -> str:
        return self.digest().hex()

    def copy(self) -> _SM3HashlibShim:
        clone = _SM3HashlibShim.__new__(_SM3HashlibShim)
        clone._h = self._h.copy()
        return clone
