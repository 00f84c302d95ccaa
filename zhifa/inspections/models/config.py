"""执法要素 configuration (spec/02 §1.1.2 检查模块配置, 检查项配置, 检查单配置)."""

from __future__ import annotations

from django.db import models


class CheckModule(models.Model):
    """检查模块: a group of check items of one domain (e.g. 食品经营 → 许可证照)."""

    domain = models.ForeignKey("orgs.Domain", models.PROTECT, related_name="+", verbose_name="执法领域")
    code = models.CharField("模块代码", max_length=32)
    name = models.CharField("模块名称", max_length=100)
    sort_order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "检查模块"
        ordering = ["domain", "sort_order", "code"]
        constraints = [models.UniqueConstraint(fields=["domain", "code"], name="insp_module_code_unique")]

    def __str__(self) -> str:
        return self.name


class CheckItem(models.Model):
    """检查项: one thing to check, with its legal basis (国办发〔2024〕54号: unpublished items cannot be
    inspected — only active items enter a checklist)."""

    module = models.ForeignKey(CheckModule, models.PROTECT, related_name="items", verbose_name="检查模块")
    domain = models.ForeignKey("orgs.Domain", models.PROTECT, related_name="+", verbose_name="执法领域")
    text = models.CharField("检查内容", max_length=300)
    legal_basis = models.CharField("检查依据", max_length=300, blank=True)
    guidance = models.CharField("检查方法/判定标准", max_length=300, blank=True)
    sort_order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "检查项"
        ordering = ["module", "sort_order", "pk"]
        indexes = [models.Index(fields=["domain", "is_active"], name="insp_item_domain_idx")]

    def __str__(self) -> str:
        return self.text


class Checklist(models.Model):
    """检查单: ordered items of one domain, used by plans and inspections."""

    domain = models.ForeignKey("orgs.Domain", models.PROTECT, related_name="+", verbose_name="执法领域")
    organisation = models.ForeignKey(
        "orgs.Organisation",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="制定单位",
        help_text="空 = 全市通用",
    )
    name = models.CharField("检查单名称", max_length=200)
    items = models.ManyToManyField(CheckItem, through="ChecklistEntry", related_name="checklists")
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "检查单"
        ordering = ["domain", "name"]

    def __str__(self) -> str:
        return self.name

    def ordered_items(self) -> list[CheckItem]:
        entries = self.entries.select_related("item").order_by("position", "pk")
        return [e.item for e in entries if e.item.is_active]


class ChecklistEntry(models.Model):
    checklist = models.ForeignKey(Checklist, models.CASCADE, related_name="entries")
    item = models.ForeignKey(CheckItem, models.PROTECT, related_name="+", verbose_name="检查项")
    position = models.PositiveIntegerField("顺序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "检查单条目"
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["checklist", "item"], name="insp_checklist_item_unique")
        ]
