"""Holiday calendar tables (RULES.md §0.7, §9). Seeded from chinesecalendar, edited in the admin;
deadline code reads only these tables (never the package)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class HolidayKind(models.TextChoices):
    HOLIDAY = "holiday", "法定节假日"
    MAKEUP_WORKDAY = "makeup_workday", "调休上班"


class CalendarSource(models.TextChoices):
    CHINESECALENDAR = "chinesecalendar", "chinesecalendar 软件包"
    ADMIN = "admin", "管理员维护"


class Holiday(models.Model):
    """One day that differs from the Mon–Fri rule: a day off (holiday, incl. weekend days inside a
    holiday period) or a 调休 make-up working day (a Saturday or Sunday designated a workday by
    the yearly 国办 notice)."""

    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=20, choices=HolidayKind.choices)
    name = models.CharField("名称", max_length=100, blank=True)
    source = models.CharField(
        "来源", max_length=20, choices=CalendarSource.choices, default=CalendarSource.ADMIN
    )
    updated_at = models.DateTimeField("更新时间", default=timezone.now)

    class Meta:
        verbose_name = "节假日/调休日"
        verbose_name_plural = "节假日/调休日"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name}"


class HolidayYear(models.Model):
    """A year counts as covered only with a row here whose `complete` is True."""

    year = models.PositiveSmallIntegerField("年份", unique=True)
    complete = models.BooleanField("已完整录入", default=False)
    source = models.CharField(
        "来源", max_length=20, choices=CalendarSource.choices, default=CalendarSource.ADMIN
    )
    note = models.CharField("说明", max_length=200, blank=True)
    updated_at = models.DateTimeField("更新时间", default=timezone.now)

    class Meta:
        verbose_name = "节假日年度"
        verbose_name_plural = "节假日年度"
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}年（{'完整' if self.complete else '不完整'}）"


class CalendarVersion(models.Model):
    """Single row (pk=1). `token` changes on every calendar edit so that each process reloads its
    in-memory calendar; `makeup_days_count_as_workdays` overrides the setting of the same name
    (RULES 0.7: counting 调休 make-up days as working days is practice, not statute)."""

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField("更新时间", default=timezone.now)
    makeup_days_count_as_workdays = models.BooleanField(
        "调休上班日计为工作日",
        null=True,
        blank=True,
        help_text=(
            "留空则使用配置项 ZHIFA_MAKEUP_DAYS_COUNT_AS_WORKDAYS（默认：是）。依据：RULES 0.7（实践做法）"
        ),
    )

    class Meta:
        verbose_name = "日历版本与策略"
        verbose_name_plural = "日历版本与策略"
