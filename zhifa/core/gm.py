"""国密 primitives behind one module: SM3 (hash, HMAC), SM4-GCM, SM2 sign/verify.

SM3 and SM4 use `cryptography` (OpenSSL); SM2 uses gmssl-pyx with pure-Python gmssl as a fallback.
Never use smcryptopy: a bad signature aborts the process.
"""

from __future__ import annotations

import hmac as _hmac
import secrets
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives import hashes


def sm3_digest(data: bytes) -> bytes:
    h = hashes.Hash(hashes.SM3())
    h.update(data)
    return h.finalize()


def sm3_hex(data: bytes) -> str:
    return sm3_digest(data).hex()


def sm3_hmac(key: bytes, data: bytes) -> bytes:
    """HMAC with SM3 (RFC 2104 construction, block size 64)."""
    # The constructor itself is the digestmod: hmac calls it with the key when the key is longer
    # than the block size.
    digestmod: Any = _SM3HashlibShim
    return _hmac.new(key, data, digestmod).digest()


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


# --- SM2 (GB/T 32918; signature with SM3 and the default signer ID, GM/T 0009) -------------------

SM2_DEFAULT_SIGNER_ID = b"1234567812345678"  # GM/T 0009-2012 §10: default user ID when none agreed
_SM2_N = int("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123", 16)


@dataclass(frozen=True)
class SM2KeyPair:
    """Hex strings: private key 32 bytes (64 hex), public key x||y 64 bytes (128 hex, no 04 prefix)."""

    private_key: str
    public_key: str


def _backend() -> str:
    try:
        import gmssl_pyx  # noqa: F401
    except ImportError:  # pragma: no cover - the wheel is in the lock file
        return "gmssl"
    return "gmssl_pyx"


def _normalise_public_key(public_key_hex: str) -> str:
    key = public_key_hex.strip().lower()
    if len(key) == 130 and key.startswith("04"):
        key = key[2:]
    if len(key) != 128:
        raise ValueError("SM2 public key must be 64 bytes (x||y) in hex")
    bytes.fromhex(key)
    return key


def _normalise_private_key(private_key_hex: str) -> str:
    key = private_key_hex.strip().lower()
    if len(key) != 64:
        raise ValueError("SM2 private key must be 32 bytes in hex")
    d = int(key, 16)
    if not 1 <= d < _SM2_N - 1:
        raise ValueError("SM2 private key out of range")
    return key


def _pure_crypt(private_key: str, public_key: str) -> Any:
    from gmssl import sm2 as pure_sm2

    crypt = pure_sm2.CryptSM2(private_key=private_key, public_key="00" * 64, asn1=True)
    # CryptSM2.__init__ strips a leading "04" with str.lstrip, which also eats leading '0'/'4'
    # digits of x: set the key after construction.
    crypt.public_key = public_key
    return crypt


def sm2_public_key_from_private(private_key_hex: str) -> str:
    """Derive the public key (x||y hex) from a private key (pure-Python point multiplication)."""
    from gmssl import sm2 as pure_sm2

    d = int(_normalise_private_key(private_key_hex), 16)
    crypt = _pure_crypt("00" * 32, "00" * 64)
    point = crypt._kg(d, pure_sm2.default_ecc_table["g"])
    return str(point).lower()


def sm2_generate_keypair(*, backend: str | None = None) -> SM2KeyPair:
    if (backend or _backend()) == "gmssl_pyx":
        import gmssl_pyx

        public, private = gmssl_pyx.sm2_key_generate()
        return SM2KeyPair(private_key=private.hex(), public_key=public.hex())
    d = secrets.randbelow(_SM2_N - 2) + 1  # d ∈ [1, n-2] (GB/T 32918.1 §6.1)
    private = f"{d:064x}"
    return SM2KeyPair(private_key=private, public_key=sm2_public_key_from_private(private))


def sm2_sign(
    private_key_hex: str, data: bytes, *, public_key_hex: str | None = None, backend: str | None = None
) -> str:
    """SM2 signature of `data` with SM3 and Z computed over the default signer ID
    "1234567812345678" (GM/T 0009). Returns the DER-encoded SEQUENCE{r, s} as hex; both backends
    produce and accept the same format."""
    private = _normalise_private_key(private_key_hex)
    public = _normalise_public_key(public_key_hex) if public_key_hex else sm2_public_key_from_private(private)
    if (backend or _backend()) == "gmssl_pyx":
        import gmssl_pyx

        signature = gmssl_pyx.sm2_sign(
            bytes.fromhex(private), bytes.fromhex(public), data, signer_id=SM2_DEFAULT_SIGNER_ID
        )
        return bytes(signature).hex()
    crypt = _pure_crypt(private, public)
    while True:
        # gmssl's own nonce comes from `random.choice`: always pass a CSPRNG nonce k ∈ [1, n-1].
        k = secrets.randbelow(_SM2_N - 1) + 1
        signature = crypt.sign_with_sm3(data, f"{k:064x}")
        if signature:
            return str(signature)


def sm2_verify(
    public_key_hex: str, data: bytes, signature: str | bytes, *, backend: str | None = None
) -> bool:
    """True only for a valid signature. A malformed key or signature gives False, never an exception."""
    try:
        public = _normalise_public_key(public_key_hex)
        sig = bytes.fromhex(signature) if isinstance(signature, str) else bytes(signature)
        if not 8 <= len(sig) <= 72:
            return False
        if (backend or _backend()) == "gmssl_pyx":
            import gmssl_pyx

            return bool(
                gmssl_pyx.sm2_verify(bytes.fromhex(public), data, sig, signer_id=SM2_DEFAULT_SIGNER_ID)
            )
        return _pure_verify(public, data, sig)
    except Exception:  # any malformed input is simply "not a valid signature"
        return False


def _pure_verify(public: str, data: bytes, der: bytes) -> bool:
    from Cryptodome.Util.asn1 import DerSequence

    seq = DerSequence()
    seq.decode(der, strict=True)
    if len(seq) != 2:
        return False
    items: list[Any] = [seq[0], seq[1]]
    r, s = int(items[0]), int(items[1])
    if not (1 <= r < _SM2_N and 1 <= s < _SM2_N):  # GB/T 32918.2 §7.1 B1, B2
        return False
    crypt = _pure_crypt("00" * 32, public)
    crypt.asn1 = False
    return bool(crypt.verify_with_sm3(f"{r:064x}{s:064x}", data))


# --- the installation key pair --------------------------------------------------------------------

INSTALLATION_KEY_NAME = "installation"
_installation_cache: dict[str, SM2KeyPair] = {}


def installation_sm2_keypair() -> SM2KeyPair:
    """The SM2 key pair that signs approvals and issued documents on this installation.

    settings.ZHIFA_SM2_PRIVATE_KEY (hex) wins; when empty, a key pair is generated once and kept in
    the `SigningKey` row "installation", its private key SM4-GCM encrypted under
    settings.ZHIFA_FIELD_KEY (so a database dump alone does not reveal it).
    """
    from django.conf import settings

    configured = (getattr(settings, "ZHIFA_SM2_PRIVATE_KEY", "") or "").strip()
    if configured:
        cached = _installation_cache.get("settings")
        if cached is None or cached.private_key != configured.lower():
            cached = SM2KeyPair(
                private_key=_normalise_private_key(configured),
                public_key=sm2_public_key_from_private(configured),
            )
            _installation_cache["settings"] = cached
        return cached
    return _stored_installation_keypair()


def _stored_installation_keypair() -> SM2KeyPair:
    from django.conf import settings
    from django.db import IntegrityError, transaction

    from .models import SigningKey

    field_key = bytes.fromhex(settings.ZHIFA_FIELD_KEY)
    aad = b"zhifa.core.SigningKey:" + INSTALLATION_KEY_NAME.encode()
    row = SigningKey.objects.filter(name=INSTALLATION_KEY_NAME).first()
    if row is None:
        pair = sm2_generate_keypair()
        blob = sm4_gcm_encrypt(field_key, bytes.fromhex(pair.private_key), associated_data=aad)
        try:
            with transaction.atomic():
                row = SigningKey.objects.create(
                    name=INSTALLATION_KEY_NAME, public_key=pair.public_key, private_key_encrypted=blob.hex()
                )
        except IntegrityError:  # another process created it first: use theirs
            row = SigningKey.objects.get(name=INSTALLATION_KEY_NAME)
    cached = _installation_cache.get("db")
    if cached is not None and cached.public_key == row.public_key:
        return cached
    private = sm4_gcm_decrypt(field_key, bytes.fromhex(row.private_key_encrypted), associated_data=aad).hex()
    pair = SM2KeyPair(private_key=private, public_key=row.public_key)
    _installation_cache["db"] = pair
    return pair
