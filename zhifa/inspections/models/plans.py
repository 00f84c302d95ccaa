"""Inspection plans and the 双随机 draws (random targets + random officers, 双随机一公开)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ..choices import PlanKind, PlanState


def default_risk_weights() -> dict[str, float]:
    from ..choices import DEFAULT_RISK_WEIGHTS

    return {str(k): v for k, v in DEFAULT_RISK_WEIGHTS.items()}


def default_risks() -> list[str]:
    return ["red", "yellow", "blue"]


class InspectionPlan(models.Model):
    organisation = models.ForeignKey(
        "orgs.Organisation", models.PROTECT, related_name="+", verbose_name="实施单位"
    )
    region_code = models.CharField("区划代码", max_length=12, editable=False)
    domain = models.ForeignKey("orgs.Domain", models.PROTECT, related_name="+", verbose_name="执法领域")
    name = models.CharField("计划名称", max_length=200)
    kind = models.CharField("检查类型", max_length=10, choices=PlanKind.choices, default=PlanKind.RANDOM)
    period_start = models.DateField("计划开始")
    period_end = models.DateField("计划结束")
    sample_size = models.PositiveIntegerField("抽取对象数")
    team_size = models.PositiveSmallIntegerField("每组执法人员数", default=2)  # 处罚法 Art. 42: ≥2
    target_region = models.CharField("对象区划范围", max_length=12, blank=True, help_text="空 = 本单位区划")
    risks = models.JSONField("风险等级范围", default=default_risks)
    risk_weights = models.JSONField("风险权重", default=default_risk_weights)
    lookback_days = models.PositiveIntegerField("回避期（天）", default=365)
    # 随机抽取执法人员 (spec/02 §1.1.2): the units whose officers may be drawn (empty = the plan's
    # unit), each with its sub-units when `include_sub_units`.
    officer_unit_ids = models.JSONField("抽取执法人员的单位", default=list, blank=True)
    include_sub_units = models.BooleanField("含下级单位执法人员", default=False)
    checklist = models.ForeignKey(
        "inspections.Checklist",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="检查单",
    )
    state = models.CharField("状态", max_length=12, choices=PlanState.choices, default=PlanState.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "检查计划"
        ordering = ["-period_start", "-pk"]
        indexes = [models.Index(fields=["organisation", "state"], name="insp_plan_org_idx")]

    def __str__(self) -> str:
        return self.name


class Draw(models.Model):
    """One recorded 双随机 draw: seed, inputs and result, with the SM3 digest of the result."""

    plan = models.ForeignKey(InspectionPlan, models.PROTECT, related_name="draws", verbose_name="检查计划")
    organisation = models.ForeignKey("orgs.Organisation", models.PROTECT, related_name="+")
    region_code = models.CharField("区划代码", max_length=12)
    seed = models.BigIntegerField("随机种子")
    drawn_on = models.DateField("抽取日期")
    drawn_at = models.DateTimeField("抽取时间")
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    inputs = models.JSONField("抽取条件", default=dict)
    candidate_count = models.PositiveIntegerField("候选对象数")
    officer_count = models.PositiveIntegerField("候选执法人员数")
    target_ids = models.JSONField("抽中对象", default=list)
    teams = models.JSONField("执法人员分组", default=list)
    digest = models.CharField("结果摘要（SM3）", max_length=64)
    is_current = models.BooleanField("有效", default=True)
    published_at = models.DateTimeField("公示时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "双随机抽取记录"
        ordering = ["-drawn_at"]

    def __str__(self) -> str:
        return f"{self.plan} 抽取 {self.drawn_at:%Y-%m-%d %H:%M}"


class DrawEntry(models.Model):
    """One drawn target with its officers — the row the disclosure issue (#5) publishes."""

    draw = models.ForeignKey(Draw, models.CASCADE, related_name="entries")
    position = models.PositiveIntegerField("序号")
    target = models.ForeignKey("inspections.InspectionTarget", models.PROTECT, related_name="+")
    party = models.ForeignKey("parties.Party", models.PROTECT, related_name="+")
    target_name = models.CharField("检查对象", max_length=200)
    risk = models.CharField("风险等级", max_length=8)
    officer_ids = models.JSONField("执法人员", default=list)
    officer_names = models.CharField("执法人员姓名", max_length=200)

    class Meta:
        verbose_name = verbose_name_plural = "双随机抽取结果"
        ordering = ["draw", "position"]
        constraints = [models.UniqueConstraint(fields=["draw", "position"], name="insp_draw_entry_unique")]
