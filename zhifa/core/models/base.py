from __future__ import annotations

from django.db import models
from django.utils import timezone


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField("创建时间", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True


def actor_field(verbose_name: str) -> models.ForeignKey:  # type: ignore[type-arg]
    """A nullable "who did it" link to a user (创建人, 提交人, 审核人 …) that survives the user's deletion."""
    from django.conf import settings

    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
