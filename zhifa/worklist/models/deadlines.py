"""Legal clocks as rows (ARCHITECTURE §5): a deadline of one subject (a case, a clue …), its
suspensions and extensions. `due_on` is always the result of `zhifa.worklist.rules.compute_due`
over the row's rule fields, extensions and suspensions (RULES.md §0, §1.2)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from zhifa.core.workdays import PeriodUnit


class DeadlineState(models.TextChoices):
    RUNNING = "running", "进行中"
    DUE_SOON = "due_soon", "即将到期"
    OVERDUE = "overdue", "已超期"
    SUSPENDED = "suspended", "已中止计算"
    MET = "met", "已完成"
    CANCELLED = "cancelled", "已取消"


OPEN_STATES = (DeadlineState.RUNNING, DeadlineState.DUE_SOON, DeadlineState.OVERDUE, DeadlineState.SUSPENDED)

UNIT_CHOICES = [
    (PeriodUnit.WORKING_DAYS.value, "工作日"),
    (PeriodUnit.CALENDAR_DAYS.value, "日（自然日）"),
    (PeriodUnit.MONTHS.value, "个月"),
    (PeriodUnit.YEARS.value, "年"),
    (PeriodUnit.HOURS.value, "小时"),
]


class Deadline(models.Model):
    subject_type = models.CharField("对象类型", max_length=40)
    subject_id = models.BigIntegerField("对象编号")
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name="所属单位", on_delete=models.PROTECT, related_name="+"
    )
    region_code = models.CharField("区划代码", max_length=12)
    rule_code = models.CharField("期限规则", max_length=64)
    title = models.CharField("期限名称", max_length=100)
    basis = models.CharField("法律依据", max_length=200)
    amount = models.PositiveIntegerField("期限数")
    unit = models.CharField("单位", max_length=10, choices=UNIT_CHOICES)
    started_on = models.DateField("起算日（触发日）")
    due_on = models.DateField("届满日")
    state = models.CharField(
        "状态", max_length=12, choices=DeadlineState.choices, default=DeadlineState.RUNNING
    )
    due_soon_days = models.PositiveSmallIntegerField("提前提醒天数", default=3)
    provisional = models.BooleanField(
        "届满日待节假日确认", default=False, help_text="届满日所在年度的节假日安排尚未录入，按周末估算顺延"
    )
    met_on = models.DateField("完成日", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("更新时间", default=timezone.now)

    class Meta:
        verbose_name = "期限"
        verbose_name_plural = "期限"
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["state", "due_on"], name="wl_deadline_state_due_idx"),
            models.Index(fields=["subject_type", "subject_id"], name="wl_deadline_subject_idx"),
            models.Index(fields=["organisation", "state"], name="wl_deadline_org_state_idx"),
        ]
        constraints = [
            # One open clock per rule and subject: deadline_start is idempotent on top of this.
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "rule_code"],
                condition=Q(state__in=["running", "due_soon", "overdue", "suspended"]),
                name="wl_deadline_one_open_per_rule",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title}（届满 {self.due_on}）"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class DeadlineSuspension(models.Model):
    """An interval during which the period does not run (SAMR Art. 64 ¶2, RULES 0.8; 处罚法 Art. 73
    ¶3 for the surcharge): [started_on, ended_on) — the clock stops on `started_on` and runs
    again from `ended_on`."""

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="suspensions")
    reason = models.CharField("中止原因", max_length=200)
    started_on = models.DateField("中止日")
    ended_on = models.DateField("恢复日", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "期限中止"
        verbose_name_plural = "期限中止"
        ordering = ["started_on", "pk"]


class DeadlineExtension(models.Model):
    """An approved extension (e.g. SAMR Art. 64: +30 days with the head's approval)."""

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="extensions")
    amount = models.PositiveIntegerField("延长数")
    unit = models.CharField("单位", max_length=10, choices=UNIT_CHOICES)
    reason = models.CharField("延长理由", max_length=200)
    basis = models.CharField("延长依据", max_length=200)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="批准人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField("批准时间", default=timezone.now)

    class Meta:
        verbose_name = "期限延长"
        verbose_name_plural = "期限延长"
        ordering = ["approved_at", "pk"]


class DeadlineAlertSetting(models.Model):
    """Per rule: how many days before the due date a deadline turns yellow (overrides the rule's
    default `due_soon_days`). Edited in the admin through `deadline_alert_setting_set`."""

    rule_code = models.CharField("期限规则", max_length=64, unique=True)
    due_soon_days = models.PositiveSmallIntegerField("提前提醒天数")
    updated_at = models.DateTimeField("更新时间", default=timezone.now)

    class Meta:
        verbose_name = "期限提醒设置"
        verbose_name_plural = "期限提醒设置"
        ordering = ["rule_code"]

    def __str__(self) -> str:
        return f"{self.rule_code}：提前{self.due_soon_days}天"


class WorklistCalendarSeen(models.Model):
    """Single row: the holiday-calendar version token the open deadlines were last computed with.
    The periodic refresh recomputes them when core's CalendarVersion token has moved on."""

    token = models.CharField(max_length=32, blank=True)
    recomputed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "期限日历版本"
        verbose_name_plural = "期限日历版本"
