"""自由裁量基准 (discretion_standard): violations → ordered tiers → penalty ranges (RECORDS §4.7).

Workflow: draft → submitted → approved (by the supervising body) → published; a rejection returns
the standard to draft with a reason. Editing a published standard starts a new version (same
`series`, `version` + 1, `supersedes` the published row); publishing it supersedes the old one and
notifies every unit that claimed (认领) the series.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.db import models
from django.db.models import Q
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from zhifa.core.models import TimeStampedModel, actor_field
from zhifa.legal.rules.discretion import (
    BaseKind,
    FactorMode,
    FactorSpec,
    RangeKind,
    StandardSpec,
    TierSpec,
)

__all__ = [
    "DiscretionChangeNotice",
    "DiscretionClaim",
    "DiscretionFactor",
    "DiscretionStandard",
    "DiscretionStatus",
    "DiscretionTier",
    "NoticeKind",
    "ParseStatus",
]


class DiscretionStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待审核"
    APPROVED = "approved", "审核通过待发布"
    PUBLISHED = "published", "已发布"
    SUPERSEDED = "superseded", "已被新版本替代"
    WITHDRAWN = "withdrawn", "已撤回"


class ParseStatus(models.TextChoices):
    PARSED = "parsed", "已解析"
    UNPARSED = "unparsed", "未解析"
    MANUAL = "manual", "人工录入"


class NoticeKind(models.TextChoices):
    NEW_VERSION = "new_version", "发布了新版本"
    WITHDRAWN = "withdrawn", "已撤回"


def _new_series() -> uuid.UUID:
    return uuid.uuid4()


class DiscretionStandard(TimeStampedModel):
    """One 裁量基准 item (one violation) in one version."""

    series = models.UUIDField("基准标识", default=_new_series, db_index=True, editable=False)
    version = models.PositiveIntegerField("版本号", default=1)
    supersedes = models.ForeignKey(
        "self",
        verbose_name="替代的版本",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name="制定单位", on_delete=models.PROTECT, related_name="+"
    )
    region_code = models.CharField("区划代码", max_length=12, db_index=True, editable=False)
    power = models.ForeignKey(
        "legal.Power",
        verbose_name="关联职权",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="discretion_standards",
    )
    item_no = models.CharField("序号", max_length=32, blank=True, db_index=True)
    violation = models.TextField("违法行为")
    violated_provision = models.TextField("违法依据", blank=True)
    penalty_provision = models.TextField("处罚依据", blank=True)
    violated_articles = models.ManyToManyField(
        "legal.Article", verbose_name="违法依据条文", blank=True, related_name="+"
    )
    penalty_articles = models.ManyToManyField(
        "legal.Article", verbose_name="处罚依据条文", blank=True, related_name="+"
    )
    category = models.CharField("分类", max_length=200, blank=True, db_index=True)
    note = models.TextField("备注", blank=True)
    status = FSMField(
        "状态",
        max_length=12,
        choices=DiscretionStatus.choices,
        default=DiscretionStatus.DRAFT,
        protected=False,
    )
    rejected_reason = models.TextField("退回原因", blank=True)
    withdrawn_reason = models.TextField("撤回原因", blank=True)
    source = models.CharField("来源", max_length=300, blank=True)
    created_by = actor_field("创建人")
    submitted_by = actor_field("提交人")
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    approved_by = actor_field("审核人")
    approved_at = models.DateTimeField("审核时间", null=True, blank=True)
    published_by = actor_field("发布人")
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "自由裁量基准"
        verbose_name_plural = "自由裁量基准"
        ordering = ["organisation_id", "category", "id"]
        indexes = [models.Index(fields=["organisation", "status"], name="legal_disc_org_status_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "version"], name="legal_discretion_series_version_uniq"
            ),
        ]

    def __str__(self) -> str:
        prefix = f"{self.item_no} " if self.item_no else ""
        return f"{prefix}{self.violation[:40]}（第{self.version}版）"

    @transition(field=status, source=DiscretionStatus.DRAFT, target=DiscretionStatus.SUBMITTED)
    def submit(self) -> None:
        """提交审核"""

    @transition(field=status, source=DiscretionStatus.SUBMITTED, target=DiscretionStatus.APPROVED)
    def approve(self) -> None:
        """审核通过"""

    @transition(field=status, source=DiscretionStatus.SUBMITTED, target=DiscretionStatus.DRAFT)
    def reject(self) -> None:
        """退回修改"""

    @transition(field=status, source=DiscretionStatus.APPROVED, target=DiscretionStatus.PUBLISHED)
    def publish(self) -> None:
        """发布"""

    @transition(field=status, source=DiscretionStatus.PUBLISHED, target=DiscretionStatus.SUPERSEDED)
    def supersede(self) -> None:
        """被新版本替代"""

    @transition(field=status, source=DiscretionStatus.PUBLISHED, target=DiscretionStatus.WITHDRAWN)
    def withdraw(self) -> None:
        """撤回"""

    def as_spec(self) -> StandardSpec:
        """The rules-engine view of this standard (zhifa.legal.rules.discretion)."""
        return StandardSpec(
            tiers=tuple(tier.as_spec() for tier in self.tiers.all()),
            factors=tuple(
                FactorSpec(
                    name=f.name,
                    percentage=f.percentage,
                    tier_order=f.tier.order if f.tier else None,
                    key=f.pk,
                )
                for f in self.factors.select_related("tier")
            ),
            title=self.violation,
        )


class DiscretionTier(models.Model):
    """裁量档次: circumstances → penalty kinds and a fine range (absolute, or a multiple or percentage
    of a base)."""

    standard = models.ForeignKey(
        DiscretionStandard, verbose_name="裁量基准", on_delete=models.CASCADE, related_name="tiers"
    )
    order = models.PositiveIntegerField("顺序")
    label = models.CharField("档次", max_length=32)  # 1 / 轻微 / 一般 / 较重 / 严重
    segment = models.TextField("适用段落", blank=True)  # e.g. 逾期不改正的，处…
    circumstances = models.TextField("适用情节", blank=True)  # one per line
    standard_text = models.TextField("裁量标准", blank=True)
    penalty_kinds = models.JSONField("处罚种类", default=list, blank=True)
    orders = models.JSONField("责令措施", default=list, blank=True)
    range_kind = models.CharField(
        "幅度类型", max_length=12, choices=RangeKind.choices, default=RangeKind.NONE
    )
    amount_min = models.DecimalField("罚款下限（元）", max_digits=16, decimal_places=2, null=True, blank=True)
    amount_max = models.DecimalField("罚款上限（元）", max_digits=16, decimal_places=2, null=True, blank=True)
    base_kind = models.CharField("计算基数", max_length=20, choices=BaseKind.choices, blank=True)
    base_label = models.CharField("基数名称", max_length=100, blank=True)
    factor_min = models.DecimalField("倍数/比例下限", max_digits=12, decimal_places=6, null=True, blank=True)
    factor_max = models.DecimalField("倍数/比例上限", max_digits=12, decimal_places=6, null=True, blank=True)
    factor_mode = models.CharField(
        "裁量因素计算方式", max_length=10, choices=FactorMode.choices, default=FactorMode.POSITION
    )
    extra_fines = models.JSONField("其他罚款（对个人等）", default=list, blank=True)
    parse_status = models.CharField(
        "解析状态", max_length=10, choices=ParseStatus.choices, default=ParseStatus.MANUAL
    )
    parse_reason = models.CharField("未解析原因", max_length=200, blank=True)
    remarks = models.TextField("备注", blank=True)
    hidden_in_source = models.BooleanField("原表中被合并单元格遮盖", default=False)
    source_row = models.PositiveIntegerField("原表行号", null=True, blank=True)

    class Meta:
        verbose_name = "裁量档次"
        verbose_name_plural = "裁量档次"
        ordering = ["standard_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "order"], name="legal_discretiontier_order_uniq"),
            models.CheckConstraint(
                condition=Q(amount_min__isnull=True)
                | Q(amount_max__isnull=True)
                | Q(amount_min__lte=models.F("amount_max")),
                name="legal_discretiontier_amount_order",
            ),
            models.CheckConstraint(
                condition=Q(factor_min__isnull=True)
                | Q(factor_max__isnull=True)
                | Q(factor_min__lte=models.F("factor_max")),
                name="legal_discretiontier_factor_order",
            ),
        ]

    def __str__(self) -> str:
        return f"档次{self.label}"

    @property
    def circumstance_list(self) -> list[str]:
        return [line.strip() for line in self.circumstances.splitlines() if line.strip()]

    def as_spec(self) -> TierSpec:
        return TierSpec(
            order=self.order,
            label=self.label,
            circumstances=tuple(self.circumstance_list),
            penalty_kinds=tuple(self.penalty_kinds or ()),
            range_kind=self.range_kind,
            amount_min=self.amount_min,
            amount_max=self.amount_max,
            base_kind=self.base_kind,
            base_label=self.base_label,
            factor_min=self.factor_min,
            factor_max=self.factor_max,
            factor_mode=self.factor_mode,
            segment=self.segment,
            key=self.pk,
        )


class DiscretionFactor(models.Model):
    """裁量因素: a circumstance that adds or subtracts a percentage (浙江 405号令 第五条 style)."""

    standard = models.ForeignKey(
        DiscretionStandard, verbose_name="裁量基准", on_delete=models.CASCADE, related_name="factors"
    )
    tier = models.ForeignKey(
        DiscretionTier,
        verbose_name="仅适用于档次",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="factors",
    )
    name = models.CharField("因素", max_length=200)
    percentage = models.DecimalField("百分比（±）", max_digits=6, decimal_places=2, default=Decimal(0))
    position = models.PositiveIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "裁量因素"
        verbose_name_plural = "裁量因素"
        ordering = ["standard_id", "position", "id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.percentage:+}%）"


class DiscretionClaim(models.Model):
    """认领: a lower unit adopts an upper unit's published standard (spec/02 §2.2.4)."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name="认领单位", on_delete=models.PROTECT, related_name="+"
    )
    region_code = models.CharField("区划代码", max_length=12, db_index=True, editable=False)
    standard = models.ForeignKey(
        DiscretionStandard, verbose_name="认领的裁量基准", on_delete=models.PROTECT, related_name="claims"
    )
    series = models.UUIDField("基准标识", db_index=True)
    claimed_version = models.PositiveIntegerField("认领版本")
    claimed_by = actor_field("认领人")
    claimed_at = models.DateTimeField("认领时间")
    active = models.BooleanField("有效", default=True)
    ended_at = models.DateTimeField("取消认领时间", null=True, blank=True)

    class Meta:
        verbose_name = "裁量基准认领"
        verbose_name_plural = "裁量基准认领"
        ordering = ["-claimed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "series"],
                condition=Q(active=True),
                name="legal_discretionclaim_active_uniq",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} 认领 {self.standard}"


class DiscretionChangeNotice(models.Model):
    """裁量基准变更提醒 for one claiming unit."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name="提醒单位", on_delete=models.CASCADE, related_name="+"
    )
    region_code = models.CharField("区划代码", max_length=12, db_index=True, editable=False)
    claim = models.ForeignKey(
        DiscretionClaim, verbose_name="认领", on_delete=models.CASCADE, related_name="notices"
    )
    standard = models.ForeignKey(
        DiscretionStandard, verbose_name="变更后的裁量基准", on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField("变更类型", max_length=16, choices=NoticeKind.choices)
    message = models.TextField("提醒内容")
    created_at = models.DateTimeField("提醒时间")
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    read_by = actor_field("阅读人")

    class Meta:
        verbose_name = "裁量基准变更提醒"
        verbose_name_plural = "裁量基准变更提醒"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.message[:60]
