"""审批: chains configured per organisation and approval type, runs of a chain over one subject,
and each step's signed decision (ARCHITECTURE §5)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class ApprovalStatus(models.TextChoices):
    PENDING = "pending", "审批中"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "已退回"
    WITHDRAWN = "withdrawn", "已撤回"


class DecisionKind(models.TextChoices):
    APPROVE = "approve", "同意"
    REJECT = "reject", "不同意"


class ApprovalChain(models.Model):
    """The steps of one approval type at one organisation (and, unless a lower unit has its own,
    at every unit below it). Steps: a JSON list of {"role": role code, "label": 环节名称}."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name="单位", on_delete=models.CASCADE, related_name="+"
    )
    approval_type = models.CharField("审批类型", max_length=64)
    steps = models.JSONField(
        "审批环节", default=list, help_text='如 [{"role": "team_leader", "label": "承办机构负责人审核"}]'
    )
    is_active = models.BooleanField("启用", default=True)
    updated_at = models.DateTimeField("更新时间", default=timezone.now)

    class Meta:
        verbose_name = "审批流程"
        verbose_name_plural = "审批流程"
        ordering = ["organisation_id", "approval_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "approval_type"],
                condition=Q(is_active=True),
                name="wl_chain_one_active_per_org_type",
            )
        ]

    def __str__(self) -> str:
        return f"{self.approval_type} @ {self.organisation_id}"


class ApprovalRun(models.Model):
    subject_type = models.CharField("对象类型", max_length=40)
    subject_id = models.BigIntegerField("对象编号")
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name="所属单位", on_delete=models.PROTECT, related_name="+"
    )
    region_code = models.CharField("区划代码", max_length=12)
    approval_type = models.CharField("审批类型", max_length=64)
    subject_title = models.CharField("审批事项", max_length=200, blank=True)
    steps = models.JSONField("审批环节（快照）", default=list)
    status = models.CharField(
        "状态", max_length=10, choices=ApprovalStatus.choices, default=ApprovalStatus.PENDING
    )
    current_step = models.PositiveSmallIntegerField("当前环节", default=0)
    summary = models.JSONField("审批内容", default=dict, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发起人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_at = models.DateTimeField("发起时间", default=timezone.now)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=0)

    class Meta:
        verbose_name = "审批"
        verbose_name_plural = "审批"
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="wl_run_subject_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "approval_type"],
                condition=Q(status="pending"),
                name="wl_run_one_pending_per_subject_type",
            )
        ]

    def __str__(self) -> str:
        return f"{self.approval_type} #{self.pk}"

    @property
    def current_step_spec(self) -> dict[str, str] | None:
        if self.status != ApprovalStatus.PENDING or self.current_step >= len(self.steps):
            return None
        return dict(self.steps[self.current_step])


class ApprovalDecision(models.Model):
    """One signed decision: `payload_digest` = SM3 of the canonical JSON of what was decided,
    `signature` = SM2 over the same bytes with the installation key (`zhifa.core.gm`)."""

    run = models.ForeignKey(ApprovalRun, on_delete=models.PROTECT, related_name="decisions")
    step_index = models.PositiveSmallIntegerField("环节")
    role = models.CharField("角色", max_length=64)
    label = models.CharField("环节名称", max_length=100)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审批人", on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField("意见", max_length=10, choices=DecisionKind.choices)
    comment = models.TextField("审批意见", blank=True)
    decided_at = models.DateTimeField("审批时间")
    payload_digest = models.CharField("摘要（SM3）", max_length=64)
    signature = models.CharField("签名（SM2）", max_length=160)
    public_key = models.CharField("公钥", max_length=130)

    class Meta:
        verbose_name = "审批意见"
        verbose_name_plural = "审批意见"
        ordering = ["run_id", "step_index", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["run", "step_index"], name="wl_decision_one_per_step"),
        ]
