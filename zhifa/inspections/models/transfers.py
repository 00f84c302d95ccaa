"""检查转办 (issue #4 item 4): handing an unfinished inspection to another unit or other officers of
the same agency, with the leader's approval (worklist approval type "inspections.transfer")."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class TransferState(models.TextChoices):
    REQUESTED = "requested", "待审批"
    APPROVED = "approved", "已转办"
    REFUSED = "refused", "不予转办"
    WITHDRAWN = "withdrawn", "已撤回"


class InspectionTransfer(models.Model):
    inspection = models.ForeignKey(
        "inspections.Inspection", models.PROTECT, related_name="transfers", verbose_name="检查任务"
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", models.PROTECT, related_name="+", verbose_name="原实施单位"
    )
    region_code = models.CharField("区划代码", max_length=12)
    from_officer_ids = models.JSONField("原执法人员", default=list)
    to_organisation = models.ForeignKey(
        "orgs.Organisation", models.PROTECT, related_name="+", verbose_name="转办至单位"
    )
    to_officer_ids = models.JSONField("转办执法人员", default=list)
    reason = models.CharField("转办理由", max_length=500)
    state = models.CharField(
        "状态", max_length=10, choices=TransferState.choices, default=TransferState.REQUESTED
    )
    refusal_reason = models.CharField("不予转办理由", max_length=500, blank=True)
    approval_run_id = models.BigIntegerField("审批", null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name="提请人"
    )
    requested_at = models.DateTimeField("提请时间", auto_now_add=True)
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "检查转办"
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "state"], name="insp_transfer_org_idx")]

    def __str__(self) -> str:
        return f"检查转办 {self.inspection_id}"
