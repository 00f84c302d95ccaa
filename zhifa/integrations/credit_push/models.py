"""The push log: one `PushBatch` per run, one `PushReceipt` per record sent in it, and per
publication its `PushedRecord` — what the platform last accepted (operation, content hash,
remote id), which decides what the next run must send.

Scope paths (receipts and pushed records): org_path="organisation_id", region_path="region_code".
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class Operation(models.TextChoices):
    UPSERT = "upsert", "公示（新增/更新）"
    WITHDRAW = "withdraw", "撤回"


class ReceiptStatus(models.TextChoices):
    PENDING = "pending", "推送中"
    ACCEPTED = "accepted", "平台已接收"
    REJECTED = "rejected", "平台拒收"
    FAILED = "failed", "推送失败（待重推）"


class BatchStatus(models.TextChoices):
    RUNNING = "running", "推送中"
    FINISHED = "finished", "已完成"
    FAILED = "failed", "异常终止"


class PushBatch(models.Model):
    status = models.CharField("状态", max_length=16, choices=BatchStatus.choices, default=BatchStatus.RUNNING)
    endpoint = models.CharField("推送地址", max_length=500, blank=True)
    actor_id = models.BigIntegerField("操作人ID", null=True, blank=True)
    actor_label = models.CharField("操作人", max_length=150)
    started_at = models.DateTimeField("开始时间", default=timezone.now)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    total = models.PositiveIntegerField("推送记录数", default=0)
    accepted = models.PositiveIntegerField("已接收", default=0)
    rejected = models.PositiveIntegerField("拒收", default=0)
    failed = models.PositiveIntegerField("失败", default=0)
    invalid = models.PositiveIntegerField("校验不合格（未推送）", default=0)
    requests = models.PositiveIntegerField("HTTP请求次数", default=0)
    # The records kept back by validation: [{"publication_id", "number", "problems": [...]}, …]
    report = models.JSONField("校验报告", default=list, blank=True)
    error = models.TextField("错误", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "双公示推送批次"
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"推送批次 {self.pk}（{self.started_at:%Y-%m-%d %H:%M}）"


class PushReceipt(models.Model):
    batch = models.ForeignKey(
        PushBatch, verbose_name="批次", on_delete=models.CASCADE, related_name="receipts"
    )
    publication = models.ForeignKey(
        "disclosure.Publication",
        verbose_name="公示信息",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # receipt_pub_idx leads with it
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name="执法机关", on_delete=models.PROTECT, related_name="+"
    )
    region_code = models.CharField("区划代码", max_length=12, blank=True)
    cf_wsh = models.CharField("行政处罚决定书文号", max_length=128, blank=True)
    operation = models.CharField("操作", max_length=16, choices=Operation.choices)
    idempotency_key = models.CharField("幂等键", max_length=64)
    content_hash = models.CharField("内容摘要(SM3)", max_length=64)
    publication_version = models.PositiveIntegerField("公示版本")
    status = models.CharField(
        "状态", max_length=16, choices=ReceiptStatus.choices, default=ReceiptStatus.PENDING
    )
    remote_id = models.CharField("平台记录ID", max_length=100, blank=True)
    http_status = models.PositiveSmallIntegerField("HTTP状态码", null=True, blank=True)
    error = models.TextField("错误", blank=True)
    attempts = models.PositiveSmallIntegerField("请求次数", default=0)
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    finished_at = models.DateTimeField("回执时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "双公示推送回执"
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["publication", "-id"], name="receipt_pub_idx"),
            models.Index(fields=["organisation", "-id"], name="receipt_org_idx"),
            models.Index(fields=["status", "-id"], name="receipt_status_idx"),
            models.Index(fields=["idempotency_key"], name="receipt_key_idx"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.cf_wsh or self.publication_id} {self.get_operation_display()} {self.get_status_display()}"
        )


class PushedRecord(models.Model):
    """What the platform holds for one publication: the last accepted operation and content."""

    publication = models.OneToOneField(
        "disclosure.Publication", verbose_name="公示信息", on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name="执法机关", on_delete=models.PROTECT, related_name="+"
    )
    region_code = models.CharField("区划代码", max_length=12, blank=True)
    operation = models.CharField("最近接收的操作", max_length=16, choices=Operation.choices)
    content_hash = models.CharField("内容摘要(SM3)", max_length=64)
    publication_version = models.PositiveIntegerField("公示版本")
    remote_id = models.CharField("平台记录ID", max_length=100, blank=True)
    receipt = models.ForeignKey(PushReceipt, verbose_name="回执", on_delete=models.PROTECT, related_name="+")
    pushed_at = models.DateTimeField("接收时间")

    class Meta:
        verbose_name = verbose_name_plural = "已推送记录"
        indexes = [models.Index(fields=["operation"], name="pushed_operation_idx")]

    def __str__(self) -> str:
        return f"{self.publication_id} {self.get_operation_display()}"
