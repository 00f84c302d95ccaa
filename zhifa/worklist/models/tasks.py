"""待办: a piece of work for one person (assignee) or for a queue (a role at an organisation)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class TaskStatus(models.TextChoices):
    OPEN = "open", "待办"
    DONE = "done", "已办"
    CANCELLED = "cancelled", "已取消"


class Task(models.Model):
    kind = models.CharField("类型", max_length=40)
    title = models.CharField("事项", max_length=200)
    subject_type = models.CharField("对象类型", max_length=40)
    subject_id = models.BigIntegerField("对象编号")
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name="所属单位", on_delete=models.PROTECT, related_name="+"
    )
    region_code = models.CharField("区划代码", max_length=12)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="办理人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="worklist_tasks",
    )
    queue_role = models.CharField("队列角色", max_length=64, blank=True)
    queue_organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name="队列单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField("状态", max_length=10, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    due_on = models.DateField("办理期限", null=True, blank=True)
    url = models.CharField("链接", max_length=300, blank=True)
    approval_run = models.ForeignKey(
        "worklist.ApprovalRun",
        verbose_name="审批",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="tasks",
    )
    approval_step = models.PositiveSmallIntegerField("审批环节", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now, editable=False)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="处理人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    completed_at = models.DateTimeField("处理时间", null=True, blank=True)

    class Meta:
        verbose_name = "待办事项"
        verbose_name_plural = "待办事项"
        ordering = ["due_on", "-created_at"]
        indexes = [
            # task_list_for_user: (a) assigned to me, (b) queues of my roles at my unit(s).
            models.Index(fields=["assignee", "status", "due_on"], name="wl_task_assignee_idx"),
            models.Index(
                fields=["queue_role", "queue_organisation", "status"],
                name="wl_task_queue_idx",
                condition=Q(assignee__isnull=True),
            ),
            models.Index(fields=["subject_type", "subject_id"], name="wl_task_subject_idx"),
        ]

    def __str__(self) -> str:
        return self.title
