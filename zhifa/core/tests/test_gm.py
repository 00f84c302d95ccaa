"""国密 primitives against the published vectors, and SM2 across both backends."""

from __future__ import annotations

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from zhifa.core import gm

BACKENDS = ["gmssl_pyx", "gmssl"]


def test_sm3_of_abc_matches_gbt_32905_example_1() -> None:
    assert gm.sm3_hex(b"abc") == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"


def test_sm3_of_64_byte_message_matches_gbt_32905_example_2() -> None:
    assert gm.sm3_hex(b"abcd" * 16) == "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"


def test_sm4_block_encryption_matches_gbt_32907_example() -> None:
    key = bytes.fromhex("0123456789abcdeffedcba9876543210")
    encryptor = Cipher(algorithms.SM4(key), modes.ECB()).encryptor()  # noqa: S305 - the standard's one-block vector
    assert (encryptor.update(key) + encryptor.finalize()).hex() == "681edf34d206965e86b3e94f536e4246"


def test_sm4_gcm_round_trips_and_detects_tampering() -> None:
    key = bytes.fromhex("0123456789abcdeffedcba9876543210")
    blob = gm.sm4_gcm_encrypt(key, b"440303199001011234", associated_data=b"party:1")
    assert gm.sm4_gcm_decrypt(key, blob, associated_data=b"party:1") == b"440303199001011234"
    flipped = bytearray(blob)
    flipped[gm.SM4_GCM_NONCE_BYTES] ^= 0x01
    with pytest.raises(InvalidTag):
        gm.sm4_gcm_decrypt(key, bytes(flipped), associated_data=b"party:1")
    with pytest.raises(InvalidTag):
        gm.sm4_gcm_decrypt(key, blob, associated_data=b"party:2")


def test_sm4_gcm_interoperates_with_gmssl_pyx() -> None:
    import gmssl_pyx

    key, nonce = bytes(range(16)), bytes(range(12))
    blob = gm.sm4_gcm_encrypt(key, b"zhifa", associated_data=b"aad", nonce=nonce)
    ciphertext, tag = gmssl_pyx.sm4_gcm_encrypt(key, nonce, b"aad", b"zhifa")
    assert blob == nonce + ciphertext + tag


def test_sm3_hmac_matches_gmssl_pyx_and_a_fixed_value() -> None:
    import gmssl_pyx

    assert gm.sm3_hmac(b"key", b"abc").hex() == gmssl_pyx.sm3_hmac(b"key", b"abc").hex()
    assert (
        gm.sm3_hmac(b"key", b"abc").hex()
        == "28e63256e7c5a087b1f073265dc53092163f7b82729735d06f28f10af9d52393"
    )
    long_key = b"k" * 100  # longer than the 64-byte block: hashed first (RFC 2104)
    assert gm.sm3_hmac(long_key, b"data") == gmssl_pyx.sm3_hmac(long_key, b"data")


# Known-answer vector for SM2 with SM3 on the recommended curve, default ID "1234567812345678"
# (the vector of OpenSSL's test/sm2_internal_test.c): d, message "message digest", nonce k → (r, s).
KAT_PRIVATE = "3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8"
KAT_PUBLIC = (
    "09f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020"
    "ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13"
)
KAT_K = "59276e27d506861a16680f3ad9c02dccef3cc1fa3cdbe4ce6d54b80deac1bc21"
KAT_R = "f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3"
KAT_S = "b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa"


def _der(r: str, s: str) -> str:
    from Cryptodome.Util.asn1 import DerInteger, DerSequence

    return DerSequence([DerInteger(int(r, 16)), DerInteger(int(s, 16))]).encode().hex()


def test_sm2_public_key_derivation_matches_vector() -> None:
    assert gm.sm2_public_key_from_private(KAT_PRIVATE) == KAT_PUBLIC


def test_sm2_pure_python_signature_with_fixed_nonce_matches_vector() -> None:
    crypt = gm._pure_crypt(KAT_PRIVATE, KAT_PUBLIC)
    crypt.asn1 = False
    assert crypt.sign_with_sm3(b"message digest", KAT_K) == KAT_R + KAT_S


@pytest.mark.parametrize("backend", BACKENDS)
def test_sm2_known_signature_verifies_with_each_backend(backend: str) -> None:
    signature = _der(KAT_R, KAT_S)
    assert gm.sm2_verify(KAT_PUBLIC, b"message digest", signature, backend=backend) is True
    assert gm.sm2_verify(KAT_PUBLIC, b"message digesT", signature, backend=backend) is False
    assert gm.sm2_verify("04" + KAT_PUBLIC, b"message digest", signature, backend=backend) is True


@pytest.mark.parametrize("signer", BACKENDS)
@pytest.mark.parametrize("verifier", BACKENDS)
def test_sm2_signature_of_one_backend_verifies_with_the_other(signer: str, verifier: str) -> None:
    pair = gm.sm2_generate_keypair(backend=signer)
    assert gm.sm2_public_key_from_private(pair.private_key) == pair.public_key
    signature = gm.sm2_sign(pair.private_key, "行政处罚决定书".encode(), backend=signer)
    assert gm.sm2_verify(pair.public_key, "行政处罚决定书".encode(), signature, backend=verifier) is True
    assert gm.sm2_verify(pair.public_key, "行政处罚决定书。".encode(), signature, backend=verifier) is False


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    "signature",
    [
        "",
        "zz",
        "00",
        "30060201010201",  # truncated DER
        "3006020100020100",  # r = s = 0
        "30" + "ff" * 40,
        b"\x30\x02\x05\x00",
        "deadbeef" * 20,
    ],
)
def test_sm2_garbage_signature_is_false_not_a_crash(backend: str, signature: str | bytes) -> None:
    assert gm.sm2_verify(KAT_PUBLIC, b"message digest", signature, backend=backend) is False


@pytest.mark.parametrize("backend", BACKENDS)
def test_sm2_garbage_public_key_is_false_not_a_crash(backend: str) -> None:
    signature = _der(KAT_R, KAT_S)
    for key in ("", "zz", "00" * 64, KAT_PUBLIC[:-2] + "00", "05" + KAT_PUBLIC):
        assert gm.sm2_verify(key, b"message digest", signature, backend=backend) is False


def test_sm2_pure_python_signatures_use_fresh_nonces() -> None:
    pair = gm.sm2_generate_keypair(backend="gmssl")
    assert gm.sm2_sign(pair.private_key, b"x", backend="gmssl") != gm.sm2_sign(
        pair.private_key, b"x", backend="gmssl"
    )


@pytest.mark.django_db
def test_installation_keypair_is_generated_once_and_stored_encrypted(settings) -> None:
    from zhifa.core.models import SigningKey

    settings.ZHIFA_SM2_PRIVATE_KEY = ""
    gm._installation_cache.clear()
    first = gm.installation_sm2_keypair()
    gm._installation_cache.clear()
    second = gm.installation_sm2_keypair()
    assert first == second
    row = SigningKey.objects.get()
    assert row.public_key == first.public_key
    assert first.private_key not in row.private_key_encrypted
    signature = gm.sm2_sign(first.private_key, b"doc")
    assert gm.sm2_verify(row.public_key, b"doc", signature)


@pytest.mark.django_db
def test_installation_keypair_prefers_the_configured_private_key(settings) -> None:
    from zhifa.core.models import SigningKey

    settings.ZHIFA_SM2_PRIVATE_KEY = KAT_PRIVATE.upper()
    pair = gm.installation_sm2_keypair()
    assert pair.private_key == KAT_PRIVATE
    assert pair.public_key == KAT_PUBLIC
    assert not SigningKey.objects.exists()
