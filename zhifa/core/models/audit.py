from __future__ import annotations

from django.db import models


class AuditChainHead(models.Model):
    """Single row holding the tip of the audit chain; locked while appending so the chain never forks."""

    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = "审计链头"


class AuditEvent(models.Model):
    """Append-only, SM3 hash-chained record of every write, login and sensitive read.

    `hash = SM3(prev_hash || canonical_text)` where canonical_text is built by
    `zhifa.core.audit.canonical_text`. The payload is stored as canonical JSON text (not jsonb) so
    the hashed bytes are exactly the stored bytes on every database.
    """

    seq = models.BigIntegerField("序号", unique=True)
    occurred_at = models.DateTimeField("时间", db_index=True)
    actor_id = models.BigIntegerField("操作人ID", null=True, blank=True, db_index=True)
    actor_label = models.CharField("操作人", max_length=150, blank=True)
    organisation_id = models.BigIntegerField("单位ID", null=True, blank=True, db_index=True)
    action = models.CharField("动作", max_length=64, db_index=True)
    subject_type = models.CharField("对象类型", max_length=64, blank=True)
    subject_id = models.CharField("对象ID", max_length=64, blank=True)
    ip = models.CharField("IP", max_length=45, blank=True)
    payload = models.TextField("内容", blank=True, default="{}")
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = "审计事件"
        verbose_name_plural = "审计事件"
        ordering = ["seq"]
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="audit_subject_idx")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.subject_type}:{self.subject_id}"
