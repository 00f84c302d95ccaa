"""Access codes (当事人查询码): 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L),
shown as XXXX-XXXX. 31⁸ ≈ 8.5×10¹¹ codes; with 5 tries per case number per 15 minutes a guess
takes longer than any case lives.

Stored twice, never in plain text: a salted slow hash (Django's password hasher) checks a login,
and an SM4-GCM blob (zhifa.core.crypto_fields, its own context) lets the next served document print
the same code. A login never decrypts."""

from __future__ import annotations

import re
import secrets
from functools import cache

from django.contrib.auth.hashers import check_password, make_password

from zhifa.core.crypto_fields import decrypt_identity, encrypt_identity

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 8
CIPHER_CONTEXT = "party_portal.access_code"


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise_code(value: str) -> str:
    """What the party typed: spaces and dashes removed, upper case (ab cd-2345 → ABCD2345)."""
    return re.sub(r"[\s\-－—_]", "", str(value or "")).upper()


def display_code(code: str) -> str:
    code = normalise_code(code)
    return f"{code[:4]}-{code[4:]}"


def hash_code(code: str) -> str:
    return make_password(normalise_code(code))


@cache
def _decoy() -> str:
    return make_password(new_code())


def code_matches(code: str, encoded: str | None) -> bool:
    """Check `code` against a stored hash; with no hash (unknown case number) check a decoy, so a
    wrong number costs the same time as a wrong code."""
    value = normalise_code(code)
    if encoded is None:
        check_password(value, _decoy())
        return False
    matched = check_password(value, encoded)  # always hash: a malformed code costs the same time
    return matched and len(value) == LENGTH


def seal_code(code: str) -> bytes:
    return encrypt_identity(normalise_code(code), context=CIPHER_CONTEXT)


def unseal_code(blob: bytes | memoryview) -> str:
    return decrypt_identity(blob, context=CIPHER_CONTEXT)


def normalise_case_number(value: str) -> str:
    """Case numbers as typed: spaces dropped, 〔〕 typed as [] or ［］ accepted."""
    text = re.sub(r"\s", "", str(value or ""))
    for a, b in (("[", "〔"), ("]", "〕"), ("［", "〔"), ("］", "〕")):
        text = text.replace(a, b)
    return text[:64]
