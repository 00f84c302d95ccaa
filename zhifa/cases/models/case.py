"""The penalty case (GLOSSARY: case) and its timeline. Key facts are typed columns (RECORDS §4.1):
the party, the main dates, the handlers, the flags that decide gates, and the penalty as notified
and as decided. The state changes only in `services.case_transition`."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from zhifa.core.models import TimeStampedModel, actor_field

from ..choices import CaseSource, CaseState, HandlerRole, Outcome, ProcedureKind


class Case(TimeStampedModel):
    number = models.CharField("案件编号", max_length=64, unique=True)
    procedure = models.CharField("程序", max_length=10, choices=ProcedureKind.choices)
    procedure_version = models.CharField("程序版本", max_length=16)
    state = models.CharField("状态", max_length=32, choices=CaseState.choices, default=CaseState.REGISTERED)
    version = models.PositiveIntegerField("版本", default=1)  # optimistic concurrency: stale forms lose

    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name="办案单位",
        on_delete=models.PROTECT,
        related_name="cases",
        db_index=False,  # case_org_state_idx leads with it
    )
    region_code = models.CharField("区划代码", max_length=12)
    sector = models.CharField("执法领域", max_length=32, blank=True)
    power = models.ForeignKey(
        "legal.Power",
        verbose_name="执法事项（职权）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    party = models.ForeignKey(
        "parties.Party", verbose_name="当事人", on_delete=models.PROTECT, related_name="+"
    )
    party_name = models.CharField("当事人名称", max_length=200)  # as at registration, for lists and documents
    party_kind = models.CharField("当事人类别", max_length=24)

    cause = models.CharField("案由", max_length=300)
    source = models.CharField(
        "案件来源", max_length=16, choices=CaseSource.choices, default=CaseSource.INSPECTION
    )
    facts = models.TextField("违法事实", blank=True)
    place = models.CharField("违法地点", max_length=255, blank=True)
    # Entered once at 调查终结, bound into every later document (RECORDS §4.1; 处罚法第59条).
    evidence_summary = models.TextField("证据摘要", blank=True)
    basis_violation = models.TextField("违法依据", blank=True)
    basis_penalty = models.TextField("处罚依据", blank=True)

    # Dates (RECORDS §4.1; each starts or meets a deadline).
    act_on = models.DateField("违法行为发生日")
    act_ended_on = models.DateField("连续或继续状态终了日", null=True, blank=True)
    discovered_on = models.DateField("发现（受理）日")
    opened_on = models.DateField("立案日", null=True, blank=True)
    investigation_concluded_on = models.DateField("调查终结日", null=True, blank=True)
    notice_served_on = models.DateField("告知书送达日", null=True, blank=True)
    statement_waived = models.BooleanField("当事人明确放弃陈述申辩", default=False)
    statement_made = models.BooleanField("当事人已陈述申辩", default=False)
    hearing_requested_on = models.DateField("申请听证日", null=True, blank=True)
    hearing_notice_served_on = models.DateField("听证通知送达日", null=True, blank=True)
    hearing_on = models.DateField("听证日", null=True, blank=True)
    hearing_concluded_on = models.DateField("听证结束日", null=True, blank=True)
    decided_on = models.DateField("决定日", null=True, blank=True)
    decision_served_on = models.DateField("决定书送达日", null=True, blank=True)
    executed_on = models.DateField("执行完毕日", null=True, blank=True)
    payment_deferred_to = models.DateField("批准延期缴纳至", null=True, blank=True)  # 处罚法第66条第二款
    # 批准的分期缴纳计划 (第66条第二款): [{"due_on": "2026-05-31", "amount": "3000.00"}, …], dates ascending
    payment_plan = models.JSONField("分期缴纳计划", default=list, blank=True)
    demand_served_on = models.DateField("催告书送达日", null=True, blank=True)  # 强制法第54条
    court_applied_on = models.DateField("申请法院强制执行日", null=True, blank=True)  # 强制法第53条
    closed_on = models.DateField("结案日", null=True, blank=True)
    archived_on = models.DateField("归档日", null=True, blank=True)

    # Flags deciding the gates (处罚法 第36、57、58条).
    life_health_or_financial_harm = models.BooleanField(
        "涉及公民生命健康安全、金融安全且有危害后果", default=False
    )
    major_public_interest = models.BooleanField("涉及重大公共利益", default=False)
    major_rights = models.BooleanField("直接关系当事人或第三人重大权益", default=False)
    complex_case = models.BooleanField("疑难复杂、涉及多个法律关系", default=False)
    other_law_review = models.BooleanField("其他法律法规规定须法制审核", default=False)
    serious_violation = models.BooleanField("情节复杂或重大违法行为（须集体讨论）", default=False)
    hearing_right = models.BooleanField("享有听证权利", default=False)
    legal_reviewed_on = models.DateField("法制审核通过日", null=True, blank=True)
    legal_reviewer = actor_field("法制审核人")
    collective_discussed_on = models.DateField("集体讨论日", null=True, blank=True)
    no_penalty_ground = models.CharField("不予处罚情形", max_length=32, blank=True)
    supervision_flag = models.BooleanField("纳入执法监督关注", default=False)
    model_case = models.BooleanField("典型案例", default=False)

    # Penalty as notified (告知) and as decided (决定); amounts in 元.
    proposed_kinds = models.JSONField("拟处罚种类", default=list, blank=True)
    proposed_fine = models.DecimalField(
        "拟罚款（元）", null=True, blank=True, max_digits=14, decimal_places=2
    )
    proposed_confiscation = models.DecimalField(
        "拟没收（元）", null=True, blank=True, max_digits=14, decimal_places=2
    )
    discretion_tier = models.ForeignKey(
        "legal.DiscretionTier",
        verbose_name="裁量档次",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    discretion_lo = models.DecimalField(
        "裁量幅度下限（元）", null=True, blank=True, max_digits=14, decimal_places=2
    )
    discretion_hi = models.DecimalField(
        "裁量幅度上限（元）", null=True, blank=True, max_digits=14, decimal_places=2
    )
    discretion_reason = models.TextField("裁量理由", blank=True)
    outcome = models.CharField("处理结果", max_length=16, choices=Outcome.choices, blank=True, default="")
    decided_kinds = models.JSONField("处罚种类", default=list, blank=True)
    decided_fine = models.DecimalField("罚款（元）", null=True, blank=True, max_digits=14, decimal_places=2)
    decided_confiscation = models.DecimalField(
        "没收（元）", null=True, blank=True, max_digits=14, decimal_places=2
    )
    paid_amount = models.DecimalField("已缴纳（元）", null=True, blank=True, max_digits=14, decimal_places=2)
    cash_collected_on_spot = models.BooleanField("当场收缴", default=False)

    created_by = actor_field("登记人")

    class Meta:
        verbose_name = "行政处罚案件"
        verbose_name_plural = "行政处罚案件"
        indexes = [
            models.Index(fields=["organisation", "state", "-id"], name="case_org_state_idx"),
            models.Index(fields=["region_code", "-id"], name="case_region_idx"),
            models.Index(fields=["state", "-id"], name="case_state_idx"),
            models.Index(fields=["party", "-id"], name="case_party_idx"),
            models.Index(fields=["opened_on"], name="case_opened_idx"),
            # The unit's list newest first, with the columns the keyword filter (q) reads: SQLite
            # tests number/cause/party_name on the index entries and reads only the matching rows
            # (30,000 cases of a unit: 80–300 ms → 2–20 ms at 1M cases, bench cases).
            models.Index(
                fields=["organisation", "-id", "party_name", "cause", "number"], name="case_org_list_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.cause}"


class CaseHandler(models.Model):
    """承办人员 (处罚法 第42条: at least two): the officer and their login, so 本人 scope finds the case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="handlers")
    officer = models.ForeignKey(
        "orgs.Officer", verbose_name="执法人员", on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    role = models.CharField("角色", max_length=8, choices=HandlerRole.choices)

    class Meta:
        verbose_name = "承办人员"
        verbose_name_plural = "承办人员"
        constraints = [models.UniqueConstraint(fields=["case", "officer"], name="case_handler_unique")]
        indexes = [models.Index(fields=["user", "case"], name="case_handler_user_idx")]


class CaseEvent(models.Model):
    """Timeline (办理过程): one row per transition or recorded fact."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    action = models.CharField("操作", max_length=40)
    label = models.CharField("名称", max_length=100)
    from_state = models.CharField("原状态", max_length=32, blank=True)
    to_state = models.CharField("新状态", max_length=32, blank=True)
    actor = actor_field("操作人")
    actor_label = models.CharField("操作人", max_length=150, blank=True)
    occurred_at = models.DateTimeField("时间")
    note = models.TextField("说明", blank=True)
    payload = models.JSONField("数据", default=dict, blank=True)

    class Meta:
        verbose_name = "办理过程"
        verbose_name_plural = "办理过程"
        ordering = ["occurred_at", "id"]
        indexes = [models.Index(fields=["case", "occurred_at"], name="case_event_case_idx")]
