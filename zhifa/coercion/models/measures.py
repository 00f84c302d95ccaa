"""行政强制措施 (查封、扣押、冻结): one row per measure with its dated steps as columns (RECORDS §4.2:
timed facts), the items it covers and the testing periods that do not count (强制法第二十五条第三款)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class MeasureKind(models.TextChoices):
    SEAL = "seal", "查封"
    SEIZE = "seize", "扣押"
    FREEZE = "freeze", "冻结"


class MeasureState(models.TextChoices):
    REQUESTED = "requested", "待审批"
    REFUSED = "refused", "不予批准"
    TAKEN_URGENTLY = "taken_urgently", "当场实施待补办批准"
    REFUSED_AFTER = "refused_after", "补办未获批准（应立即解除）"
    IN_FORCE = "in_force", "实施中"
    EXTENDED = "extended", "已延长"
    RELEASED = "released", "已解除"


OPEN_STATES = (
    MeasureState.TAKEN_URGENTLY,
    MeasureState.IN_FORCE,
    MeasureState.EXTENDED,
    MeasureState.REFUSED_AFTER,
)


class ReleaseGround(models.TextChoices):
    """强制法第二十八条第一款 (冻结: 第三十三条)."""

    NO_VIOLATION = "no_violation", "当事人没有违法行为"
    UNRELATED = "unrelated", "查封、扣押的场所、设施或者财物与违法行为无关"
    DECIDED = "decided", "已经作出处理决定，不再需要查封、扣押"
    EXPIRED = "expired", "查封、扣押期限已经届满"
    NOT_NEEDED = "not_needed", "其他不再需要采取查封、扣押措施的情形"
    NOT_APPROVED = "not_approved", "行政机关负责人不予批准（第十九条）"


class Measure(models.Model):
    kind = models.CharField("措施种类", max_length=8, choices=MeasureKind.choices)
    state = models.CharField(
        "状态", max_length=16, choices=MeasureState.choices, default=MeasureState.REQUESTED
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
        "orgs.Organisation", verbose_name="实施机关", on_delete=models.PROTECT, related_name="+"
    )
    region_code = models.CharField("区划代码", max_length=12)
    reason = models.TextField("实施理由和依据")
    items = models.JSONField("场所、设施、财物清单", default=list)  # [{name, spec, quantity, place}]
    place = models.CharField("实施地点", max_length=255)
    officer_ids = models.JSONField("实施执法人员", default=list)  # ≥2 (强制法第十八条第二项)
    urgent = models.BooleanField("情况紧急当场实施", default=False)  # 强制法第十九条
    # 现场笔录 (第十八条第七至十项): the party present, or a witness invited; the seals affixed.
    party_present = models.BooleanField("当事人到场", default=True)
    witness = models.CharField("见证人", max_length=200, blank=True)
    seals = models.CharField("封条", max_length=255, blank=True)
    scene_note = models.TextField("现场情况", blank=True)
    requested_at = models.DateTimeField("提请/报告时间")
    decided_at = models.DateTimeField("负责人审批时间", null=True, blank=True)
    refusal_reason = models.TextField("不予批准理由", blank=True)
    started_at = models.DateTimeField("实施时间", null=True, blank=True)
    ends_on = models.DateField("期限届满日", null=True, blank=True)
    extended = models.BooleanField("已延长", default=False)  # 第二十五条第一款: one extension only
    extension_reason = models.TextField("延长理由", blank=True)
    extension_requested_at = models.DateTimeField("提请延长时间", null=True, blank=True)
    notified_on = models.DateField("延长告知当事人日期", null=True, blank=True)  # 第二十五条第二款
    testing_periods = models.JSONField(
        "检测、检验、检疫、技术鉴定期间", default=list, blank=True
    )  # [{what, started_on, ended_on}] — not counted (第二十五条第三款)
    released_on = models.DateField("解除日期", null=True, blank=True)
    release_reason = models.CharField("解除理由", max_length=16, choices=ReleaseGround.choices, blank=True)
    release_note = models.TextField("解除说明", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="承办人", on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField("版本", default=0)

    class Meta:
        verbose_name = "行政强制措施"
        verbose_name_plural = "行政强制措施"
        indexes = [
            models.Index(fields=["organisation", "state", "-id"], name="measure_org_state_idx"),
            models.Index(fields=["state", "ends_on"], name="measure_expiry_idx"),
            models.Index(fields=["case"], name="measure_case_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.party_name}"

    @property
    def testing_open(self) -> bool:
        return any(p.get("ended_on") is None for p in self.testing_periods)
