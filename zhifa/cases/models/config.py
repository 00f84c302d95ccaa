"""Configuration tables for figures that vary by province, sector or date (RULES.md "Configuration
tables"). Seeded with the RULES.md defaults by migration 0002; [secondary]/[unconfirmed] rows are
flagged (`confidence`) for legal review and shown as such wherever they decide something.

Lookup order (RULES.md rule 3): sector → province → national default, the version in force on the
trigger date (rule 4). A sector row marked `yields_to_province` (SAMR's 听证办法: "provincial figures
override") ranks below a province row."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from django.db import models
from django.db.models import Q

from zhifa.core.workdays import PeriodUnit

from ..choices import Confidence


class ScopedConfig(models.Model):
    province_code = models.CharField("省级区划（2位，空=全国）", max_length=2, blank=True, default="")
    sector = models.CharField("执法领域代码（空=所有领域）", max_length=32, blank=True, default="")
    valid_from = models.DateField("生效日期")
    valid_to = models.DateField("失效日期", null=True, blank=True)
    yields_to_province = models.BooleanField("省级标准优先", default=False)
    basis = models.CharField("依据", max_length=255)
    confidence = models.CharField(
        "核实情况", max_length=16, choices=Confidence.choices, default=Confidence.STATUTE
    )
    note = models.CharField("说明", max_length=255, blank=True)

    class Meta:
        abstract = True

    @property
    def confirmed(self) -> bool:
        return self.confidence == Confidence.STATUTE


C = TypeVar("C", bound=ScopedConfig)


def _rank(row: ScopedConfig, *, province: str, sector: str, has_province_row: bool) -> tuple[int, date]:
    sector_hit = bool(row.sector) and row.sector == sector
    province_hit = bool(row.province_code) and row.province_code == province
    if sector_hit and row.yields_to_province and has_province_row:
        sector_hit = False
    # sector+province (3) > sector (2) > province (1) > national (0); newest version first.
    return (2 * sector_hit + province_hit, row.valid_from)


def lookup(rows: Any, *, on: date, region_code: str = "", sector: str = "", **extra: Any) -> Any:
    """The configuration row that applies on `on` to a unit in `region_code` working in `sector`."""
    province = (region_code or "")[:2]
    qs = rows.filter(
        Q(valid_from__lte=on),
        Q(valid_to__isnull=True) | Q(valid_to__gte=on),
        Q(province_code="") | Q(province_code=province),
        Q(sector="") | Q(sector=sector),
        **extra,
    )
    candidates = list(qs)
    if not candidates:
        return None
    has_province_row = any(r.province_code == province and province for r in candidates)
    return max(
        candidates,
        key=lambda r: _rank(r, province=province, sector=sector, has_province_row=has_province_row),
    )


class SummaryLimit(ScopedConfig):
    """简易程序 fine ceilings by decision date (处罚法 第51条; old 第33条, RULES 1.1–1.2)."""

    citizen_max = models.DecimalField("公民罚款上限（元）", max_digits=12, decimal_places=2)
    organisation_max = models.DecimalField("法人或其他组织罚款上限（元）", max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = "简易程序适用标准"
        verbose_name_plural = "简易程序适用标准"
        ordering = ["-valid_from"]


class HearingThreshold(ScopedConfig):
    """较大数额 / 较大价值 for 听证 (处罚法 第63条; RULES §1.3) by province and sector."""

    citizen_fine = models.DecimalField(
        "公民较大数额罚款（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    organisation_fine = models.DecimalField(
        "法人或其他组织较大数额罚款（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    citizen_confiscation = models.DecimalField(
        "公民较大数额没收（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    organisation_confiscation = models.DecimalField(
        "法人或其他组织较大数额没收（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = "听证较大数额标准"
        verbose_name_plural = "听证较大数额标准"
        ordering = ["province_code", "sector", "-valid_from"]


class CasePeriod(ScopedConfig):
    """办案期限 that sectors and provinces set differently (RULES D3–D5, D7, D10, D19, §11 item 8)."""

    code = models.CharField("期限代码", max_length=40, db_index=True)
    title = models.CharField("名称", max_length=100)
    amount = models.PositiveIntegerField("期限")
    unit = models.CharField(
        "单位",
        max_length=8,
        choices=[
            (PeriodUnit.WORKING_DAYS.value, "工作日"),
            (PeriodUnit.CALENDAR_DAYS.value, "日"),
            (PeriodUnit.MONTHS.value, "月"),
            (PeriodUnit.YEARS.value, "年"),
        ],
    )

    class Meta:
        verbose_name = "办案期限"
        verbose_name_plural = "办案期限"
        ordering = ["code", "province_code", "sector", "-valid_from"]


# Seed rows (RULES.md). Each: (model, fields). Dates are those of the rule's version.
LAW_2021 = date(2021, 7, 15)
SEED: list[tuple[str, dict[str, Any]]] = [
    (
        "summarylimit",
        {
            "valid_from": LAW_2021,
            "citizen_max": Decimal(200),
            "organisation_max": Decimal(3000),
            "basis": "行政处罚法（2021）第五十一条",
            "confidence": Confidence.STATUTE,
        },
    ),
    (
        "summarylimit",
        {
            "valid_from": date(1996, 10, 1),
            "valid_to": date(2021, 7, 14),
            "citizen_max": Decimal(50),
            "organisation_max": Decimal(1000),
            "basis": "行政处罚法（1996）第三十三条",
            "confidence": Confidence.UNCONFIRMED,
        },
    ),
    (
        "hearingthreshold",
        {
            "province_code": "44",
            "valid_from": LAW_2021,
            "citizen_fine": Decimal(5000),
            "organisation_fine": Decimal(100000),
            "citizen_confiscation": Decimal(5000),
            "organisation_confiscation": Decimal(100000),
            "basis": "广东省行政处罚听证程序实施办法",
            "confidence": Confidence.SECONDARY,
            "note": "地方政府问答转引，待核对省规章原文",
        },
    ),
    (
        "hearingthreshold",
        {
            "province_code": "44",
            "sector": "fisheries",
            "valid_from": LAW_2021,
            "citizen_fine": Decimal(50000),
            "organisation_fine": Decimal("100000.01"),
            "basis": "广东渔政支队重大执法决定目录",
            "confidence": Confidence.SECONDARY,
            "note": "单位为超过10万元",
        },
    ),
    (
        "hearingthreshold",
        {
            "sector": "public_security",
            "valid_from": date(2019, 1, 1),
            "citizen_fine": Decimal(2000),
            "organisation_fine": Decimal(10000),
            "basis": "公安机关办理行政案件程序规定（2019）",
            "confidence": Confidence.STATUTE,
            "note": "违反边境管理、出入境管理的个人为6000元",
        },
    ),
    (
        "hearingthreshold",
        {
            "sector": "market",
            "valid_from": LAW_2021,
            "yields_to_province": True,
            "citizen_fine": Decimal(10000),
            "organisation_fine": Decimal(100000),
            "basis": "市场监督管理行政处罚听证办法第五条",
            "confidence": Confidence.UNCONFIRMED,
            "note": "省级标准优先",
        },
    ),
    (
        "caseperiod",
        {
            "code": "decision",
            "title": "作出处罚决定",
            "amount": 90,
            "unit": "cd",
            "valid_from": LAW_2021,
            "basis": "行政处罚法第六十条",
            "confidence": Confidence.STATUTE,
        },
    ),
    (
        "caseperiod",
        {
            "code": "decision_extension",
            "title": "延长办案期限",
            "amount": 30,
            "unit": "cd",
            "sector": "market",
            "valid_from": LAW_2021,
            "basis": "市场监督管理行政处罚程序规定第六十四条",
            "confidence": Confidence.STATUTE,
        },
    ),
    (
        "caseperiod",
        {
            "code": "lead_verification",
            "title": "核查线索并决定是否立案",
            "amount": 15,
            "unit": "wd",
            "sector": "market",
            "valid_from": LAW_2021,
            "basis": "市场监督管理行政处罚程序规定第十八条",
            "confidence": Confidence.STATUTE,
        },
    ),
    (
        "caseperiod",
        {
            "code": "lead_verification_extension",
            "title": "延长立案核查",
            "amount": 15,
            "unit": "wd",
            "sector": "market",
            "valid_from": LAW_2021,
            "basis": "市场监督管理行政处罚程序规定第十八条",
            "confidence": Confidence.STATUTE,
        },
    ),
    (
        "caseperiod",
        {
            "code": "statement_window",
            "title": "陈述、申辩",
            "amount": 5,
            "unit": "wd",
            "valid_from": LAW_2021,
            "basis": "市场监督管理行政处罚程序规定第五十七条第二款（其他领域参照）",
            "confidence": Confidence.SECONDARY,
        },
    ),
    (
        "caseperiod",
        {
            "code": "statement_window",
            "title": "陈述、申辩",
            "amount": 5,
            "unit": "wd",
            "sector": "market",
            "valid_from": LAW_2021,
            "basis": "市场监督管理行政处罚程序规定第五十七条第二款",
            "confidence": Confidence.STATUTE,
        },
    ),
    (
        "caseperiod",
        {
            "code": "service",
            "title": "送达行政处罚决定书",
            "amount": 7,
            "unit": "wd",
            "valid_from": LAW_2021,
            "basis": "行政处罚法第六十一条、第八十五条",
            "confidence": Confidence.STATUTE,
        },
    ),
    (
        "caseperiod",
        {
            "code": "summary_filing",
            "title": "当场处罚决定报所属行政机关备案",
            "amount": 7,
            "unit": "wd",
            "valid_from": LAW_2021,
            "basis": "市场监督管理行政处罚程序规定第七十条（其他领域参照）",
            "confidence": Confidence.SECONDARY,
        },
    ),
    (
        "caseperiod",
        {
            "code": "closing",
            "title": "结案",
            "amount": 15,
            "unit": "wd",
            "valid_from": LAW_2021,
            "basis": "市场监督管理行政处罚程序规定第七十七条（其他领域参照）",
            "confidence": Confidence.SECONDARY,
        },
    ),
    (
        "caseperiod",
        {
            "code": "payment",
            "title": "缴纳罚款",
            "amount": 15,
            "unit": "cd",
            "valid_from": LAW_2021,
            "basis": "行政处罚法第六十七条第三款",
            "confidence": Confidence.STATUTE,
        },
    ),
]


def seed_config(apps: Any = None) -> dict[str, int]:
    """Insert the seed rows that are missing (never overwrites an edited row). Returns counts."""
    created: dict[str, int] = {}
    for model_name, fields in SEED:
        model: Any = (
            apps.get_model("cases", model_name)
            if apps
            else {
                "summarylimit": SummaryLimit,
                "hearingthreshold": HearingThreshold,
                "caseperiod": CasePeriod,
            }[model_name]
        )
        key = {k: fields[k] for k in ("province_code", "sector", "valid_from", "code") if k in fields}
        if not model.objects.filter(**key).exists():
            model.objects.create(**fields)
            created[model_name] = created.get(model_name, 0) + 1
    return created


class FirstViolationEntry(ScopedConfig):
    """首违不罚清单: the violations a province or sector lists as eligible for no penalty on a first
    violation with slight harm, promptly corrected (处罚法第33条第一款第二句; RULES §1.4). Where a list
    is in force for the case's province and sector, only listed powers qualify."""

    item_no = models.CharField("序号", max_length=32, blank=True)
    power = models.ForeignKey(
        "legal.Power", verbose_name="执法职权", on_delete=models.PROTECT, related_name="+"
    )
    violation = models.CharField("违法行为", max_length=300)
    conditions = models.TextField("适用条件", blank=True)

    class Meta:
        verbose_name = "首违不罚清单事项"
        verbose_name_plural = "首违不罚清单"
        ordering = ["province_code", "sector", "item_no"]
        indexes = [models.Index(fields=["power", "valid_from"], name="first_violation_power_idx")]
