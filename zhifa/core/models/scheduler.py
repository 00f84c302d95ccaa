from __future__ import annotations

from django.db import models


class ScheduledJobRun(models.Model):
    """Last run of one periodic job; the conditional update of `last_run_at` is the claim that
    stops several `run_scheduler` processes from firing the same job twice."""

    name = models.CharField("任务", max_length=100, unique=True)
    last_run_at = models.DateTimeField("上次调度", null=True, blank=True)
    last_finished_at = models.DateTimeField("上次完成", null=True, blank=True)
    last_result = models.TextField("上次结果", blank=True, default="")

    class Meta:
        verbose_name = "定时任务运行记录"
        verbose_name_plural = "定时任务运行记录"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
