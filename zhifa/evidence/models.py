"""Evidence items (处罚法 Art. 46), their files and their chain of custody.

An item attaches to its *subject* (a case, clue, inspection …) by `subject_type`/`subject_id`
(see zhifa.core.subjects) and carries the organisation and region code so data scopes work on
the rows themselves. Rows are written only by `zhifa.evidence.services`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .choices import CustodyAction, EvidenceKind, MediaKind

GENESIS_HASH = "0" * 64


class Evidence(models.Model):
    subject_type = models.CharField("对象类型", max_length=40)
    subject_id = models.BigIntegerField("对象ID")
    organisation = models.ForeignKey(
        "orgs.Organisation", models.PROTECT, related_name="+", verbose_name="单位"
    )
    region_code = models.CharField("区划代码", max_length=12)
    # Number within the subject, 1..n without gaps (allocated under EvidenceCounter's row lock);
    # the order of the 证据清单.
    seq = models.PositiveIntegerField("序号")
    kind = models.CharField("证据种类", max_length=24, choices=EvidenceKind.choices)
    title = models.CharField("证据名称", max_length=200)
    description = models.TextField("证明对象/内容", blank=True)
    source = models.CharField("来源/提供人", max_length=200, blank=True)
    collected_at = models.DateTimeField("收集时间")
    collected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="收集人"
    )
    place = models.CharField("收集地点", max_length=200, blank=True)
    page_count = models.PositiveIntegerField("页数", null=True, blank=True)
    is_original = models.BooleanField("原件", default=True)
    # A copy of 书证 is checked against the original and signed by the provider (RECORDS.md §3 #1).
    verified_against_original = models.BooleanField("复印件已核对无误", default=False)
    details = models.JSONField("种类特有信息", default=dict, blank=True)
    # 处罚法 Art. 46 ¶3: evidence obtained by unlawful means cannot support a finding.
    admissible = models.BooleanField("可作为定案依据", default=True)
    exclusion_reason = models.TextField("排除理由", blank=True)
    excluded_at = models.DateTimeField("排除时间", null=True, blank=True)
    # Hash of the last custody event: a deleted tail of the chain is detectable.
    custody_head = models.CharField("保管链末端哈希", max_length=64, default=GENESIS_HASH)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "证据"
        verbose_name_plural = "证据"
        ordering = ["subject_type", "subject_id", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["subject_type", "subject_id", "seq"], name="evidence_seq_unique"),
        ]
        indexes = [
            models.Index(fields=["subject_type", "subject_id"], name="evidence_subject_idx"),
            models.Index(fields=["organisation", "created_at"], name="evidence_org_idx"),
            models.Index(fields=["region_code"], name="evidence_region_idx"),
        ]

    def __str__(self) -> str:
        return f"证据{self.seq} {self.title}"


class EvidenceCounter(models.Model):
    """Last evidence number per subject; its row lock serialises `seq` allocation."""

    subject_type = models.CharField(max_length=40)
    subject_id = models.BigIntegerField()
    last_seq = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "证据序号"
        verbose_name_plural = "证据序号"
        constraints = [
            models.UniqueConstraint(fields=["subject_type", "subject_id"], name="evidence_counter_unique"),
        ]


class EvidenceFile(models.Model):
    evidence = models.ForeignKey(Evidence, models.PROTECT, related_name="files", verbose_name="证据")
    file = models.FileField("文件", max_length=255)
    original_name = models.CharField("原文件名", max_length=255)
    content_type = models.CharField("类型", max_length=100)
    size = models.BigIntegerField("字节数")
    sm3 = models.CharField("SM3摘要", max_length=64)
    media_kind = models.CharField("媒体类别", max_length=8, choices=MediaKind.choices)
    preview = models.FileField("缩略图", max_length=255, null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="上传人"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "证据附件"
        verbose_name_plural = "证据附件"
        ordering = ["evidence", "id"]

    def __str__(self) -> str:
        return self.original_name


class CustodyEvent(models.Model):
    """One step of the chain of custody. hash = SM3(prev_hash + canonical JSON of the event),
    chained per evidence item (see zhifa.evidence.custody)."""

    evidence = models.ForeignKey(Evidence, models.PROTECT, related_name="custody", verbose_name="证据")
    seq = models.PositiveIntegerField("序号")
    action = models.CharField("环节", max_length=20, choices=CustodyAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+", verbose_name="经办人"
    )
    actor_label = models.CharField("经办人", max_length=150)
    at = models.DateTimeField("时间")
    holder = models.CharField("保管人", max_length=100, blank=True)
    location = models.CharField("保管地点", max_length=200, blank=True)
    note = models.TextField("说明", blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = "保管记录"
        verbose_name_plural = "保管记录"
        ordering = ["evidence", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["evidence", "seq"], name="evidence_custody_seq_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"
