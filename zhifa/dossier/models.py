"""电子卷宗: the page-count cache of the dossier's PDFs, the archive record (归档) with its signed
manifest, and 典型案例 marks. Rows attach to their subject (a case …) by subject_type/subject_id
(zhifa.core.subjects) and carry organisation + region_code so data scopes work on the rows."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class DossierPage(models.Model):
    """Page count of one stored PDF, counted with pypdf once (keyed by what it is and its SM3, so
    a changed file is counted again). A derived cache: no audit event."""

    source = models.CharField("来源", max_length=16)  # "document" | "evidence_file"
    object_id = models.BigIntegerField("对象ID")
    sm3 = models.CharField("SM3", max_length=64)
    pages = models.PositiveIntegerField("页数")
    counted_at = models.DateTimeField("计数时间", auto_now_add=True)

    class Meta:
        verbose_name = "卷宗页数缓存"
        verbose_name_plural = verbose_name
        constraints = [
            models.UniqueConstraint(fields=["source", "object_id", "sm3"], name="dossier_page_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.object_id} {self.pages}页"


class DossierArchive(models.Model):
    """One archived case file (结案归档, RECORDS §2.12). `manifest` lists every item in dossier order
    with its SM3 digest and pages; `manifest_sm3` is SM3 over its canonical JSON and `signature`
    the installation's SM2 signature of that digest, so any later change is detectable."""

    subject_type = models.CharField("主体类型", max_length=40)
    subject_id = models.BigIntegerField("主体ID")
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name="归档单位", on_delete=models.PROTECT, related_name="+"
    )
    region_code = models.CharField("区划代码", max_length=12, db_index=True)
    archive_number = models.CharField("档案号", max_length=64)
    number_kind = models.CharField("档案号字", max_length=16)
    number_year = models.PositiveSmallIntegerField("年度")
    number_seq = models.PositiveIntegerField("序号")
    archived_at = models.DateTimeField("归档时间")
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="归档人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    main_items = models.PositiveIntegerField("正卷件数", default=0)
    main_pages = models.PositiveIntegerField("正卷页数", default=0)
    sub_items = models.PositiveIntegerField("副卷件数", default=0)
    sub_pages = models.PositiveIntegerField("副卷页数", default=0)
    manifest = models.JSONField("卷内清单", default=list)
    manifest_sm3 = models.CharField("清单SM3", max_length=64)
    signature = models.TextField("SM2签名")
    public_key = models.CharField("签名公钥", max_length=130)

    class Meta:
        verbose_name = "卷宗归档"
        verbose_name_plural = verbose_name
        ordering = ["-archived_at", "-id"]
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="dossier_archive_subject_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_id"], name="dossier_archive_one_per_subject"
            ),
            models.UniqueConstraint(
                fields=["organisation", "number_kind", "number_year", "number_seq"],
                name="dossier_archive_number_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.archive_number


class ModelCaseMark(models.Model):
    """典型案例: a case chosen as an example for training, publicity and 同案同罚 reference. Withdrawn
    marks stay (withdrawn_at set); at most one active mark per subject."""

    subject_type = models.CharField("主体类型", max_length=40)
    subject_id = models.BigIntegerField("主体ID")
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name="单位", on_delete=models.PROTECT, related_name="+"
    )
    region_code = models.CharField("区划代码", max_length=12, db_index=True)
    title = models.CharField("案例名称", max_length=200)
    reason = models.TextField("入选理由")
    domain = models.CharField("执法领域", max_length=60, blank=True)
    tags = models.JSONField("标签", default=list, blank=True)
    summary = models.TextField("公开摘要", blank=True, help_text="可公开的案情摘要，不得含个人信息")
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="标注人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    marked_at = models.DateTimeField("标注时间")
    withdrawn_at = models.DateTimeField("撤销时间", null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="撤销人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdraw_reason = models.CharField("撤销原因", max_length=200, blank=True)

    class Meta:
        verbose_name = "典型案例"
        verbose_name_plural = verbose_name
        ordering = ["-marked_at", "-id"]
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="dossier_modelcase_subject_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_id"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="dossier_modelcase_one_active",
            )
        ]

    def __str__(self) -> str:
        return self.title
