"""Public complaints (投诉举报) — the public face of a clue.

A complaint from the web form or an Open311 client becomes a clue through the clues services
(zhifa.clues.services.clue_register); the row here keeps only what the public side needs: which
service (category) and channel it came by, the hash of the reporter's tracking code, the Open311
token and client fields, the photos (private files) and the satisfaction rating. Its status is
never stored here: it is read from the clue (rules.public_status).

The reporter's identity lives in zhifa.clues.ClueReporter (restricted, BEYOND.md §14); this app
never copies it.
"""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models

from zhifa.core.models import TimeStampedModel

from .choices import OPEN311_CLUE_CHANNELS, WEB_CLUE_CHANNELS, ComplaintSource, ServiceType


class ComplaintService(TimeStampedModel):
    """A complaint category — an Open311 *service* and the public form's 投诉类别. The receiving unit
    registers the clues of its complaints (登记单位); screening rules then suggest the handling unit."""

    code = models.CharField(
        "服务代码（service_code）",
        max_length=40,
        unique=True,
        validators=[RegexValidator(r"^[A-Za-z0-9_\-]+$", "只能使用字母、数字、下划线和连字符")],
    )
    name = models.CharField("类别名称", max_length=100)
    description = models.TextField("说明", blank=True)
    group = models.CharField("分组", max_length=60, blank=True)
    keywords = models.CharField("关键词（逗号分隔）", max_length=200, blank=True)
    service_type = models.CharField(
        "Open311 类型", max_length=10, choices=ServiceType.choices, default=ServiceType.REALTIME
    )
    receiving_unit = models.ForeignKey(
        "orgs.Organisation", verbose_name="受理单位", on_delete=models.PROTECT, related_name="+"
    )
    domain = models.CharField("执法领域", max_length=32, blank=True)  # orgs.Domain.code
    violation = models.CharField(
        "线索的涉嫌违法行为", max_length=200, blank=True, help_text="留空则使用类别名称"
    )
    clue_channel = models.CharField(
        "网上投诉登记为", max_length=20, choices=WEB_CLUE_CHANNELS, default="complaint"
    )
    service_notice = models.TextField("办理须知（service_notice）", blank=True)
    # Open311 attribute definitions: [{"code", "datatype", "required", "description", "order",
    # "datatype_description", "variable", "values": [{"key", "name"}]}] (rules.check_definitions).
    attributes = models.JSONField("附加项定义", default=list, blank=True)
    is_active = models.BooleanField("启用", default=True)
    sort_order = models.PositiveIntegerField("排序", default=100)

    class Meta:
        verbose_name = "投诉类别（Open311 服务）"
        verbose_name_plural = "投诉类别（Open311 服务）"
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def clue_violation(self) -> str:
        return self.violation.strip() or self.name


class Open311Client(TimeStampedModel):
    """An Open311 client (the 12345 hotline, a grid system, an app) holding an API key. Only the
    key's keyed hash is stored (SM3-HMAC, zhifa.core.crypto_fields.blind_index); the key is shown
    once when issued."""

    name = models.CharField("客户端名称", max_length=100)
    contact = models.CharField("联系人及联系方式", max_length=200, blank=True)
    clue_channel = models.CharField(
        "提交的线索来源渠道", max_length=20, choices=OPEN311_CLUE_CHANNELS, default="hotline_12345"
    )
    key_prefix = models.CharField("密钥前缀", max_length=12, blank=True, editable=False)
    key_hash = models.CharField("密钥摘要", max_length=64, blank=True, editable=False, db_index=True)
    is_active = models.BooleanField("启用", default=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "Open311 客户端"
        verbose_name_plural = "Open311 客户端"
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Complaint(TimeStampedModel):
    """One public complaint; `pk` is its Open311 service_request_id, `created_at` its
    requested_datetime."""

    clue = models.OneToOneField(
        "clues.Clue", verbose_name="线索", on_delete=models.PROTECT, related_name="public_complaint"
    )
    reporter = models.ForeignKey(
        "clues.ClueReporter",
        verbose_name="投诉举报人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    service = models.ForeignKey(
        ComplaintService, verbose_name="投诉类别", on_delete=models.PROTECT, related_name="complaints"
    )
    source = models.CharField("公众渠道", max_length=10, choices=ComplaintSource.choices)
    client = models.ForeignKey(
        Open311Client,
        verbose_name="Open311 客户端",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name="受理单位", on_delete=models.PROTECT, related_name="+"
    )
    region_code = models.CharField("区划代码", max_length=12)
    tracking_index = models.CharField("跟踪码摘要", max_length=64, unique=True, editable=False)
    token = models.CharField("Open311 token", max_length=32, unique=True, editable=False)
    address_id = models.CharField("地址编号（address_id）", max_length=64, blank=True)
    zipcode = models.CharField("邮政编码", max_length=16, blank=True)
    media_url = models.URLField("媒体链接（media_url）", max_length=500, blank=True)
    device_id = models.CharField("设备编号", max_length=100, blank=True)
    account_id = models.CharField("账户编号", max_length=100, blank=True)
    attributes = models.JSONField("附加项", default=dict, blank=True)
    consent_version = models.CharField("同意的告知版本", max_length=20, blank=True)
    rating = models.PositiveSmallIntegerField("满意度（1–5）", null=True, blank=True)
    rating_comment = models.TextField("评价意见", blank=True)
    rated_at = models.DateTimeField("评价时间", null=True, blank=True)

    class Meta:
        verbose_name = "公众投诉"
        verbose_name_plural = "公众投诉"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["created_at"], name="complaint_created_idx"),
            models.Index(fields=["service", "created_at"], name="complaint_service_created_idx"),
            models.Index(fields=["region_code"], name="complaint_region_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="complaint_rating_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"公众投诉#{self.pk}"

    @property
    def service_request_id(self) -> str:
        return str(self.pk)


class ComplaintPhoto(models.Model):
    """A photo sent with a complaint: validated with Pillow, re-encoded without its metadata (EXIF
    may carry the reporter's GPS position, device and name) and stored privately under
    private/complaints/<yyyy>/<mm>/<uuid><ext>; served only to users who may read the clue."""

    complaint = models.ForeignKey(
        Complaint, verbose_name="投诉", on_delete=models.CASCADE, related_name="photos"
    )
    name = models.CharField("存储路径", max_length=255)
    original_name = models.CharField("原文件名", max_length=255, blank=True)
    content_type = models.CharField("类型", max_length=40)
    size = models.PositiveIntegerField("大小（字节）")
    width = models.PositiveIntegerField("宽")
    height = models.PositiveIntegerField("高")
    original_sm3 = models.CharField("原始文件 SM3", max_length=64)
    created_at = models.DateTimeField("上传时间")

    class Meta:
        verbose_name = "投诉照片"
        verbose_name_plural = "投诉照片"
        ordering = ["complaint_id", "id"]

    def __str__(self) -> str:
        return f"照片#{self.pk}"
