from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import TemporaryUploadedFile

from zhifa.core.gm import sm3_hex
from zhifa.evidence.rules import RejectedFile, classify_upload

from .conftest import jpeg_bytes, pdf_bytes, png_bytes, wav_bytes


def ftyp(brand: bytes) -> bytes:
    return b"\x00\x00\x00\x18ftyp" + brand + b"\x00\x00\x00\x00isommp42"


def webp() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(out, "WEBP")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "head", "media_kind", "content_type"),
    [
        ("a.jpg", jpeg_bytes((8, 8)), "photo", "image/jpeg"),
        ("a.JPEG", jpeg_bytes((8, 8)), "photo", "image/jpeg"),
        ("a.png", png_bytes(), "photo", "image/png"),
        ("a.webp", webp(), "photo", "image/webp"),
        ("a.heic", ftyp(b"heic"), "photo", "image/heic"),
        ("a.mp3", b"ID3\x04\x00\x00\x00\x00\x00\x00", "audio", "audio/mpeg"),
        ("b.mp3", b"\xff\xfb\x90\x64\x00", "audio", "audio/mpeg"),
        ("a.m4a", ftyp(b"M4A "), "audio", "audio/mp4"),
        ("a.wav", wav_bytes(), "audio", "audio/wav"),
        ("a.amr", b"#!AMR\n\x3c", "audio", "audio/amr"),
        ("a.aac", b"\xff\xf1\x50\x80\x02\x1f\xfc", "audio", "audio/aac"),
        ("a.mp4", ftyp(b"isom"), "video", "video/mp4"),
        ("a.mov", ftyp(b"qt  "), "video", "video/quicktime"),
        ("b.mov", b"\x00\x00\x00\x08wide\x00\x00\x00\x00mdat", "video", "video/quicktime"),
        ("a.3gp", ftyp(b"3gp4"), "video", "video/3gpp"),
        ("a.pdf", pdf_bytes(), "pdf", "application/pdf"),
    ],
)
def test_every_accepted_type_is_recognised_by_extension_and_magic_bytes(
    name: str, head: bytes, media_kind: str, content_type: str
) -> None:
    kind = classify_upload(name, head)
    assert kind.media_kind == media_kind
    assert kind.content_type == content_type


@pytest.mark.parametrize(
    ("name", "head"),
    [
        ("a.heic", ftyp(b"isom")),  # a video renamed to .heic
        ("a.mp4", ftyp(b"heic")),  # a HEIC photo renamed to .mp4
        ("a.3gp", ftyp(b"isom")),
        ("a.wav", webp()),  # RIFF, but WEBP
        ("a.webp", wav_bytes()),
        ("a.mp3", b"<html>"),
        ("a.png", jpeg_bytes((8, 8))),
        ("a.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
        ("a.html", b"<html>"),
        ("a.docx", b"PK\x03\x04"),
    ],
)
def test_mismatches_and_other_types_are_rejected_in_chinese(name: str, head: bytes) -> None:
    with pytest.raises(RejectedFile) as info:
        classify_upload(name, head)
    assert "文件" in info.value.message


@pytest.mark.django_db
def test_a_disk_backed_upload_is_hashed_while_streamed_and_left_for_django_to_clean(
    add_evidence: Any,
) -> None:
    content = pdf_bytes() + b"%" * 300_000  # > one chunk
    temp = TemporaryUploadedFile("big.pdf", "application/pdf", len(content), None)
    temp.write(content)
    temp.flush()
    item = add_evidence(files=[temp])
    row = item.files.get()
    assert row.sm3 == sm3_hex(content)
    assert row.size == len(content)
    temp.close()
