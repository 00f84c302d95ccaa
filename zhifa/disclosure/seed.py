"""Seed rows of the disclosure configuration (RULES.md §5 P3/P4, §6.1–6.3), written by migration
0003 and re-runnable (`seed_config` only creates rows that are missing). [secondary] and
[unconfirmed] values carry their confidence so the admin shows them for legal review."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from zhifa.cases.choices import Confidence

STATUTE, SECONDARY, UNCONFIRMED = Confidence.STATUTE, Confidence.SECONDARY, Confidence.UNCONFIRMED

GUIDANCE_118 = date(2018, 12, 5)  # 国办发〔2018〕118号
SAMR_45 = date(2021, 9, 1)  # 市场监督管理行政处罚信息公示规定 in force
NDRC_58 = date(2023, 5, 1)  # 国家发展改革委令2023年第58号 in force
NDRC_58_END = date(2026, 3, 31)
NDRC_36 = date(2026, 4, 1)  # 国家发展改革委令第36号 in force, repealing 58号令
LAW_2021 = date(2021, 7, 15)

SERIOUS_KINDS = [
    "order_suspension",  # 责令停产停业
    "order_closure",  # 责令关闭
    "revoke_licence",  # 吊销许可证件
    "restrict_business",  # 限制开展生产经营活动
    "restrict_practice",  # 限制从业
    "lower_qualification",  # 降低资质等级
    "detention",  # 行政拘留
]
MINOR_KINDS = ["warning", "circulated_criticism"]  # 警告、通报批评 (RULES §6.2 "reportedly")

SEED: list[tuple[str, dict[str, Any]]] = [
    # -- publication deadlines (RULES P3, P4; SAMR 公示规定 Arts. 2, 9) --------------------------
    (
        "publicationrule",
        {
            "kind": "penalty",
            "valid_from": GUIDANCE_118,
            "amount": 7,
            "unit": "wd",
            "basis": "国办发〔2018〕118号；双公示（行政处罚决定作出之日起7个工作日内）",
            "confidence": SECONDARY,
        },
    ),
    (
        "publicationrule",
        {
            "kind": "penalty",
            "sector": "market",
            "valid_from": SAMR_45,
            "amount": 20,
            "unit": "wd",
            "period_regime": "samr45",
            "publish_summary": False,  # Art. 2: 适用普通程序作出的行政处罚决定
            "publish_warning_only": False,  # Art. 2: 仅警告的除外
            "basis": "市场监督管理行政处罚信息公示规定第二条、第九条（同省登记20个工作日；外省登记第十条）",
            "confidence": STATUTE,
        },
    ),
    (
        "publicationrule",
        {
            "kind": "inspection",
            "valid_from": GUIDANCE_118,
            "amount": 20,
            "unit": "wd",
            "basis": "国办发〔2018〕118号 事后公开（决定作出之日起20个工作日）；下线年限：省级公开办法",
            "confidence": SECONDARY,
        },
    ),
    (
        "publicationrule",
        {
            "kind": "coercion",
            "valid_from": GUIDANCE_118,
            "amount": 20,
            "unit": "wd",
            "basis": "国办发〔2018〕118号 事后公开（决定作出之日起20个工作日）；下线年限：省级公开办法",
            "confidence": SECONDARY,
        },
    ),
    # -- publication periods (RULES §6.1 Art. 13–14, §6.2) ---------------------------------------
    (
        "creditperiod",
        {
            "regime": "ndrc58",
            "valid_from": NDRC_58,
            "valid_to": NDRC_58_END,
            "min_amount": 3,
            "min_unit": "months",
            "max_amount": 3,
            "max_unit": "years",
            "basis": "国家发展改革委令2023年第58号：最短3个月、最长3年，自决定之日起计算",
            "confidence": SECONDARY,
        },
    ),
    *[
        (
            "creditperiod",
            {
                "regime": "ndrc58",
                "sector": sector,
                "valid_from": NDRC_58,
                "valid_to": NDRC_58_END,
                "min_amount": 1,
                "min_unit": "years",
                "max_amount": 3,
                "max_unit": "years",
                "basis": f"国家发展改革委令2023年第58号：{label}领域最短1年",
                "confidence": SECONDARY,
            },
        )
        for sector, label in (("emergency", "安全生产"), ("fire", "消防安全"))
    ],
    (
        "creditperiod",
        {
            "regime": "ndrc58",
            "matter_keywords": ["特种设备"],
            "valid_from": NDRC_58,
            "valid_to": NDRC_58_END,
            "min_amount": 1,
            "min_unit": "years",
            "max_amount": 3,
            "max_unit": "years",
            "basis": "国家发展改革委令2023年第58号：特种设备领域最短1年",
            "confidence": SECONDARY,
            "note": "按案由含“特种设备”识别",
        },
    ),
    (
        "creditperiod",
        {
            "regime": "ndrc36",
            "period_class": "minor",
            "valid_from": NDRC_36,
            "published": False,
            "min_amount": 0,
            "min_unit": "months",
            "max_amount": 3,
            "max_unit": "months",
            "basis": "国家发展改革委令第36号：轻微失信信息原则上不公示；确需公示的最长3个月",
            "confidence": SECONDARY,
        },
    ),
    (
        "creditperiod",
        {
            "regime": "ndrc36",
            "period_class": "ordinary",
            "valid_from": NDRC_36,
            "min_amount": 3,
            "min_unit": "months",
            "max_amount": 1,
            "max_unit": "years",
            "basis": "国家发展改革委令第36号：一般失信信息公示3个月至1年",
            "confidence": SECONDARY,
        },
    ),
    (
        "creditperiod",
        {
            "regime": "ndrc36",
            "period_class": "serious",
            "valid_from": NDRC_36,
            "min_amount": 1,
            "min_unit": "years",
            "max_amount": 3,
            "max_unit": "years",
            "basis": "国家发展改革委令第36号：严重失信信息公示1年至3年",
            "confidence": SECONDARY,
        },
    ),
    (
        "creditperiod",
        {
            "regime": "samr45",
            "period_class": "low",
            "valid_from": SAMR_45,
            "min_amount": 3,
            "min_unit": "months",
            "max_amount": 3,
            "max_unit": "months",
            "basis": "市场监督管理行政处罚信息公示规定第十三条：仅通报批评或较低数额罚款的，公示3个月",
            "confidence": STATUTE,
        },
    ),
    (
        "creditperiod",
        {
            "regime": "samr45",
            "period_class": "other",
            "valid_from": SAMR_45,
            "min_amount": 6,
            "min_unit": "months",
            "max_amount": 3,
            "max_unit": "years",
            "basis": "市场监督管理行政处罚信息公示规定第十三条（3年）、第十四条（最短期满可申请提前停止）",
            "confidence": UNCONFIRMED,
            "note": "第十四条最短期限RULES未载明，6个月待核对原文",
        },
    ),
    # -- 较低数额 (SAMR 公示规定 Art. 13; Shanghai's figures as the default) ------------------------
    (
        "lowfinethreshold",
        {
            "valid_from": SAMR_45,
            "person_max": Decimal(5000),
            "organisation_max": Decimal(50000),
            "basis": "默认值取上海标准（沪市监规范〔2022〕8号）；各省以本省市场监管部门标准为准",
            "confidence": SECONDARY,
        },
    ),
    (
        "lowfinethreshold",
        {
            "province_code": "31",
            "valid_from": date(2022, 7, 1),
            "valid_to": date(2027, 6, 30),
            "person_max": Decimal(5000),
            "organisation_max": Decimal(50000),
            "basis": "沪市监规范〔2022〕8号",
            "confidence": SECONDARY,
        },
    ),
    # -- 轻微 / 一般 / 严重 (RULES §6.2; §11 item 3) ------------------------------------------------
    (
        "severitypolicy",
        {
            "valid_from": LAW_2021,
            "minor_kinds": MINOR_KINDS,
            "summary_is_minor": True,
            "serious_kinds": SERIOUS_KINDS,
            "serious_fine_person": Decimal(100000),
            "serious_fine_organisation": Decimal(1000000),
            "collective_is_serious": True,
            "basis": "国家发展改革委令第36号（分类条款待核对）；处罚法第九条、第五十七条第二款",
            "confidence": UNCONFIRMED,
            "note": "罚没款金额标准为暂定值，请按本地信用主管部门规定调整",
        },
    ),
]


def seed_config(apps: Any = None) -> dict[str, int]:
    """Create the SEED rows that are missing (matched on every seeded scalar field)."""
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    created = 0
    for model_name, fields in SEED:
        model = apps.get_model("disclosure", model_name)
        match = {k: v for k, v in fields.items() if not isinstance(v, list)}
        if not model.objects.filter(**match).exists():
            model.objects.create(**fields)
            created += 1
    return {"rows": len(SEED), "created": created}
