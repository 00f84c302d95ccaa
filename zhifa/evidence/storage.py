"""Private file storage for evidence: validated, SM3-hashed while streaming to storage, never read
whole into memory. Files live under private/evidence/<yyyy>/<mm>/<uuid><ext> in the default
storage and are served only through the authorising views."""

from __future__ import annotations

import contextlib
import io
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives import hashes
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from .rules import SNIFF_BYTES, FileType, RejectedFile, classify_upload, max_upload_bytes

CHUNK_BYTES = 256 * 1024
THUMBNAIL_BOX = (320, 320)


@dataclass(frozen=True)
class StoredFile:
    name: str
    size: int
    sm3: str


def _human(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB" if size >= 1024 * 1024 else f"{size} 字节"


def check_upload(upload: Any) -> FileType:
    """Refuse (RejectedFile) an upload of the wrong type, mismatched content, empty or too large;
    reads only its first bytes."""
    name = str(getattr(upload, "name", "") or "")
    size = getattr(upload, "size", None)
    limit = max_upload_bytes()
    if size is not None and size > limit:
        raise RejectedFile(f"文件“{name}”超过大小上限（{_human(limit)}）")
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    if not head:
        raise RejectedFile(f"文件“{name}”为空")
    return classify_upload(name, head)


class _HashingFile(File):  # type: ignore[type-arg]
    """Feeds the storage in chunks and hashes each chunk on its way (one pass over the bytes)."""

    def __init__(self, upload: Any, limit: int) -> None:
        super().__init__(upload, name=getattr(upload, "name", None))
        self.limit = limit
        self.hasher = hashes.Hash(hashes.SM3())
        self.bytes_read = 0

    def chunks(self, chunk_size: int | None = None) -> Iterator[bytes]:
        self.hasher = hashes.Hash(hashes.SM3())
        self.bytes_read = 0
        source: Any = self.file
        source.seek(0)
        while chunk := source.read(chunk_size or CHUNK_BYTES):
            self.bytes_read += len(chunk)
            if self.bytes_read > self.limit:
                raise RejectedFile(f"文件“{self.name}”超过大小上限（{_human(self.limit)}）")
            self.hasher.update(chunk)
            yield chunk


def _private_name(suffix: str) -> str:
    today = timezone.localdate()
    return f"private/evidence/{today:%Y}/{today:%m}/{uuid.uuid4().hex}{suffix}"


def store_upload(upload: Any, file_type: FileType) -> StoredFile:
    """Write the upload to private storage and return its name, size and SM3 (hex)."""
    wanted = _private_name(f".{file_type.extension}")
    wrapper = _HashingFile(upload, max_upload_bytes())
    try:
        name = default_storage.save(wanted, wrapper)
    except BaseException:
        default_storage.delete(wanted)
        raise
    stored_size = default_storage.size(name)
    if wrapper.bytes_read == stored_size:
        return StoredFile(name=name, size=stored_size, sm3=wrapper.hasher.finalize().hex())
    # A storage that does not read through chunks(): hash what it stored instead.
    digest, size = stored_sm3(name)
    return StoredFile(name=name, size=size, sm3=digest)


def stored_sm3(name: str) -> tuple[str, int]:
    """SM3 (hex) and size of a stored file, streaming."""
    hasher = hashes.Hash(hashes.SM3())
    size = 0
    with default_storage.open(name, "rb") as handle:
        while chunk := handle.read(CHUNK_BYTES):
            size += len(chunk)
            hasher.update(chunk)
    return hasher.finalize().hex(), size


def make_thumbnail(name: str) -> str | None:
    """A small JPEG thumbnail of a stored photo, or None when Pillow cannot read it (HEIC without a
    plug-in, a damaged file, a decompression bomb)."""
    from PIL import Image, ImageOps

    try:
        with default_storage.open(name, "rb") as handle, Image.open(handle) as image:
            image.draft("RGB", (THUMBNAIL_BOX[0] * 2, THUMBNAIL_BOX[1] * 2))  # JPEG: decode downscaled
            oriented = ImageOps.exif_transpose(image) or image
            picture = oriented.convert("RGB")
            picture.thumbnail(THUMBNAIL_BOX)
            out = io.BytesIO()
            picture.save(out, "JPEG", quality=80, optimize=True)
    except Exception:  # any unreadable image simply has no preview
        return None
    return default_storage.save(_private_name(".thumb.jpg"), ContentFile(out.getvalue()))


def delete_quietly(names: list[str]) -> None:
    for name in names:
        with contextlib.suppress(OSError):
            default_storage.delete(name)
