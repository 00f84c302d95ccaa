"""文书 instances (generic, RECORDS §4.1), their gap-free numbers (文号), service records and 常用语."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .rules import SERVICE_METHODS


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    ISSUED = "issued", "已签发"
    VOID = "void", "已作废"


class Document(models.Model):
    """One document of a subject (case, clue, inspection …). `data` is the bound context snapshot;
    an issued document's files, digests and SM2 signature never change afterwards."""

    subject_type = models.CharField("主体类型", max_length=40)
    subject_id = models.BigIntegerField("主体ID")
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name="制作单位", on_delete=models.PROTECT, related_name="+"
    )
    region_code = models.CharField("区划代码", max_length=12, db_index=True)
    type_code = models.CharField("文书类型", max_length=8)
    title = models.CharField("文书名称", max_length=100)
    status = models.CharField(
        "状态", max_length=8, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT
    )
    data = models.JSONField("文书数据", default=dict, blank=True)
    number = models.CharField("文号", max_length=64, blank=True)
    number_kind = models.CharField("文号字", max_length=16, blank=True)
    number_year = models.PositiveSmallIntegerField("文号年度", null=True, blank=True)
    number_seq = models.PositiveIntegerField("文号序号", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="制作人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="签发人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField("签发时间", null=True, blank=True)
    docx_file = models.CharField("Word文件", max_length=200, blank=True)
    pdf_file = models.CharField("PDF文件", max_length=200, blank=True)
    docx_sm3 = models.CharField("Word SM3", max_length=64, blank=True, db_index=True)
    pdf_sm3 = models.CharField("PDF SM3", max_length=64, blank=True, db_index=True)
    signature = models.TextField("SM2签名", blank=True)
    public_key = models.CharField("签名公钥", max_length=130, blank=True)
    verify_token = models.CharField("核验码", max_length=40, null=True, blank=True, unique=True)
    page_count = models.PositiveIntegerField("页数", null=True, blank=True)
    voided_at = models.DateTimeField("作废时间", null=True, blank=True)
    void_reason = models.CharField("作废原因", max_length=200, blank=True)

    class Meta:
        verbose_name = "执法文书"
        verbose_name_plural = verbose_name
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["subject_type", "subject_id"], name="document_subject_idx"),
            models.Index(fields=["organisation", "type_code"], name="document_org_type_idx"),
        ]
        constraints = [
            # 文号 gap-free and unique per organisation, 字 and year (RECORDS §4.1).
            models.UniqueConstraint(
                fields=["organisation", "number_kind", "number_year", "number_seq"],
                condition=models.Q(number_seq__isnull=False),
                name="document_number_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.number}".strip()


class DocumentNumberSequence(models.Model):
    """Last 文号 序号 per organisation, 字 and year; locked (SELECT … FOR UPDATE) by document_issue."""

    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    number_kind = models.CharField("文号字", max_length=16)
    year = models.PositiveSmallIntegerField("年度")
    last_seq = models.PositiveIntegerField("已用序号", default=0)

    class Meta:
        verbose_name = "文号序列"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "number_kind", "year"], name="document_sequence_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.number_kind} {self.year}: {self.last_seq}"


DEFAULT_NUMBER_PATTERN = "{org_abbr}{kind}字〔{year}〕{seq}号"


class NumberingFormat(models.Model):
    """文号 pattern (organisation empty = the default for everyone). Placeholders: {org_abbr}
    (short_name or name), {kind}, {year}, {seq}, {seq3} (zero-padded to 3)."""

    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name="单位",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    number_kind = models.CharField("文号字", max_length=16, blank=True, help_text="留空表示适用于所有文书")
    pattern = models.CharField("文号格式", max_length=100, default=DEFAULT_NUMBER_PATTERN)

    class Meta:
        verbose_name = "文号格式"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number_kind"], name="numbering_format_unique")
        ]

    def __str__(self) -> str:
        return self.pattern


class ServiceMethod(models.TextChoices):
    DIRECT = "direct", SERVICE_METHODS["direct"]
    LEFT = "left", SERVICE_METHODS["left"]
    ENTRUSTED = "entrusted", SERVICE_METHODS["entrusted"]
    POST = "post", SERVICE_METHODS["post"]
    PUBLIC_NOTICE = "public_notice", SERVICE_METHODS["public_notice"]
    ELECTRONIC = "electronic", SERVICE_METHODS["electronic"]


class ServiceRecord(models.Model):
    """送达 of one issued document (SAMR Art. 82). `effective_on` starts the party's clocks."""

    document = models.ForeignKey(
        Document, verbose_name="文书", on_delete=models.PROTECT, related_name="services"
    )
    method = models.CharField("送达方式", max_length=16, choices=ServiceMethod.choices)
    recipient = models.CharField("受送达人", max_length=200)
    served_at = models.DateTimeField("送达（交付/寄出/公告/发送）时间")
    effective_on = models.DateField("送达生效日期")
    receipt_no = models.CharField("邮寄单号", max_length=64, blank=True)
    witnesses = models.CharField("见证人", max_length=200, blank=True)
    consent_document = models.ForeignKey(
        Document,
        verbose_name="送达地址确认书",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    consent_note = models.CharField("电子送达同意说明", max_length=200, blank=True)
    place = models.CharField("送达地点", max_length=200, blank=True)
    note = models.TextField("备注", blank=True)
    receipt_document = models.ForeignKey(
        Document, verbose_name="送达回证", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "送达记录"
        verbose_name_plural = verbose_name
        ordering = ["effective_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.effective_on}"


class Phrase(models.Model):
    """常用语: reusable wording for facts, opinions, approval comments (organisation empty = all)."""

    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name="单位",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    category = models.CharField("类别", max_length=32, db_index=True)
    text = models.CharField("内容", max_length=500)
    order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "常用语"
        verbose_name_plural = verbose_name
        ordering = ["category", "order", "id"]

    def __str__(self) -> str:
        return self.text[:40]
