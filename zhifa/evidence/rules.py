"""Pure rules: which uploads are accepted (extension AND magic bytes), and what each statutory
kind of evidence records (RECORDS.md §3, 处罚法 Art. 46)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings

from .choices import EvidenceKind, MediaKind

DEFAULT_MAX_BYTES = 500 * 1024 * 1024
SNIFF_BYTES = 64


def max_upload_bytes() -> int:
    return int(getattr(settings, "ZHIFA_EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))


@dataclass(frozen=True)
class FileType:
    extension: str
    media_kind: str
    content_type: str


def _ftyp_brand(head: bytes) -> bytes | None:
    """Major brand of an ISO base media file (MP4, MOV, M4A, 3GP, HEIC): box 'ftyp' at offset 4."""
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return head[8:12]
    return None


HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}
AUDIO_BRANDS = {b"M4A ", b"M4B ", b"mp42", b"isom", b"mp41", b"dash"}
THREE_GP_PREFIXES = (b"3gp", b"3g2", b"3ge", b"3gg", b"3gs")
QUICKTIME_ATOMS = {b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"}


def _is_jpeg(h: bytes) -> bool:
    return h[:3] == b"\xff\xd8\xff"


def _is_png(h: bytes) -> bool:
    return h[:8] == b"\x89PNG\r\n\x1a\n"


def _is_webp(h: bytes) -> bool:
    return h[:4] == b"RIFF" and h[8:12] == b"WEBP"


def _is_heic(h: bytes) -> bool:
    return _ftyp_brand(h) in HEIF_BRANDS


def _is_mp3(h: bytes) -> bool:
    # ID3v2 tag, or an MPEG audio frame sync (11 set bits) with layer III.
    return h[:3] == b"ID3" or (len(h) >= 2 and h[0] == 0xFF and (h[1] & 0xE6) == 0xE2)


def _is_m4a(h: bytes) -> bool:
    return _ftyp_brand(h) in AUDIO_BRANDS


def _is_wav(h: bytes) -> bool:
    return h[:4] == b"RIFF" and h[8:12] == b"WAVE"


def _is_amr(h: bytes) -> bool:
    return h[:5] == b"#!AMR"


def _is_aac(h: bytes) -> bool:
    # ADTS frame header (12-bit sync 0xFFF, layer 00) or an ADIF header.
    return h[:4] == b"ADIF" or (len(h) >= 2 and h[0] == 0xFF and (h[1] & 0xF6) == 0xF0)


def _is_mp4(h: bytes) -> bool:
    brand = _ftyp_brand(h)
    return brand is not None and brand not in HEIF_BRANDS and brand != b"qt  "


def _is_mov(h: bytes) -> bool:
    brand = _ftyp_brand(h)
    if brand is not None:
        return brand not in HEIF_BRANDS
    return h[4:8] in QUICKTIME_ATOMS


def _is_3gp(h: bytes) -> bool:
    brand = _ftyp_brand(h)
    return brand is not None and brand.startswith(THREE_GP_PREFIXES)


def _is_pdf(h: bytes) -> bool:
    return h.lstrip(b"\r\n\t \x00\xef\xbb\xbf")[:5] == b"%PDF-"


_TYPES: dict[str, tuple[str, str, Callable[[bytes], bool]]] = {
    "jpg": (MediaKind.PHOTO, "image/jpeg", _is_jpeg),
    "jpeg": (MediaKind.PHOTO, "image/jpeg", _is_jpeg),
    "png": (MediaKind.PHOTO, "image/png", _is_png),
    "webp": (MediaKind.PHOTO, "image/webp", _is_webp),
    "heic": (MediaKind.PHOTO, "image/heic", _is_heic),
    "mp3": (MediaKind.AUDIO, "audio/mpeg", _is_mp3),
    "m4a": (MediaKind.AUDIO, "audio/mp4", _is_m4a),
    "wav": (MediaKind.AUDIO, "audio/wav", _is_wav),
    "amr": (MediaKind.AUDIO, "audio/amr", _is_amr),
    "aac": (MediaKind.AUDIO, "audio/aac", _is_aac),
    "mp4": (MediaKind.VIDEO, "video/mp4", _is_mp4),
    "mov": (MediaKind.VIDEO, "video/quicktime", _is_mov),
    "3gp": (MediaKind.VIDEO, "video/3gpp", _is_3gp),
    "pdf": (MediaKind.PDF, "application/pdf", _is_pdf),
}

ACCEPTED_EXTENSIONS = tuple(_TYPES)
ACCEPT_ATTRIBUTE = ",".join(f".{ext}" for ext in ACCEPTED_EXTENSIONS) + ",image/*,audio/*,video/*"
ACCEPTED_LABEL = "照片（jpg、png、webp、heic）、录音（mp3、m4a、wav、amr、aac）、录像（mp4、mov、3gp）、PDF"


class RejectedFile(Exception):
    """The upload is not an accepted evidence file; `message` says why, in Chinese."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def extension_of(name: str) -> str:
    return PurePath(name).suffix.lower().lstrip(".")


def classify_upload(name: str, head: bytes) -> FileType:
    """The accepted type of a file called `name` whose first bytes are `head`, or RejectedFile.
    Both must agree: a renamed executable with a .jpg extension is refused."""
    ext = extension_of(name)
    entry = _TYPES.get(ext)
    if entry is None:
        raise RejectedFile(f"不支持的文件类型“{name}”。可上传：{ACCEPTED_LABEL}")
    media_kind, content_type, sniff = entry
    if not sniff(head[:SNIFF_BYTES]):
        raise RejectedFile(f"文件“{name}”的内容与扩展名 .{ext} 不符，已拒绝上传")
    return FileType(extension=ext, media_kind=str(media_kind), content_type=content_type)


# --- what each kind records (RECORDS.md §3) -------------------------------------------------------

KIND_DETAIL_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    EvidenceKind.DOCUMENTARY: (("provider_signed", "提供人签名确认"),),
    EvidenceKind.PHYSICAL: (
        ("held_at", "存放地点"),
        ("linked_measure", "关联措施（抽样/先行登记保存/查封扣押）"),
        ("item_list", "物品清单"),
    ),
    EvidenceKind.AUDIOVISUAL: (
        ("device", "采集设备"),
        ("duration", "时长"),
        ("recorder", "录制人"),
    ),
    EvidenceKind.ELECTRONIC: (
        ("source_system", "来源系统/网址"),
        ("method", "提取方法"),
        ("record_sheet", "证据记录单"),
    ),
    EvidenceKind.WITNESS: (
        ("identity", "证人身份"),
        ("relation", "与案件关系"),
        ("record_ref", "询问笔录"),
    ),
    EvidenceKind.PARTY_STATEMENT: (("record_ref", "询问笔录/陈述申辩"), ("signed_every_page", "逐页签名")),
    EvidenceKind.EXPERT_OPINION: (
        ("issuing_body", "鉴定机构"),
        ("qualification", "机构资质"),
        ("report_date", "报告日期"),
        ("notified_on", "告知当事人日期"),
    ),
    EvidenceKind.INSPECTION_RECORD: (
        ("officers", "执法人员及执法证号"),
        ("signatories", "当事人/见证人签名"),
        ("sketch", "现场示意图"),
    ),
}

MAX_DETAIL_VALUE = 500


def clean_details(kind: str, details: dict[str, object] | None) -> dict[str, str]:
    """Keep non-empty values as trimmed strings (≤ 500 chars). Keys beyond the kind's list are kept
    too: callers (cases, mobile clients) may record more than the form asks for."""
    cleaned: dict[str, str] = {}
    for key, value in (details or {}).items():
        if not isinstance(key, str) or not key or len(key) > 40:
            raise ValueError("种类特有信息的字段名无效")
        if value is None:
            continue
        if isinstance(value, dict | list):
            raise ValueError(f"种类特有信息“{key}”应为文字")
        text = str(value).strip()
        if len(text) > MAX_DETAIL_VALUE:
            raise ValueError(f"种类特有信息“{key}”过长（最多{MAX_DETAIL_VALUE}字）")
        if text:
            cleaned[key] = text
    return cleaned


def detail_label(kind: str, key: str) -> str:
    return dict(KIND_DETAIL_FIELDS.get(kind, ())).get(key, key)
