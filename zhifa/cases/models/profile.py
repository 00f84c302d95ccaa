"""What a unit prints on its decisions besides the case itself (处罚法第59条第4–5项, 第67条): where to
pay, and where to seek reconsideration or sue. Blank fields fall back to the defaults the law
gives for a local department (`zhifa.cases.paperwork.issuing_profile`)."""

from __future__ import annotations

from django.db import models


class IssuingProfile(models.Model):
    organisation = models.OneToOneField(
        "orgs.Organisation", verbose_name="单位", on_delete=models.CASCADE, related_name="+"
    )
    review_body = models.CharField(
        "行政复议机关", max_length=200, blank=True, help_text="空：本级人民政府（行政复议法第二十四条）"
    )
    court = models.CharField(
        "管辖法院",
        max_length=200,
        blank=True,
        help_text="空：所在地基层人民法院（行政诉讼法第十四条、第十八条）",
    )
    payment_bank = models.CharField("代收机构", max_length=200, blank=True)
    payment_account = models.CharField("缴款账号", max_length=64, blank=True)
    payment_method = models.CharField(
        "缴款方式",
        max_length=300,
        blank=True,
        help_text="空：持决定书到指定银行或通过电子支付系统缴纳（第六十七条）",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "文书签发信息"
        verbose_name_plural = "文书签发信息"

    def __str__(self) -> str:
        return f"文书签发信息 {self.organisation_id}"
