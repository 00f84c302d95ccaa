"""Signatures over timestamp + nonce + body: HMAC-SM3 by default, HMAC-SHA256 available."""

from __future__ import annotations

import hashlib
import hmac
import time
from typing import Any

import pytest

from zhifa.core.gm import sm3_hmac
from zhifa.integrations.credit_push.signing import (
    MAX_SKEW_SECONDS,
    sign,
    signed_headers,
    string_to_sign,
    verify,
)

BODY = '{"records":[{"data":{"CF_XDR_MC":"深圳市测试商贸有限公司"}}]}'.encode()


def test_the_signed_string_is_timestamp_nonce_and_body() -> None:
    assert string_to_sign("1767225600", "abc", b"{}") == b"1767225600\nabc\n{}"


def test_hmac_sm3_and_hmac_sha256_sign_the_same_string() -> None:
    message = string_to_sign("1767225600", "n1", BODY)
    assert sign("k", "HMAC-SM3", "1767225600", "n1", BODY) == sm3_hmac(b"k", message).hex()
    assert (
        sign("k", "HMAC-SHA256", "1767225600", "n1", BODY)
        == hmac.new(b"k", message, hashlib.sha256).hexdigest()
    )
    with pytest.raises(ValueError, match="未知的签名算法"):
        sign("k", "MD5", "1", "n", BODY)


@pytest.mark.parametrize("method", ["HMAC-SM3", "HMAC-SHA256"])
def test_a_fresh_signature_verifies_and_any_change_breaks_it(method: str) -> None:
    h = signed_headers(app_key="a", secret="s", method=method, body=BODY)
    args: dict[str, Any] = {
        "secret": "s",
        "method": method,
        "timestamp": h["X-Timestamp"],
        "nonce": h["X-Nonce"],
    }
    assert verify(**args, body=BODY, signature=h["X-Signature"])
    assert not verify(**args, body=BODY + b" ", signature=h["X-Signature"])
    assert not verify(**{**args, "secret": "t"}, body=BODY, signature=h["X-Signature"])
    assert not verify(**{**args, "nonce": "other"}, body=BODY, signature=h["X-Signature"])


def test_a_stale_timestamp_is_refused() -> None:
    stamp = str(int(time.time()) - MAX_SKEW_SECONDS - 5)
    signature = sign("s", "HMAC-SM3", stamp, "n", BODY)
    assert not verify(
        secret="s", method="HMAC-SM3", timestamp=stamp, nonce="n", body=BODY, signature=signature
    )
    assert verify(
        secret="s",
        method="HMAC-SM3",
        timestamp=stamp,
        nonce="n",
        body=BODY,
        signature=signature,
        now=int(stamp),
    )
