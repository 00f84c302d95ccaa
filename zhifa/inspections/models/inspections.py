"""检查任务 / inspection records and their checklist results."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ..choices import InspectionState, ItemResult, PlanKind


class Inspection(models.Model):
    """One inspection task (检查任务) of one target by ≥2 officers; subject "inspections.inspection"."""

    plan = models.ForeignKey(
        "inspections.InspectionPlan", models.PROTECT, null=True, blank=True, related_name="inspections"
    )
    draw = models.ForeignKey("inspections.Draw", models.PROTECT, null=True, blank=True, related_name="+")
    target = models.ForeignKey(
        "inspections.InspectionTarget", models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField("检查类型", max_length=10, choices=PlanKind.choices, default=PlanKind.RANDOM)
    party = models.ForeignKey("parties.Party", models.PROTECT, related_name="+", verbose_name="检查对象")
    party_name = models.CharField("检查对象名称", max_length=200)
    organisation = models.ForeignKey(
        "orgs.Organisation", models.PROTECT, related_name="+", verbose_name="实施单位"
    )
    region_code = models.CharField("区划代码", max_length=12)
    domain = models.ForeignKey("orgs.Domain", models.PROTECT, related_name="+", verbose_name="执法领域")
    checklist = models.ForeignKey(
        "inspections.Checklist", models.PROTECT, null=True, blank=True, related_name="+"
    )
    officers = models.ManyToManyField("orgs.Officer", through="InspectionOfficer", related_name="+")
    due_on = models.DateField("完成期限", null=True, blank=True)
    state = models.CharField(
        "状态",
        max_length=12,
        choices=InspectionState.choices,
        default=InspectionState.ASSIGNED,
        db_index=True,
    )
    place = models.CharField("检查地点", max_length=255, blank=True)
    present = models.CharField("在场人员", max_length=200, blank=True)
    findings = models.TextField("检查发现", blank=True)
    party_signature = models.CharField("被检查人签名", max_length=64, blank=True)
    officer_signatures = models.JSONField("执法人员签名", default=list, blank=True)
    warnings = models.JSONField("提示", default=list, blank=True)
    started_at = models.DateTimeField("开始检查", null=True, blank=True)
    inspected_on = models.DateField("检查日期", null=True, blank=True)
    finished_at = models.DateTimeField("办结时间", null=True, blank=True)
    case_id = models.BigIntegerField("立案案件", null=True, blank=True)
    clue_id = models.BigIntegerField("移交线索", null=True, blank=True)
    rectify_due_on = models.DateField("责令改正期限", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField("派发时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "检查任务"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "state", "created_at"], name="insp_org_state_idx"),
            # the unit's list, newest first (bench intake: 134 ms bitmap scan + sort → 0.13 ms index scan)
            models.Index(fields=["organisation", "-created_at", "-id"], name="insp_org_recent_idx"),
            models.Index(fields=["party", "inspected_on"], name="insp_party_date_idx"),
            models.Index(fields=["region_code"], name="insp_region_idx"),
        ]

    def __str__(self) -> str:
        return f"检查 {self.pk} {self.party_name}"


class InspectionOfficer(models.Model):
    inspection = models.ForeignKey(Inspection, models.CASCADE, related_name="officer_links")
    officer = models.ForeignKey("orgs.Officer", models.PROTECT, related_name="+")
    user_id = models.BigIntegerField("用户", null=True, blank=True)
    position = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "检查人员"
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "officer"], name="insp_officer_unique"),
        ]
        indexes = [
            models.Index(fields=["officer", "inspection"], name="insp_officer_idx"),
            # 本人 / 我的检查 (bench intake: 628 ms parallel seq scan → 53 ms index-only nested loop)
            models.Index(fields=["user_id", "inspection"], name="insp_officer_user_idx"),
        ]


class InspectionResult(models.Model):
    """The result of one checklist item (snapshot of its text and basis at dispatch)."""

    inspection = models.ForeignKey(Inspection, models.CASCADE, related_name="results")
    item = models.ForeignKey("inspections.CheckItem", models.PROTECT, null=True, blank=True, related_name="+")
    position = models.PositiveIntegerField("顺序")
    text = models.CharField("检查内容", max_length=300)
    legal_basis = models.CharField("检查依据", max_length=300, blank=True)
    result = models.CharField("结果", max_length=8, choices=ItemResult.choices, default=ItemResult.PENDING)
    note = models.CharField("说明", max_length=500, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "检查结果"
        ordering = ["inspection", "position"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "position"], name="insp_result_unique"),
        ]
