"""案件移送: to the competent agency (行政移送), within the agency (处罚转办), and suspected crimes to
the police (涉刑移送, 310令). One row per transfer, its dated steps as columns (RECORDS §4.2:
timed facts), the case it carries and what travels with it."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class TransferKind(models.TextChoices):
    ADMINISTRATIVE = "administrative", "行政案件移送（有管辖权机关）"
    INTERNAL = "internal", "处罚转办（本机关内）"
    CRIMINAL = "criminal", "涉嫌犯罪案件移送（公安机关）"


class TransferState(models.TextChoices):
    REQUESTED = "requested", "待审批"
    REFUSED = "refused", "不予移送"
    APPROVED = "approved", "已批准待移送"
    SENT = "sent", "已移送"
    ACCEPTED = "accepted", "已接收/已立案"
    RETURNED = "returned", "已退回/不予立案"
    RECONSIDERATION = "reconsideration", "已提请复议"
    SUPERVISION = "supervision", "已建议检察院立案监督"
    DONE = "done", "已转办"


class Transfer(models.Model):
    kind = models.CharField("移送类型", max_length=16, choices=TransferKind.choices)
    state = models.CharField(
        "状态", max_length=16, choices=TransferState.choices, default=TransferState.REQUESTED
    )
    case = models.ForeignKey("cases.Case", verbose_name="案件", on_delete=models.PROTECT, related_name="+")
    case_number = models.CharField("案件编号", max_length=64)
    party_name = models.CharField("当事人", max_length=200)
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name="移送机关", on_delete=models.PROTECT, related_name="+"
    )
    region_code = models.CharField("区划代码", max_length=12)
    to_organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name="接收机关",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_body = models.CharField("接收机关名称", max_length=200)  # e.g. 深圳市公安局罗湖分局
    procuratorate = models.CharField("抄送检察院", max_length=200, blank=True)
    to_officer_ids = models.JSONField("转办承办人员", default=list, blank=True)  # internal: officer ids
    reason = models.TextField("移送理由")
    materials = models.JSONField("随案材料清单", default=list, blank=True)  # [{"title", "pages"}]
    evidence_ids = models.JSONField("随案证据", default=list, blank=True)
    seized_property = models.TextField("涉案物品（随案移交）", blank=True)
    number = models.CharField("移送书文号", max_length=64, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="提请人", on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField("提请时间")
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    refusal_reason = models.TextField("不予移送理由", blank=True)
    sent_at = models.DateTimeField("移送时间", null=True, blank=True)
    procuratorate_copied_at = models.DateTimeField("抄送检察院时间", null=True, blank=True)
    received_at = models.DateTimeField("接收时间", null=True, blank=True)
    answered_at = models.DateTimeField("接收方决定时间", null=True, blank=True)
    answer_reason = models.TextField("接收方决定理由", blank=True)
    reconsideration_requested_at = models.DateTimeField("提请复议时间", null=True, blank=True)
    reconsideration_answered_at = models.DateTimeField("复议决定时间", null=True, blank=True)
    supervision_proposed_at = models.DateTimeField("建议立案监督时间", null=True, blank=True)
    handed_over_at = models.DateTimeField("移交物品材料时间", null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=0)

    class Meta:
        verbose_name = "案件移送"
        verbose_name_plural = "案件移送"
        indexes = [
            models.Index(fields=["organisation", "state", "-id"], name="transfer_sender_idx"),
            models.Index(fields=["to_organisation", "state", "-id"], name="transfer_receiver_idx"),
            models.Index(fields=["case"], name="transfer_case_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case_number}"
