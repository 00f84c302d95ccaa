"""行政强制执行 (强制法第四章、第五章): one row per obligation enforced — a fine left unpaid or an
act ordered (责令拆除、责令改正) — with its dated steps as columns (RECORDS §4.2: timed facts):
催告 and the party's 陈述申辩 (第三十五、三十六条), the decision (第三十七条), 加处罚款 (第四十五条),
代履行 (第五十至五十二条), the agreement (第四十二条), 中止/终结 (第三十九、四十条), the 实施 step
(第四十三条) and the application to the court (第五十三至六十条)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class EnforcementKind(models.TextChoices):
    MONEY = "money", "金钱给付义务（罚款等）"
    ACT = "act", "行为义务（责令拆除、改正等）"


class EnforcementRoute(models.TextChoices):
    SELF = "self", "行政机关强制执行（第四章）"
    COURT = "court", "申请人民法院强制执行（第五章）"


class EnforcementState(models.TextChoices):
    STARTED = "started", "待催告"
    DEMANDED = "demanded", "已催告"
    DECIDING = "deciding", "强制执行决定审批中"
    DECIDED = "decided", "已决定强制执行"
    AGREEMENT = "agreement", "执行协议履行中"
    SUSPENDED = "suspended", "中止执行"
    COURT_APPLIED = "court_applied", "已申请人民法院强制执行"
    EXECUTED = "executed", "执行完毕"
    TERMINATED = "terminated", "终结执行"


OPEN_ENFORCEMENT_STATES = (
    EnforcementState.STARTED,
    EnforcementState.DEMANDED,
    EnforcementState.DECIDING,
    EnforcementState.DECIDED,
    EnforcementState.AGREEMENT,
    EnforcementState.SUSPENDED,
    EnforcementState.COURT_APPLIED,
)


class SubstituteState(models.TextChoices):
    NONE = "", "—"
    DECIDED = "decided", "代履行决定已送达"
    DEMANDED = "demanded", "已催告（三个工作日）"
    PERFORMED = "performed", "已代履行"


class CourtOutcome(models.TextChoices):
    NONE = "", "—"
    NOT_ACCEPTED = "not_accepted", "不予受理"
    ENFORCE = "enforce", "裁定准予执行"
    REFUSE = "refuse", "裁定不予执行"


class Enforcement(models.Model):
    kind = models.CharField("义务种类", max_length=8, choices=EnforcementKind.choices)
    route = models.CharField("执行方式", max_length=8, choices=EnforcementRoute.choices)
    state = models.CharField(
        "状态", max_length=16, choices=EnforcementState.choices, default=EnforcementState.STARTED
    )
    case = models.ForeignKey(
        "cases.Case", verbose_name="案件", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    case_number = models.CharField("案件编号", max_length=64, blank=True)
    party = models.ForeignKey(
        "parties.Party",
        verbose_name="当事人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    party_name = models.CharField("当事人", max_length=200)
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name="执行机关", on_delete=models.PROTECT, related_name="+"
    )
    region_code = models.CharField("区划代码", max_length=12)
    decision_number = models.CharField("据以执行的行政决定文号", max_length=100, blank=True)
    decision_received_on = models.DateField("当事人收到行政决定之日", null=True, blank=True)
    obligation = models.TextField("应履行的义务")
    principal = models.DecimalField(
        "金钱给付数额（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    due_on = models.DateField("行政决定确定的履行期限", null=True, blank=True)
    demolition = models.BooleanField("强制拆除违法建筑物、构筑物、设施", default=False)  # 第四十四条
    # 催告 (第三十五条): the agency sets the period; the document states deadline, method, amount.
    demand_days = models.PositiveSmallIntegerField("催告履行期限（日）", null=True, blank=True)
    demand_method = models.CharField("履行方式", max_length=255, blank=True)
    demand_served_on = models.DateField("催告书送达日", null=True, blank=True)
    demand_due_on = models.DateField("催告履行期限届满日", null=True, blank=True)
    statement = models.TextField("当事人陈述、申辩", blank=True)  # 第三十六条
    statement_on = models.DateField("陈述申辩日期", null=True, blank=True)
    statement_review = models.TextField("复核意见", blank=True)
    statement_adopted = models.BooleanField("理由成立予以采纳", null=True, blank=True)
    # 强制执行决定 (第三十七条)
    measure_text = models.CharField("强制执行方式", max_length=255, blank=True)  # 第十二条
    major = models.BooleanField("重大执法决定（须法制审核）", default=False)
    major_reasons = models.JSONField("法制审核理由", default=list, blank=True)
    decision_requested_at = models.DateTimeField("提请决定时间", null=True, blank=True)
    decided_at = models.DateTimeField("负责人批准时间", null=True, blank=True)
    decision_served_on = models.DateField("决定书送达日", null=True, blank=True)
    refusal_reason = models.TextField("不予批准理由", blank=True)
    legal_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="法制审核人员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    legal_reviewed_at = models.DateTimeField("法制审核时间", null=True, blank=True)
    # 加处罚款 (第四十五条): from the day after the decision's own payment deadline, capped.
    surcharge_waived = models.DecimalField(
        "减免加处罚款（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    # 代履行 (第五十至五十二条)
    substitute_state = models.CharField(
        "代履行", max_length=12, choices=SubstituteState.choices, blank=True, default=""
    )
    substitute_performer = models.CharField("代履行人", max_length=200, blank=True)
    substitute_cost = models.DecimalField(
        "代履行费用（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    substitute_served_on = models.DateField("代履行决定书送达日", null=True, blank=True)
    substitute_demand_on = models.DateField("代履行催告日", null=True, blank=True)
    substitute_immediate = models.BooleanField("立即代履行（第五十二条）", default=False)
    # 实施 (第四十三条: 不得在夜间或者法定节假日实施，情况紧急的除外)
    enforced_at = models.DateTimeField("实施时间", null=True, blank=True)
    emergency = models.BooleanField("情况紧急", default=False)
    emergency_reason = models.TextField("紧急情况说明", blank=True)
    # 执行协议 (第四十二条)
    agreement_on = models.DateField("执行协议签订日", null=True, blank=True)
    agreement_plan = models.JSONField("分阶段履行安排", default=list, blank=True)  # [{due_on, content}]
    agreement_broken_on = models.DateField("不履行执行协议日", null=True, blank=True)
    # 中止 / 终结 / 恢复 (第三十九、四十条)
    suspended_on = models.DateField("中止执行日", null=True, blank=True)
    suspension_reason = models.TextField("中止理由", blank=True)
    suspended_state = models.CharField("中止前状态", max_length=16, blank=True)
    resumed_on = models.DateField("恢复执行日", null=True, blank=True)
    terminated_on = models.DateField("终结执行日", null=True, blank=True)
    termination_reason = models.TextField("终结理由", blank=True)
    # 申请人民法院强制执行 (第五十三至六十条)
    court_name = models.CharField("受理法院", max_length=200, blank=True)
    court_applied_on = models.DateField("申请日期", null=True, blank=True)
    court_accepted_on = models.DateField("法院受理日", null=True, blank=True)
    court_heard = models.BooleanField("法院听取意见/调查", default=False)  # 第五十八条
    court_ruled_on = models.DateField("法院裁定日", null=True, blank=True)
    court_outcome = models.CharField("法院结果", max_length=16, choices=CourtOutcome.choices, blank=True)
    court_note = models.TextField("法院结果说明", blank=True)
    executed_on = models.DateField("执行完毕日", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="承办人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    version = models.PositiveIntegerField("版本", default=0)

    class Meta:
        verbose_name = "行政强制执行"
        verbose_name_plural = "行政强制执行"
        indexes = [
            models.Index(fields=["organisation", "state", "-id"], name="enforcement_org_state_idx"),
            models.Index(fields=["case"], name="enforcement_case_idx"),
            models.Index(fields=["region_code", "-id"], name="enforcement_region_idx"),
        ]

    def __str__(self) -> str:
        return f"强制执行 {self.party_name}"
