"""SM4-GCM identity encryption with key ids, and the SM3-HMAC blind index (ARCHITECTURE §7)."""

from __future__ import annotations

from typing import Any

import pytest

from zhifa.core.crypto_fields import (
    BLOB_VERSION,
    DecryptionFailed,
    blind_index,
    blob_key_is_current,
    decrypt_identity,
    encrypt_identity,
    key_id,
)

ID = "11010519491231002X"
OLD_KEY = "00112233445566778899aabbccddeeff"
NEW_KEY = "ffeeddccbbaa99887766554433221100"


def test_round_trip_returns_the_normalised_value() -> None:
    blob = encrypt_identity("11010519491231002x ")
    assert decrypt_identity(blob) == ID


def test_ciphertext_contains_neither_the_value_nor_repeats_for_equal_values() -> None:
    a, b = encrypt_identity(ID), encrypt_identity(ID)
    assert a != b  # fresh nonce
    assert ID.encode() not in a
    assert a[0] == BLOB_VERSION


@pytest.mark.parametrize("position", [0, 1, 6, 20, -1])
def test_any_tampered_byte_is_detected(position: int) -> None:
    blob = bytearray(encrypt_identity(ID))
    blob[position] ^= 0x01
    with pytest.raises(DecryptionFailed):
        decrypt_identity(bytes(blob))


def test_truncated_blob_is_rejected() -> None:
    with pytest.raises(DecryptionFailed):
        decrypt_identity(encrypt_identity(ID)[:20])


def test_blob_is_bound_to_its_context() -> None:
    blob = encrypt_identity(ID, context="parties.party.id_number")
    assert decrypt_identity(blob, context="parties.party.id_number") == ID
    with pytest.raises(DecryptionFailed):
        decrypt_identity(blob, context="parties.party.legal_rep_id_number")


def test_rotated_key_still_decrypts_old_blobs(settings: Any) -> None:
    settings.ZHIFA_FIELD_KEY = OLD_KEY
    old_blob = encrypt_identity(ID)
    settings.ZHIFA_FIELD_KEY = NEW_KEY
    settings.ZHIFA_FIELD_KEYS_RETIRED = [OLD_KEY]
    assert decrypt_identity(old_blob) == ID
    assert not blob_key_is_current(old_blob)
    new_blob = encrypt_identity(ID)
    assert blob_key_is_current(new_blob)
    assert new_blob[1:5] == key_id(bytes.fromhex(NEW_KEY))


def test_unknown_key_fails_closed(settings: Any) -> None:
    settings.ZHIFA_FIELD_KEY = OLD_KEY
    blob = encrypt_identity(ID)
    settings.ZHIFA_FIELD_KEY = NEW_KEY
    settings.ZHIFA_FIELD_KEYS_RETIRED = []
    with pytest.raises(DecryptionFailed):
        decrypt_identity(blob)


def test_equal_values_give_equal_index_after_normalisation() -> None:
    assert blind_index(ID) == blind_index("11010519491231002x") == blind_index(" 110105 19491231002X")
    assert len(blind_index(ID)) == 64
    assert blind_index(ID) != blind_index("360426199101010071")
    assert blind_index("") == ""


def test_index_reveals_nothing_without_the_key(settings: Any) -> None:
    first = blind_index(ID)
    assert ID.lower() not in first
    settings.ZHIFA_INDEX_KEY = "aa" * 32
    assert blind_index(ID) != first


def test_index_depends_on_context() -> None:
    assert blind_index(ID, context="a") != blind_index(ID, context="b")


def test_index_is_the_sm3_hmac_of_context_and_value(settings: Any) -> None:
    from zhifa.core.gm import sm3_hmac

    key = bytes.fromhex(settings.ZHIFA_INDEX_KEY)
    assert blind_index(ID, context="ctx") == sm3_hmac(key, b"ctx\x00" + ID.encode()).hex()
