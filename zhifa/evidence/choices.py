"""Code lists of the evidence app."""

from __future__ import annotations

from django.db import models


class EvidenceKind(models.TextChoices):
    """The eight statutory kinds of evidence (行政处罚法 Art. 46 ¶1)."""

    DOCUMENTARY = "documentary", "书证"
    PHYSICAL = "physical", "物证"
    AUDIOVISUAL = "audiovisual", "视听资料"
    ELECTRONIC = "electronic", "电子数据"
    WITNESS = "witness", "证人证言"
    PARTY_STATEMENT = "party_statement", "当事人的陈述"
    EXPERT_OPINION = "expert_opinion", "鉴定意见"
    INSPECTION_RECORD = "inspection_record", "勘验笔录、现场笔录"


class MediaKind(models.TextChoices):
    PHOTO = "photo", "照片"
    AUDIO = "audio", "录音"
    VIDEO = "video", "录像"
    PDF = "pdf", "PDF文件"
    OTHER = "other", "其他"


class CustodyAction(models.TextChoices):
    """Steps of the chain of custody (证据保管链)."""

    COLLECTED = "collected", "收集"
    SEALED = "sealed", "封存"
    TRANSFERRED = "transferred", "移交"
    STORED = "stored", "入库"
    CHECKED_OUT = "checked_out", "调取"
    RETURNED = "returned", "归还"
    SENT_FOR_TESTING = "sent_for_testing", "送检"
    DESTROYED = "destroyed", "销毁"
    FILE_ADDED = "file_added", "附件上传"


# Actions an officer records by hand; `collected` and `file_added` are written by the services.
MANUAL_CUSTODY_ACTIONS = tuple(
    a for a in CustodyAction if a not in (CustodyAction.COLLECTED, CustodyAction.FILE_ADDED)
)
