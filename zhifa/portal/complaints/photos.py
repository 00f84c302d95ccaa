"""Photos sent with a complaint: checked with Pillow (a real JPEG/PNG/WebP picture, not too big in
bytes or pixels), re-encoded without metadata — a phone photo's EXIF carries the reporter's GPS
position, device serial and sometimes name — and stored privately (never under MEDIA_URL):
private/complaints/<yyyy>/<mm>/<uuid><ext> in the default storage."""

from __future__ import annotations

import contextlib
import io
import uuid
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives import hashes
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from zhifa.core.errors import ValidationError

FORMATS = {"JPEG": ("image/jpeg", ".jpg"), "PNG": ("image/png", ".png"), "WEBP": ("image/webp", ".webp")}
DEFAULT_MAX_PHOTOS = 3
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # 40 MP: larger is a decompression bomb, not a phone photo


def max_photos() -> int:
    return int(getattr(settings, "ZHIFA_COMPLAINT_MAX_PHOTOS", DEFAULT_MAX_PHOTOS))


def max_bytes() -> int:
    return int(getattr(settings, "ZHIFA_COMPLAINT_MAX_PHOTO_BYTES", DEFAULT_MAX_BYTES))


@dataclass(frozen=True)
class CheckedPhoto:
    """A validated photo, re-encoded in memory, not yet stored."""

    original_name: str
    content_type: str
    extension: str
    data: bytes
    width: int
    height: int
    original_sm3: str


def _sm3(data: bytes) -> str:
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize().hex()


def check_photo(upload: Any) -> CheckedPhoto:
    """Refuse (ValidationError, in Chinese) anything that is not a JPEG, PNG or WebP picture within
    the limits; return it re-encoded with its orientation applied and no metadata."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    name = str(getattr(upload, "name", "") or "照片")[:255]
    limit = max_bytes()
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise ValidationError(f"照片“{name}”超过 {limit // (1024 * 1024)} MB")
    upload.seek(0)
    raw = upload.read(limit + 1)
    if len(raw) > limit:
        raise ValidationError(f"照片“{name}”超过 {limit // (1024 * 1024)} MB")
    if not raw:
        raise ValidationError(f"照片“{name}”为空")
    try:
        with Image.open(io.BytesIO(raw)) as probe:
            kind = probe.format or ""
            if kind not in FORMATS:
                raise ValidationError(f"照片“{name}”格式不支持，请上传 JPG、PNG 或 WebP 图片")
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(f"照片“{name}”像素过大")
            probe.verify()  # structure check; the image must be reopened after verify()
        with Image.open(io.BytesIO(raw)) as image:
            image.load()
            upright = ImageOps.exif_transpose(image) or image
            out = io.BytesIO()
            if kind == "JPEG":
                upright.convert("RGB").save(out, "JPEG", quality=88, optimize=True)
            elif kind == "PNG":
                upright.save(out, "PNG", optimize=True)
            else:
                upright.save(out, "WEBP", quality=88)
            width, height = upright.size
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError(f"照片“{name}”无法识别，请上传 JPG、PNG 或 WebP 图片") from None
    content_type, extension = FORMATS[kind]
    return CheckedPhoto(name, content_type, extension, out.getvalue(), width, height, _sm3(raw))


def check_photos(uploads: list[Any]) -> list[CheckedPhoto]:
    uploads = [u for u in uploads if u is not None and str(getattr(u, "name", None) or "")]
    if len(uploads) > max_photos():
        raise ValidationError(f"最多上传 {max_photos()} 张照片")
    return [check_photo(u) for u in uploads]


def store_photo(photo: CheckedPhoto) -> str:
    today = timezone.localdate()
    wanted = f"private/complaints/{today:%Y}/{today:%m}/{uuid.uuid4().hex}{photo.extension}"
    return str(default_storage.save(wanted, ContentFile(photo.data)))


def delete_quietly(names: list[str]) -> None:
    for name in names:
        with contextlib.suppress(OSError):
            default_storage.delete(name)
