"""检查对象库 (spec/02 §1.3.2): city-wide and per-domain target libraries, and the conflict list."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ..choices import RiskClass, TargetLibrary


class InspectionTarget(models.Model):
    """One party in a target library for one domain, with its risk class (红/黄/蓝)."""

    party = models.ForeignKey("parties.Party", models.PROTECT, related_name="+", verbose_name="检查对象")
    name = models.CharField("名称", max_length=200, help_text="登记时取自当事人库，用于检索")
    domain = models.ForeignKey("orgs.Domain", models.PROTECT, related_name="+", verbose_name="执法领域")
    library = models.CharField(
        "对象库", max_length=8, choices=TargetLibrary.choices, default=TargetLibrary.DOMAIN
    )
    region_code = models.CharField("区划代码", max_length=12)
    risk = models.CharField("风险等级", max_length=8, choices=RiskClass.choices, default=RiskClass.BLUE)
    organisation = models.ForeignKey(
        "orgs.Organisation", models.PROTECT, related_name="+", verbose_name="维护单位"
    )
    address = models.CharField("地址", max_length=255, blank=True)
    is_active = models.BooleanField("在库", default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField("入库时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "检查对象"
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["party", "domain", "library"], name="insp_target_unique"),
        ]
        indexes = [
            # the draw: WHERE domain AND is_active AND region_code LIKE … → (id, risk) from the index
            models.Index(fields=["domain", "is_active", "region_code", "risk"], name="insp_target_draw_idx"),
            models.Index(fields=["name"], name="insp_target_name_idx"),
            models.Index(fields=["region_code"], name="insp_target_region_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class OfficerConflict(models.Model):
    """A configured conflict (回避): the officer may not inspect this party (处罚法 Art. 43)."""

    officer = models.ForeignKey("orgs.Officer", models.CASCADE, related_name="+", verbose_name="执法人员")
    party = models.ForeignKey("parties.Party", models.CASCADE, related_name="+", verbose_name="当事人")
    reason = models.CharField("回避事由", max_length=200)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "执法人员回避名单"
        constraints = [models.UniqueConstraint(fields=["officer", "party"], name="insp_conflict_unique")]
