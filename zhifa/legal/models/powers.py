"""权责清单 (power_list): powers, their legal basis, versions and change batches (RECORDS §4.6).

A power changes only through a `PowerChangeBatch`: drafts (create / update / retire) carry the full
proposed data; approving the batch applies every draft in one transaction and writes a new
`PowerVersion` per power. Versions and their `PowerBasis` rows are never edited afterwards, so a
case that cites a version keeps exactly what it cited.
"""

from __future__ import annotations

from django.db import models
from django_fsm import FSMField, transition

from zhifa.core.models import TimeStampedModel, actor_field
from zhifa.orgs.choices import OrganisationLevel

__all__ = [
    "BasisCategory",
    "BatchState",
    "DraftAction",
    "Power",
    "PowerBasis",
    "PowerChangeBatch",
    "PowerDraft",
    "PowerKind",
    "PowerStatus",
    "PowerVersion",
]


class PowerKind(models.TextChoices):
    PENALTY = "penalty", "行政处罚"
    COERCION = "coercion", "行政强制"
    INSPECTION = "inspection", "行政检查"
    LICENSING = "licensing", "行政许可"
    OTHER = "other", "其他"


class PowerStatus(models.TextChoices):
    ACTIVE = "active", "有效"
    RETIRED = "retired", "已取消"


class BasisCategory(models.TextChoices):
    VIOLATED = "violated", "违法依据"
    PENALTY = "penalty", "处罚依据"
    SETTING = "setting", "设定依据"


class BatchState(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交待审核"
    APPROVED = "approved", "已审核发布"
    REJECTED = "rejected", "已退回"


class DraftAction(models.TextChoices):
    CREATE = "create", "新增"
    UPDATE = "update", "修改"
    RETIRE = "retire", "取消"


class Power(TimeStampedModel):
    """职权: the live row; its content is the snapshot of `current_version`."""

    code = models.CharField("职权编码", max_length=64, unique=True)
    name = models.CharField("职权名称", max_length=300, db_index=True)
    kind = models.CharField("职权类型", max_length=16, choices=PowerKind.choices, db_index=True)
    domain = models.ForeignKey(
        "orgs.Domain",
        verbose_name="执法领域",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="powers",
    )
    subject_level = models.CharField(
        "行使层级", max_length=10, choices=OrganisationLevel.choices, db_index=True
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name="实施主体", on_delete=models.PROTECT, related_name="powers"
    )
    region_code = models.CharField("区划代码", max_length=12, db_index=True, editable=False)
    may_involve_crime = models.BooleanField("可能涉刑", default=False)
    status = models.CharField(
        "状态", max_length=10, choices=PowerStatus.choices, default=PowerStatus.ACTIVE, db_index=True
    )
    description = models.TextField("说明", blank=True)
    current_version = models.ForeignKey(
        "legal.PowerVersion",
        verbose_name="当前版本",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "行政职权"
        verbose_name_plural = "权责清单"
        ordering = ["code"]
        indexes = [models.Index(fields=["organisation", "kind"], name="legal_power_org_kind_idx")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class PowerChangeBatch(TimeStampedModel):
    """调整批次: a set of proposed changes with its reason and approval steps."""

    title = models.CharField("批次名称", max_length=200)
    reason = models.TextField("调整原因")
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name="申报单位", on_delete=models.PROTECT, related_name="+"
    )
    region_code = models.CharField("区划代码", max_length=12, db_index=True, editable=False)
    state = FSMField(
        "状态", max_length=12, choices=BatchState.choices, default=BatchState.DRAFT, protected=False
    )
    created_by = actor_field("创建人")
    submitted_by = actor_field("提交人")
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    decided_by = actor_field("审核人")
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    decision_note = models.TextField("审核意见", blank=True)

    class Meta:
        verbose_name = "权责清单调整批次"
        verbose_name_plural = "权责清单调整批次"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"批次{self.pk}：{self.title}"

    # Transitions only change the state; the services (services/powers.py) do everything else.
    @transition(field=state, source=BatchState.DRAFT, target=BatchState.SUBMITTED)
    def submit(self) -> None:
        """提交审核"""

    @transition(field=state, source=BatchState.SUBMITTED, target=BatchState.APPROVED)
    def approve(self) -> None:
        """审核通过"""

    @transition(field=state, source=BatchState.SUBMITTED, target=BatchState.REJECTED)
    def reject(self) -> None:
        """退回"""


class PowerDraft(TimeStampedModel):
    """One proposed change inside a batch; `data` is the full proposed content (incl. basis)."""

    batch = models.ForeignKey(
        PowerChangeBatch, verbose_name="批次", on_delete=models.CASCADE, related_name="drafts"
    )
    action = models.CharField("操作", max_length=10, choices=DraftAction.choices)
    power = models.ForeignKey(
        Power, verbose_name="职权", null=True, blank=True, on_delete=models.PROTECT, related_name="drafts"
    )
    code = models.CharField("职权编码", max_length=64)
    data = models.JSONField("拟调整内容", default=dict)
    position = models.PositiveIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "职权调整草稿"
        verbose_name_plural = "职权调整草稿"
        ordering = ["batch_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "code"], name="legal_powerdraft_batch_code_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.code}"


class PowerVersion(models.Model):
    """An immutable snapshot of a power as approved; cases cite this row."""

    power = models.ForeignKey(Power, verbose_name="职权", on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("版本号")
    data = models.JSONField("内容快照", default=dict)
    action = models.CharField("操作", max_length=10, choices=DraftAction.choices)
    batch = models.ForeignKey(
        PowerChangeBatch,
        verbose_name="调整批次",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="versions",
    )
    reason = models.TextField("调整原因", blank=True)
    created_by = actor_field("批准人")
    created_at = models.DateTimeField("生效时间")

    class Meta:
        verbose_name = "职权版本"
        verbose_name_plural = "职权版本"
        ordering = ["power_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["power", "number"], name="legal_powerversion_number_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.power.code} v{self.number}"


class PowerBasis(models.Model):
    """职权依据 of one version: a link into the law library (条/款/项) or, failing that, text."""

    version = models.ForeignKey(
        PowerVersion, verbose_name="职权版本", on_delete=models.CASCADE, related_name="bases"
    )
    category = models.CharField("依据类别", max_length=10, choices=BasisCategory.choices)
    law_title = models.CharField("法律法规名称", max_length=300, blank=True)
    provision = models.CharField("条款", max_length=100, blank=True)  # 第九十九条第一款第（一）项
    article = models.ForeignKey(
        "legal.Article", verbose_name="条", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    paragraph = models.ForeignKey(
        "legal.Paragraph",
        verbose_name="款",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    item = models.ForeignKey(
        "legal.LawItem", verbose_name="项", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField("依据原文", blank=True)
    position = models.PositiveIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "职权依据"
        verbose_name_plural = "职权依据"
        ordering = ["version_id", "position", "id"]

    def __str__(self) -> str:
        return f"{self.get_category_display()}：{self.law_title}{self.provision}"
