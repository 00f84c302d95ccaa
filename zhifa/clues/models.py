"""线索 (clue): an intake object separate from any case (BEYOND.md §1), its reporters (a separate,
restricted record: BEYOND.md §14), replies (对外答复), screening rules (甄别规则) and configuration.

Scope paths: a clue is visible through its registering unit (`organisation_id`/`region_code`) and,
once assigned, through its handling unit (`handling_unit_id`/`handling_region_code`); 本人 is the
registrant or the handling officer's user (see `selectors.clue_scope_q`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from zhifa.core.models import TimeStampedModel

from .choices import (
    ClueChannel,
    ClueOutcome,
    CluePriority,
    ClueState,
    ReplyChannel,
    ReplyStatus,
)

REPORTER_ID_CONTEXT = "clues.reporter.id_number"


class Clue(TimeStampedModel):
    number = models.CharField("线索编号", max_length=64)
    channel = models.CharField("来源渠道", max_length=20, choices=ClueChannel.choices)
    received_at = models.DateTimeField("接收时间")
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name="登记单位", on_delete=models.PROTECT, related_name="+"
    )
    region_code = models.CharField("区划代码", max_length=12, db_index=True)
    handling_unit = models.ForeignKey(
        "orgs.Organisation",
        verbose_name="办理单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handling_region_code = models.CharField("办理单位区划代码", max_length=12, blank=True)
    handling_officer = models.ForeignKey(
        "orgs.Officer",
        verbose_name="办理人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handler_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="办理人用户",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    party = models.ForeignKey(
        "parties.Party",
        verbose_name="当事人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    party_name = models.CharField("当事人名称", max_length=200, blank=True)
    place = models.CharField("地点", max_length=255, blank=True)
    place_region_code = models.CharField("地点区划代码", max_length=12, blank=True)
    lat = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    lng = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    domain = models.CharField("执法领域", max_length=32, blank=True)  # orgs.Domain.code
    violation = models.CharField("涉嫌违法行为", max_length=200)
    content = models.TextField("线索内容", blank=True)
    occurred_on = models.DateField("违法行为发生日", null=True, blank=True)
    priority = models.CharField(
        "紧急程度", max_length=10, choices=CluePriority.choices, default=CluePriority.NORMAL
    )
    state = models.CharField("状态", max_length=12, choices=ClueState.choices, default=ClueState.REGISTERED)
    reject_reason = models.TextField("不予受理理由", blank=True)
    outcome = models.CharField("办理结果", max_length=20, choices=ClueOutcome.choices, blank=True)
    outcome_note = models.TextField("办理说明", blank=True)
    case_id = models.BigIntegerField("立案案件", null=True, blank=True)
    inspection_id = models.BigIntegerField("检查记录", null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name="并入线索",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_clues",
    )
    suggestion = models.JSONField("甄别建议", default=dict, blank=True)
    accepted_at = models.DateTimeField("受理时间", null=True, blank=True)
    assigned_at = models.DateTimeField("分派时间", null=True, blank=True)
    handled_at = models.DateTimeField("办结时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "线索"
        verbose_name_plural = "线索"
        ordering = ["-received_at", "-id"]
        # The list's scope is an OR of the registering and the handling unit; each unit column leads
        # an index with the state (the list's state filter) and the order. No index on state or
        # channel alone: without statistics SQLite took them for a unit's state/channel filter and
        # read up to 650,000 rows (bench intake: p95 0.76 s → see docs/guide/benchmarks.md).
        indexes = [
            models.Index(fields=["organisation", "state", "-received_at"], name="clue_org_state_recent_idx"),
            models.Index(
                fields=["handling_unit", "state", "-received_at"], name="clue_unit_state_recent_idx"
            ),
            models.Index(fields=["region_code"], name="clue_region_idx"),
            models.Index(fields=["party"], name="clue_party_idx"),
            models.Index(fields=["received_at"], name="clue_received_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="clue_uniq_org_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.violation}"

    @property
    def handling_organisation_id(self) -> int:
        return self.handling_unit_id or self.organisation_id


class ClueReporter(TimeStampedModel):
    """投诉举报人: kept apart from the clue, shown only to the handling unit with
    clues.reporter.view, never on documents served on the party (BEYOND.md §14)."""

    clue = models.ForeignKey(Clue, verbose_name="线索", on_delete=models.CASCADE, related_name="reporters")
    anonymous = models.BooleanField("匿名", default=False)
    name = models.CharField("姓名", max_length=64, blank=True)
    phone = models.CharField("联系电话", max_length=32, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通讯地址", max_length=255, blank=True)
    id_number_cipher = models.BinaryField("证件号码密文", null=True, blank=True, editable=False)
    id_number_index = models.CharField(
        "证件号码索引", max_length=64, blank=True, editable=False, db_index=True
    )
    id_number_masked = models.CharField("证件号码", max_length=64, blank=True, editable=False)
    wants_reply = models.BooleanField("需要答复", default=True)
    channel = models.CharField(
        "答复方式", max_length=10, choices=ReplyChannel.choices, default=ReplyChannel.SMS
    )

    class Meta:
        verbose_name = "投诉举报人"
        verbose_name_plural = "投诉举报人"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"举报人#{self.pk}"


class ClueReply(models.Model):
    """对外答复 to one reporter (of the clue itself or of a clue merged into it)."""

    clue = models.ForeignKey(Clue, verbose_name="答复线索", on_delete=models.CASCADE, related_name="replies")
    reporter = models.ForeignKey(
        ClueReporter, verbose_name="举报人", on_delete=models.CASCADE, related_name="replies"
    )
    channel = models.CharField("方式", max_length=10, choices=ReplyChannel.choices)
    content = models.TextField("答复内容")
    status = models.CharField("状态", max_length=10, choices=ReplyStatus.choices, default=ReplyStatus.QUEUED)
    receipt = models.CharField("回执", max_length=255, blank=True)
    error = models.CharField("错误", max_length=255, blank=True)
    created_at = models.DateTimeField("答复时间")
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="答复人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "线索答复"
        verbose_name_plural = "线索答复"
        ordering = ["created_at", "id"]


class ScreeningRule(TimeStampedModel):
    """甄别规则: conditions (any of the channels / domains / keywords, place region prefix; empty =
    any) → suggested unit, domain and priority. Rules of the unit and its superiors apply, the
    lowest `sort_order` first; the first match is the suggestion."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name="设置单位", on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField("规则名称", max_length=100)
    sort_order = models.PositiveIntegerField("优先顺序", default=100)
    is_active = models.BooleanField("启用", default=True)
    channels = models.JSONField("来源渠道", default=list, blank=True)
    domains = models.JSONField("执法领域", default=list, blank=True)
    keywords = models.JSONField("关键词", default=list, blank=True)
    region_prefix = models.CharField("地点区划前缀", max_length=12, blank=True)
    suggest_unit = models.ForeignKey(
        "orgs.Organisation",
        verbose_name="建议办理单位",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    suggest_domain = models.CharField("建议执法领域", max_length=32, blank=True)
    suggest_priority = models.CharField(
        "建议紧急程度", max_length=10, choices=CluePriority.choices, blank=True
    )

    class Meta:
        verbose_name = "甄别规则"
        verbose_name_plural = "甄别规则"
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name


class ClueTimeLimit(models.Model):
    """办理时限 by enforcement domain (blank = any domain), cited. Seeded: 市场监管 15 个工作日
    (市场监督管理行政处罚程序规定 第十八条：自发现线索或者收到材料之日起十五个工作日内核查，决定是否立案)."""

    domain = models.CharField("执法领域", max_length=32, blank=True, unique=True)
    amount = models.PositiveIntegerField("期限")
    unit = models.CharField("单位", max_length=8, default="wd")  # zhifa.core.workdays.PeriodUnit
    basis = models.CharField("依据", max_length=200)

    class Meta:
        verbose_name = "线索办理时限"
        verbose_name_plural = "线索办理时限"
        ordering = ["domain"]

    def __str__(self) -> str:
        return f"{self.domain or '默认'}：{self.amount}{self.unit}"


class ClueSetting(models.Model):
    """并案 (duplicate) detection settings per unit (blank = installation default)."""

    organisation = models.OneToOneField(
        "orgs.Organisation",
        verbose_name="单位",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    duplicate_radius_m = models.PositiveIntegerField("同一地点半径（米）", default=200)
    duplicate_window_days = models.PositiveIntegerField("时间窗口（日）", default=30)

    class Meta:
        verbose_name = "线索并案设置"
        verbose_name_plural = "线索并案设置"
