"""`manage.py complaints_seed_services --unit <organisation id>`: create the missing common
complaint categories (Open311 services) received by that unit; prints one JSON line."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from zhifa.core.audit import Actor, audit_append
from zhifa.orgs.models import Domain, Organisation

from ...models import ComplaintService

SEED: tuple[tuple[str, str, str, str, str, str], ...] = (
    # code, name, group, domain, clue channel, description
    (
        "food_safety",
        "食品安全",
        "市场监管",
        "market",
        "complaint",
        "销售过期变质食品、无证生产经营食品、餐饮卫生等",
    ),
    ("unlicensed_business", "无照经营", "市场监管", "market", "report", "未取得营业执照从事经营活动"),
    ("price", "价格违法", "市场监管", "market", "complaint", "不明码标价、价格欺诈、哄抬价格等"),
    ("product_quality", "产品质量", "市场监管", "market", "complaint", "销售不合格、假冒伪劣产品"),
    ("advertising", "虚假广告", "市场监管", "market", "report", "发布虚假或者违法广告"),
    ("special_equipment", "特种设备安全", "市场监管", "market", "report", "电梯、锅炉等设备安全隐患"),
)
NOTICE = (
    "我们将在收到后依法审查是否受理；受理后一般在十五个工作日内核查处理"
    "（市场监督管理行政处罚程序规定第十八条）。"
)


class Command(BaseCommand):
    help = "创建缺少的常见投诉类别（Open311 服务）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", type=int, required=True, help="受理单位（组织机构）ID")

    def handle(self, *args: Any, **options: Any) -> None:
        unit = Organisation.objects.filter(pk=options["unit"]).first()
        if unit is None:
            raise CommandError(f"组织机构不存在：{options['unit']}")
        domains = set(Domain.objects.values_list("code", flat=True))
        existing = set(ComplaintService.objects.values_list("code", flat=True))
        created = 0
        with transaction.atomic():
            for order, (code, name, group, domain, channel, description) in enumerate(SEED, start=1):
                if code in existing:
                    continue
                service = ComplaintService.objects.create(
                    code=code,
                    name=name,
                    group=group,
                    description=description,
                    keywords=name,
                    receiving_unit=unit,
                    domain=domain if domain in domains else "",
                    clue_channel=channel,
                    service_notice=NOTICE,
                    sort_order=order * 10,
                )
                audit_append(
                    actor=Actor.system("complaints_seed_services"),
                    action="complaints.service.create",
                    subject=service,
                    payload={"code": code, "unit": unit.pk},
                )
                created += 1
        self.stdout.write(
            json.dumps({"services_created": created, "services": len(existing) + created}, ensure_ascii=False)
        )
