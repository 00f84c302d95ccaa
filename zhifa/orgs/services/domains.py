"""The 执法领域 dictionary: seed with the common enforcement fields; codes are English."""

from __future__ import annotations

from django.db import transaction

from zhifa.core.audit import Actor, audit_append
from zhifa.core.errors import ValidationError

from ..models import Domain

DOMAIN_SEED: tuple[tuple[str, str], ...] = (
    ("market", "市场监管"),
    ("ecology", "生态环境"),
    ("urban", "城市管理/综合执法"),
    ("transport", "交通运输"),
    ("culture", "文化市场"),
    ("emergency", "应急管理/安全生产"),
    ("health", "卫生健康"),
    ("housing", "住房建设"),
    ("natural_resources", "自然资源"),
    ("agriculture", "农业农村"),
    ("water", "水务"),
    ("fire", "消防"),
    ("education", "教育"),
    ("civil_affairs", "民政"),
    ("human_resources", "人力资源和社会保障"),
    ("public_security", "公安"),
    ("tax", "税务"),
    ("medical_insurance", "医疗保障"),
    ("drug", "药品监管"),
    ("forestry", "林业"),
    ("tourism", "文化和旅游"),
    ("commerce", "商务"),
    ("statistics", "统计"),
    ("judicial", "司法行政"),
)


def domains_seed(*, actor: Actor) -> dict[str, int]:
    """Create missing dictionary entries; an entry renamed by a deployment keeps its name."""
    existing = set(Domain.objects.values_list("code", flat=True))
    new = [
        Domain(code=code, name=name, sort_order=order * 10)
        for order, (code, name) in enumerate(DOMAIN_SEED, start=1)
        if code not in existing
    ]
    with transaction.atomic():
        Domain.objects.bulk_create(new)
        if new:
            audit_append(actor=actor, action="orgs.domain.seed", payload={"created": [d.code for d in new]})
    return {"domains": len(DOMAIN_SEED), "created": len(new)}


def domain_save(
    *, actor: Actor, code: str, name: str, sort_order: int = 0, domain: Domain | None = None
) -> Domain:
    """Create (domain=None) or update one dictionary entry."""
    code, name = code.strip(), name.strip()
    if not code or not code.isascii() or not code.replace("_", "").isalnum():
        raise ValidationError(
            "领域代码应为英文字母、数字或下划线", fields={"code": ["领域代码应为英文字母、数字或下划线"]}
        )
    if not name:
        raise ValidationError("请填写领域名称", fields={"name": ["请填写领域名称"]})
    clash = Domain.objects.filter(code=code)
    if domain is not None:
        clash = clash.exclude(pk=domain.pk)
    if clash.exists():
        raise ValidationError(f"领域代码{code}已存在", fields={"code": [f"领域代码{code}已存在"]})
    with transaction.atomic():
        action = "orgs.domain.create" if domain is None else "orgs.domain.update"
        row = domain or Domain()
        row.code, row.name, row.sort_order = code, name, sort_order
        row.save()
        audit_append(actor=actor, action=action, subject=row, payload={"code": code, "name": name})
    return row
