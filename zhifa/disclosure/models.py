"""执法公示: one publication record per decision that takes effect (penalty, inspection result,
coercion decision), holding only what the public may read — names and numbers already masked by
the rules (RULES §6.3; RECORDS §1) — with its clocks (publish by, public until, earliest repair)
as columns, and every officer's correction traced in `PublicationChange` (spec/02 §2.1.1.5).

The public portal reads `Publication` rows in state PUBLISHED whose `public_until` has not
passed, and nothing else. The unmasked facts stay in the source record (`subject_type`,
`subject_id`: the core subjects registry's label and key)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from zhifa.cases.models.config import ScopedConfig
from zhifa.core.workdays import PeriodUnit


class PublicationKind(models.TextChoices):
    PENALTY = "penalty", "行政处罚"
    INSPECTION = "inspection", "行政检查"
    COERCION = "coercion", "行政强制"


class PublicationState(models.TextChoices):
    PENDING = "pending", "待审核公示"
    PUBLISHED = "published", "已公示"
    EXEMPT = "exempt", "不予公示"  # minor, warning only (SAMR Art. 2), 轻微 from 2026-04-01 …
    EXPIRED = "expired", "公示期满撤下"
    REPAIRED = "repaired", "信用修复提前撤下"
    WITHDRAWN = "withdrawn", "决定变更/撤销撤回"


class PartyKind(models.TextChoices):
    """CF_XDR_LB (RECORDS §1 row 2)."""

    ORGANISATION = "organisation", "法人及非法人组织"
    PERSON = "person", "自然人"
    SOLE_TRADER = "sole_trader", "个体工商户"


class Severity(models.TextChoices):
    """The credit class that sets the period (RULES §6.2)."""

    MINOR = "minor", "轻微"
    ORDINARY = "ordinary", "一般"
    SERIOUS = "serious", "严重"


class Publication(models.Model):
    kind = models.CharField("公示类别", max_length=16, choices=PublicationKind.choices)
    state = models.CharField(
        "状态", max_length=16, choices=PublicationState.choices, default=PublicationState.PENDING
    )
    subject_type = models.CharField("来源类型", max_length=40)  # "cases.case", "inspections.inspection" …
    subject_id = models.BigIntegerField("来源ID")
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name="执法机关", on_delete=models.PROTECT, related_name="+"
    )
    organisation_name = models.CharField("执法机关名称", max_length=200)
    region_code = models.CharField("区划代码", max_length=12, blank=True)  # place: district/street prefix
    number = models.CharField("文号", max_length=128, blank=True)
    title = models.CharField("案由/检查事项", max_length=500)
    # Party, as published: a natural person's name and identity number masked (RULES §6.3).
    party_kind = models.CharField("相对人类别", max_length=16, choices=PartyKind.choices)
    party_id = models.BigIntegerField("当事人ID", null=True, blank=True)
    party_name = models.CharField("相对人名称", max_length=200)
    party_code = models.CharField("相对人代码", max_length=64, blank=True)  # USCC, or the masked id number
    legal_representative = models.CharField("法定代表人", max_length=50, blank=True)
    facts = models.TextField("违法事实/检查情况", blank=True)
    basis = models.TextField("依据", blank=True)
    decision = models.TextField("决定内容/检查结果", blank=True)
    penalty_kinds = models.JSONField("处罚类别", default=list, blank=True)  # 处罚法 Art. 9 labels
    fine_amount = models.DecimalField(
        "罚款金额（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    confiscation_amount = models.DecimalField(
        "没收金额（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    licence = models.CharField("暂扣或吊销证照名称及编号", max_length=200, blank=True)
    decided_on = models.DateField("决定日期")
    severity = models.CharField("信用等级", max_length=16, choices=Severity.choices, blank=True)
    regime = models.CharField("适用规则", max_length=40, blank=True)  # the rule set keyed by date
    sector = models.CharField("执法领域", max_length=32, blank=True)  # orgs.Domain code: the rules' key
    procedure = models.CharField("程序", max_length=10, blank=True)  # penalties: general / summary
    # Clocks (RULES P3/P4, §6.1–6.2, D15).
    due_on = models.DateField("应公示日期")
    # Counted in a year without a complete holiday schedule (weekends only): recomputed once loaded.
    due_provisional = models.BooleanField("应公示日期待节假日安排确认", default=False)
    published_at = models.DateTimeField("公示时间", null=True, blank=True)
    public_until = models.DateField("公示截止日期", null=True, blank=True)
    repair_from = models.DateField("可申请信用修复日期", null=True, blank=True)
    ended_at = models.DateTimeField("撤下时间", null=True, blank=True)
    # D15 (处罚法第48条第2款; SAMR 公示规定第11条): the decision varied/revoked on `revoked_on`,
    # the publication withdrawn within 3 WD — by `withdraw_due_on`.
    revoked_on = models.DateField("决定变更/撤销日期", null=True, blank=True)
    withdraw_due_on = models.DateField("应撤回日期", null=True, blank=True)
    end_note = models.TextField("撤下/撤回说明（公开）", blank=True)
    exempt_reason = models.CharField("不予公示理由", max_length=200, blank=True)
    search_grams = models.TextField("检索词元", blank=True, editable=False)  # party name + number bigrams
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.PositiveIntegerField("版本", default=1)
    created_at = models.DateTimeField("生成时间", default=timezone.now)
    updated_at = models.DateTimeField("更新时间", default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "公示信息"
        constraints = [
            models.UniqueConstraint(fields=["subject_type", "subject_id"], name="publication_subject_uniq"),
        ]
        indexes = [
            models.Index(fields=["state", "-published_at", "-id"], name="pub_state_recent_idx"),
            models.Index(fields=["organisation", "state", "-id"], name="pub_org_state_idx"),
            models.Index(fields=["state", "due_on"], name="pub_state_due_idx"),
            models.Index(fields=["state", "public_until"], name="pub_state_until_idx"),
            models.Index(fields=["region_code", "state"], name="pub_region_state_idx"),
            models.Index(
                fields=["withdraw_due_on"],
                condition=Q(withdraw_due_on__isnull=False),
                name="pub_withdraw_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number or self.pk} {self.party_name}"


class PublicationChange(models.Model):
    """One traced correction or redaction by an officer before or after publishing (spec/02 §2.1.1.5)."""

    publication = models.ForeignKey(
        Publication, verbose_name="公示信息", on_delete=models.CASCADE, related_name="changes"
    )
    field = models.CharField("字段", max_length=40)
    before = models.TextField("修改前", blank=True)
    after = models.TextField("修改后", blank=True)
    reason = models.CharField("修改理由", max_length=500)
    actor_id = models.BigIntegerField("操作人ID", null=True, blank=True)
    actor_label = models.CharField("操作人", max_length=200)
    changed_at = models.DateTimeField("修改时间", default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "公示修改记录"
        ordering = ["changed_at", "id"]


# -- configuration (RULES.md "Configuration tables": seeded with the RULES defaults by migration
# 0003; lookup sector → province → national, the version in force on the decision date) ------------

UNIT_CHOICES = [
    (PeriodUnit.WORKING_DAYS.value, "工作日"),
    (PeriodUnit.CALENDAR_DAYS.value, "日"),
    (PeriodUnit.MONTHS.value, "月"),
    (PeriodUnit.YEARS.value, "年"),
]


class PeriodRegime(models.TextChoices):
    """The rule set that fixes how long a penalty stays public (RULES §6.1–6.2)."""

    CREDIT = "credit", "信用修复规则（按决定日期适用58号令或36号令）"
    NDRC58 = "ndrc58", "国家发展改革委令2023年第58号"
    NDRC36 = "ndrc36", "国家发展改革委令第36号"
    SAMR45 = "samr45", "市场监督管理行政处罚信息公示规定"


class PublicationRule(ScopedConfig):
    """What is published of one kind, by when, and for how long outside the credit rules
    (RULES P3/P4, §6.1 Art. 2, 9; §6.3), per sector and province."""

    kind = models.CharField("公示类别", max_length=16, choices=PublicationKind.choices)
    amount = models.PositiveIntegerField("公示时限")
    unit = models.CharField(
        "时限单位", max_length=8, choices=UNIT_CHOICES, default=PeriodUnit.WORKING_DAYS.value
    )
    period_regime = models.CharField(
        "公示期限规则", max_length=16, choices=PeriodRegime.choices, default=PeriodRegime.CREDIT
    )
    publish_summary = models.BooleanField("公示简易程序决定", default=True)
    publish_warning_only = models.BooleanField("公示仅给予警告的决定", default=True)
    # Inspections and coercion: taken offline after these years (§6.3 provincial rule [secondary]).
    offline_years_person = models.PositiveSmallIntegerField("自然人信息公示年限", default=2)
    offline_years_other = models.PositiveSmallIntegerField("其他当事人信息公示年限", default=5)

    class Meta:
        verbose_name = verbose_name_plural = "公示时限规则"
        ordering = ["kind", "province_code", "sector", "-valid_from"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.sector or '全部领域'} {self.amount}{self.get_unit_display()}"


class CreditPeriod(ScopedConfig):
    """How long a penalty stays public and when repair may be asked (RULES §6.1 Art. 13–14, §6.2),
    by regime and class ("" = every class; SAMR: "low" / "other")."""

    regime = models.CharField("规则", max_length=16, choices=PeriodRegime.choices)
    period_class = models.CharField("类别", max_length=16, blank=True)
    matter_keywords = models.JSONField("适用事项关键词（空=全部）", default=list, blank=True)
    published = models.BooleanField("予以公示", default=True)
    min_amount = models.PositiveIntegerField("最短公示期")
    min_unit = models.CharField(
        "最短期单位", max_length=8, choices=UNIT_CHOICES, default=PeriodUnit.MONTHS.value
    )
    max_amount = models.PositiveIntegerField("最长公示期")
    max_unit = models.CharField(
        "最长期单位", max_length=8, choices=UNIT_CHOICES, default=PeriodUnit.YEARS.value
    )

    class Meta:
        verbose_name = verbose_name_plural = "信用信息公示期限"
        ordering = ["regime", "period_class", "sector", "-valid_from"]

    def __str__(self) -> str:
        return f"{self.get_regime_display()} {self.period_class or '全部'} {self.sector or ''}".strip()


class LowFineThreshold(ScopedConfig):
    """较低数额罚款 of SAMR 公示规定 Art. 13, set by each provincial SAMR (RULES §6.1)."""

    person_max = models.DecimalField("自然人（元，含）", max_digits=14, decimal_places=2)
    organisation_max = models.DecimalField("法人和其他组织（元，含）", max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = verbose_name_plural = "较低数额罚款标准"
        ordering = ["province_code", "-valid_from"]


class SeverityPolicy(ScopedConfig):
    """How a penalty is classed 轻微 / 一般 / 严重 for the 36号令 periods (RULES §6.2; the classifying
    article is [unconfirmed], §11 item 3): kinds and amounts, configurable."""

    minor_kinds = models.JSONField("轻微：仅含这些处罚种类", default=list)
    summary_is_minor = models.BooleanField("简易程序决定为轻微", default=True)
    serious_kinds = models.JSONField("严重：含任一处罚种类", default=list)
    serious_fine_person = models.DecimalField("严重：自然人罚没款达到（元）", max_digits=14, decimal_places=2)
    serious_fine_organisation = models.DecimalField(
        "严重：法人和其他组织罚没款达到（元）", max_digits=14, decimal_places=2
    )
    collective_is_serious = models.BooleanField("经集体讨论的重大违法行为为严重", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "失信严重程度标准"
        ordering = ["province_code", "sector", "-valid_from"]
