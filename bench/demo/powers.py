# ruff: noqa: E501 - a data table of power names; one row per line reads best
"""The demo city's power list (权责清单): real penalty provisions of the imported laws, one approved
change batch per city agency through the legal app's services (create → submit → approve).

Each row: (agency key, domain code, law short name, violated article or None, penalty article,
power name, may involve a crime). Article numbers are those of the current versions in
SHARED_DIR/data/laws; a row whose law or article is missing is skipped (and counted).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from zhifa.core.audit import Actor
from zhifa.legal.models import Article, BasisCategory, PowerKind
from zhifa.legal.services.powers import (
    power_batch_add_change,
    power_batch_approve,
    power_batch_create,
    power_batch_submit,
)
from zhifa.orgs.choices import OrganisationLevel

from .city import City


@dataclass(frozen=True)
class PowerSpec:
    agency: str
    domain: str
    law: str
    violated: int | None
    penalty: int
    name: str
    crime: bool = False


POWERS: tuple[PowerSpec, ...] = (
    # 市场监管 / 食品安全 / 药品监管 — 深圳市市场监督管理局
    PowerSpec("market", "market", "食品安全法", 34, 123, "对用非食品原料生产食品等违法生产经营禁止生产经营食品的行政处罚", True),
    PowerSpec("market", "market", "食品安全法", 34, 124, "对生产经营污染物质含量超过食品安全标准限量的食品等的行政处罚", True),
    PowerSpec("market", "market", "食品安全法", 35, 122, "对未取得食品生产经营许可从事食品生产经营活动的行政处罚"),
    PowerSpec("market", "market", "食品安全法", None, 125, "对生产经营被包装材料、容器、运输工具等污染的食品等的行政处罚"),
    PowerSpec("market", "market", "食品安全法", None, 126, "对食品生产经营者未按规定建立并遵守进货查验记录等制度的行政处罚"),
    PowerSpec("market", "market", "产品质量法", 13, 49, "对生产、销售不符合保障人体健康和人身、财产安全标准的产品的行政处罚", True),
    PowerSpec("market", "market", "产品质量法", 32, 50, "对在产品中掺杂、掺假，以假充真，以次充好的行政处罚", True),
    PowerSpec("market", "market", "产品质量法", None, 53, "对伪造产品产地，伪造或者冒用他人厂名、厂址、认证标志的行政处罚"),
    PowerSpec("market", "market", "广告法", 28, 55, "对发布虚假广告的行政处罚"),
    PowerSpec("market", "market", "广告法", None, 57, "对发布含有禁止内容的广告的行政处罚"),
    PowerSpec("market", "market", "价格法", None, 42, "对经营者违反明码标价规定的行政处罚"),
    PowerSpec("market", "market", "价格法", 14, 40, "对经营者实施不正当价格行为的行政处罚"),
    PowerSpec("market", "market", "反不正当竞争法", 6, 18, "对经营者实施混淆行为的行政处罚"),
    PowerSpec("market", "market", "反不正当竞争法", None, 20, "对经营者作虚假或者引人误解的商业宣传的行政处罚"),
    PowerSpec("market", "market", "消费者权益保护法", None, 56, "对经营者侵害消费者权益行为的行政处罚"),
    PowerSpec("market", "market", "特种设备安全法", None, 83, "对特种设备使用单位未按规定办理使用登记等的行政处罚"),
    PowerSpec("market", "market", "特种设备安全法", None, 84, "对使用未经检验或者检验不合格的特种设备的行政处罚"),
    PowerSpec("market", "drug", "药品管理法", None, 115, "对未取得药品经营许可证销售药品的行政处罚", True),
    PowerSpec("market", "drug", "药品管理法", None, 116, "对生产、销售假药的行政处罚", True),
    PowerSpec("market", "drug", "药品管理法", None, 117, "对生产、销售劣药的行政处罚", True),
    # 生态环境 — 深圳市生态环境局 (the Jiangmen discretion items link to these by article)
    PowerSpec("ecology", "ecology", "大气污染防治法", 18, 99, "对超过大气污染物排放标准或者重点大气污染物排放总量控制指标排放大气污染物的行政处罚", True),
    PowerSpec("ecology", "ecology", "大气污染防治法", None, 98, "对拒不接受大气环境监督检查或者在接受监督检查时弄虚作假的行政处罚"),
    PowerSpec("ecology", "ecology", "大气污染防治法", None, 100, "对侵占、损毁或者擅自移动、改变大气环境质量监测设施等的行政处罚"),
    PowerSpec("ecology", "ecology", "大气污染防治法", None, 108, "对产生含挥发性有机物废气的生产和服务活动未在密闭空间或者设备中进行等的行政处罚"),
    PowerSpec("ecology", "ecology", "大气污染防治法", None, 117, "对未密闭煤炭、煤矸石等易产生扬尘的物料等的行政处罚"),
    PowerSpec("ecology", "ecology", "水污染防治法", 10, 83, "对超过水污染物排放标准或者重点水污染物排放总量控制指标排放水污染物的行政处罚", True),
    PowerSpec("ecology", "ecology", "水污染防治法", None, 82, "对未按照规定对所排放的水污染物自行监测等的行政处罚"),
    PowerSpec("ecology", "ecology", "水污染防治法", None, 85, "对向水体排放油类、酸液、碱液等的行政处罚"),
    PowerSpec("ecology", "ecology", "水污染防治法", None, 91, "对在饮用水水源一级保护区内新建与供水设施和保护水源无关的建设项目的行政处罚"),
    PowerSpec("ecology", "ecology", "环境保护法", None, 59, "对违法排放污染物被责令改正拒不改正的按日连续处罚"),
    PowerSpec("ecology", "ecology", "固体废物污染环境防治法", None, 102, "对产生、收集、贮存、运输、利用、处置固体废物的单位违法行为的行政处罚"),
    # 城市管理和综合执法
    PowerSpec("urban", "urban", "固体废物污染环境防治法", 49, 111, "对随意倾倒、抛撒、堆放或者焚烧生活垃圾等的行政处罚"),
    # 应急管理 / 安全生产
    PowerSpec("emergency", "emergency", "安全生产法", 24, 97, "对生产经营单位未按规定设置安全生产管理机构或者配备安全生产管理人员的行政处罚"),
    PowerSpec("emergency", "emergency", "安全生产法", 36, 99, "对安全设备的安装、使用、检测、改造和报废不符合国家标准或者行业标准的行政处罚"),
    PowerSpec("emergency", "emergency", "安全生产法", None, 101, "对生产、经营、储存、使用危险物品未建立专门安全管理制度等的行政处罚"),
    PowerSpec("emergency", "emergency", "安全生产法", None, 102, "对生产经营单位未采取措施消除事故隐患的行政处罚", True),
    # 住房和建设
    PowerSpec("housing", "housing", "建筑法", 7, 64, "对未取得施工许可证或者开工报告未经批准擅自施工的行政处罚"),
    PowerSpec("housing", "housing", "建筑法", None, 65, "对将建筑工程发包给不具有相应资质条件的承包单位或者肢解发包的行政处罚"),
    # 规划和自然资源
    PowerSpec("planning", "natural_resources", "土地管理法", 44, 77, "对非法占用土地的行政处罚", True),
    PowerSpec("planning", "natural_resources", "城乡规划法", 40, 64, "对未取得建设工程规划许可证或者未按许可证规定进行建设的行政处罚"),
    # 公安交通管理
    PowerSpec("traffic_police", "transport", "道路交通安全法", None, 91, "对饮酒后驾驶机动车的行政处罚", True),
    PowerSpec("traffic_police", "transport", "道路交通安全法", None, 92, "对公路客运车辆载客超过额定乘员等的行政处罚"),
    PowerSpec("traffic_police", "transport", "道路交通安全法", None, 99, "对未取得机动车驾驶证驾驶机动车等的行政处罚"),
    # 公安 — 治安管理
    PowerSpec("police", "public_security", "治安管理处罚法", None, 23, "对扰乱机关、团体、企业、事业单位秩序的行政处罚"),
    PowerSpec("police", "public_security", "治安管理处罚法", None, 26, "对结伙斗殴、追逐拦截他人等寻衅滋事行为的行政处罚", True),
    PowerSpec("police", "public_security", "治安管理处罚法", None, 49, "对盗窃、诈骗、哄抢、抢夺、敲诈勒索或者故意损毁公私财物的行政处罚", True),
)  # fmt: skip

CODE_PREFIX = {
    "market": "SCJG",
    "ecology": "STHJ",
    "urban": "CGZF",
    "emergency": "YJGL",
    "housing": "ZFJS",
    "planning": "GHZY",
    "traffic_police": "JTGL",
    "police": "ZAGL",
}
ACTOR = Actor.system("seed_demo")


def _articles() -> dict[tuple[str, int], Article]:
    laws = {spec.law for spec in POWERS}
    return {
        (a.version.law.name, a.number): a
        for a in Article.objects.filter(
            version__law__name__in=laws, version__is_current=True, sub_number=0
        ).select_related("version__law")
    }


def _basis(category: str, article: Article) -> dict[str, Any]:
    return {
        "category": category,
        "law_title": article.version.law.title or article.version.law.name,
        "provision": article.label,
        "article_id": article.pk,
    }


def build_powers(city: City) -> dict[str, int]:
    """One approved batch per agency; returns {"powers": created, "skipped": missing provisions}."""
    articles = _articles()
    by_agency: dict[str, list[dict[str, Any]]] = {}
    skipped = 0
    counters: dict[str, int] = {}
    for spec in POWERS:
        penalty = articles.get((spec.law, spec.penalty))
        violated = articles.get((spec.law, spec.violated)) if spec.violated else None
        agency = city.agencies.get(spec.agency)
        if penalty is None or agency is None or (spec.violated and violated is None):
            skipped += 1
            continue
        counters[spec.agency] = counters.get(spec.agency, 0) + 1
        bases = ([_basis(BasisCategory.VIOLATED, violated)] if violated else []) + [
            _basis(BasisCategory.PENALTY, penalty)
        ]
        domain = city.domains.get(spec.domain)
        by_agency.setdefault(spec.agency, []).append(
            {
                "code": f"440300-{CODE_PREFIX[spec.agency]}-XZCF-{counters[spec.agency]:03d}",
                "name": spec.name,
                "kind": PowerKind.PENALTY,
                "domain_id": domain.pk if domain else None,
                "subject_level": OrganisationLevel.CITY,
                "organisation_id": agency.pk,
                "may_involve_crime": spec.crime,
                "description": f"依据《{penalty.version.law.title or spec.law}》{penalty.label}",
                "bases": bases,
            }
        )
    created = 0
    for key, rows in by_agency.items():
        agency = city.agencies[key]
        batch = power_batch_create(
            actor=ACTOR,
            title=f"{agency.name}权责清单（行政处罚）",
            reason="演示数据：依据现行法律法规梳理的行政处罚事项",
            organisation=agency,
        )
        for data in rows:
            power_batch_add_change(actor=ACTOR, batch=batch, action="create", data=data)
        power_batch_submit(actor=ACTOR, batch=batch)
        power_batch_approve(actor=ACTOR, batch=batch, note="同意发布")
        created += len(rows)
    return {"powers": created, "skipped": skipped}
