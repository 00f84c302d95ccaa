"""Writes on organisations (执法机关 / 执法主体 / 受委托组织 / 监督机关).

`region_code` is derived here from the region (and copied onto the unit's officers when the
region changes); models hold no logic.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction

from zhifa.core.audit import Actor, audit_append
from zhifa.core.errors import Conflict, ValidationError
from zhifa.core.identifiers import validate_uscc

from ..choices import OrganisationKind, OrganisationLevel
from ..models import Domain, Officer, Organisation, Region

ORGANISATION_FIELDS = (
    "name",
    "short_name",
    "kind",
    "level",
    "uscc",
    "region",
    "parent",
    "supervised_by",
    "entrusted_by",
    "address",
    "phone",
    "domains",
)


def _invalid(field: str, message: str) -> ValidationError:
    return ValidationError(message, fields={field: [message]})


def uscc_check(value: str) -> str:
    """Normalise and validate a 统一社会信用代码 (GB 32100-2015); '' is allowed (not every unit has one)."""
    value = (value or "").strip().upper()
    if not value:
        return ""
    try:
        return validate_uscc(value)
    except ValidationError as exc:
        raise _invalid("uscc", exc.message) from exc


def _clean(data: dict[str, Any], *, instance: Organisation | None) -> dict[str, Any]:
    name = (data.get("name") or "").strip()
    if not name:
        raise _invalid("name", "请填写单位名称")
    if len(name) > 200:
        raise _invalid("name", "单位名称不能超过200个字符")
    data["name"] = name
    data["short_name"] = (data.get("short_name") or "").strip()[:64]
    if data.get("kind") not in OrganisationKind.values:
        raise _invalid("kind", "请选择单位类型")
    if data.get("level") not in OrganisationLevel.values:
        raise _invalid("level", "请选择单位层级")
    data["address"] = (data.get("address") or "").strip()
    if len(data["address"]) > 255:
        raise _invalid("address", "地址不能超过255个字符")
    data["phone"] = (data.get("phone") or "").strip()
    if len(data["phone"]) > 32:
        raise _invalid("phone", "电话不能超过32个字符")
    region = data.get("region")
    if not isinstance(region, Region):
        raise _invalid("region", "请选择所在区划")
    data["uscc"] = uscc_check(data.get("uscc") or "")
    duplicate = Organisation.objects.filter(name=name)
    if instance is not None:
        duplicate = duplicate.exclude(pk=instance.pk)
    if duplicate.exists():
        raise _invalid("name", f"单位名称“{name}”已存在")
    if data["uscc"]:
        dup_uscc = Organisation.objects.filter(uscc=data["uscc"])
        if instance is not None:
            dup_uscc = dup_uscc.exclude(pk=instance.pk)
        if dup_uscc.exists():
            raise _invalid("uscc", "该统一社会信用代码已被其他单位使用")
    parent = data.get("parent")
    if parent is not None:
        if not parent.is_active:
            raise _invalid("parent", "上级单位已停用")
        if instance is not None and (
            parent.pk == instance.pk
            or Organisation.objects.descendants(instance, include_self=True).filter(pk=parent.pk).exists()
        ):
            raise _invalid("parent", "上级单位不能是本单位或其下级单位")
    supervised_by = data.get("supervised_by")
    if supervised_by is not None and supervised_by.kind != OrganisationKind.SUPERVISORY_BODY:
        raise _invalid("supervised_by", "监督机关必须是“监督机关”类型的单位")
    entrusted_by = data.get("entrusted_by")
    if data["kind"] == OrganisationKind.ENTRUSTED_ORG:
        # 处罚法 Art. 20: an entrusted organisation acts in the name of the entrusting agency.
        if entrusted_by is None:
            raise _invalid("entrusted_by", "受委托组织必须填写委托机关")
        if entrusted_by.kind not in (
            OrganisationKind.ENFORCEMENT_AGENCY,
            OrganisationKind.ENFORCEMENT_SUBJECT,
        ):
            raise _invalid("entrusted_by", "委托机关必须是执法机关或执法主体")
    elif entrusted_by is not None:
        raise _invalid("entrusted_by", "只有受委托组织才填写委托机关")
    if instance is not None and entrusted_by is not None and entrusted_by.pk == instance.pk:
        raise _invalid("entrusted_by", "委托机关不能是本单位")
    return data


def organisation_validate(data: Mapping[str, Any], *, instance: Organisation | None) -> dict[str, Any]:
    """The checks of create/update without writing (used by the admin form to show errors inline)."""
    return _clean(dict(data), instance=instance)


def _snapshot(org: Organisation) -> dict[str, Any]:
    return {
        "name": org.name,
        "kind": org.kind,
        "level": org.level,
        "region_code": org.region_code,
        "parent": org.parent_id,
        "uscc": org.uscc,
        "is_active": org.is_active,
    }


def organisation_create(
    *,
    actor: Actor,
    name: str,
    kind: str,
    level: str,
    region: Region,
    parent: Organisation | None = None,
    short_name: str = "",
    uscc: str = "",
    supervised_by: Organisation | None = None,
    entrusted_by: Organisation | None = None,
    address: str = "",
    phone: str = "",
    domains: Iterable[Domain] = (),
) -> Organisation:
    data = _clean(
        {
            "name": name,
            "short_name": short_name,
            "kind": kind,
            "level": level,
            "uscc": uscc,
            "region": region,
            "parent": parent,
            "supervised_by": supervised_by,
            "entrusted_by": entrusted_by,
            "address": address,
            "phone": phone,
        },
        instance=None,
    )
    with transaction.atomic():
        org = Organisation(**data, region_code=region.code)
        org.save()
        org.domains.set(list(domains))
        audit_append(
            actor=actor,
            action="orgs.organisation.create",
            subject=org,
            payload={**_snapshot(org), "domains": sorted(d.code for d in org.domains.all())},
        )
    return org


def organisation_update(
    *, actor: Actor, organisation: Organisation, changes: Mapping[str, Any]
) -> Organisation:
    """Apply `changes` (any of ORGANISATION_FIELDS); a region change is copied onto the unit's officers."""
    unknown = set(changes) - set(ORGANISATION_FIELDS)
    if unknown:
        raise ValidationError(f"不能修改字段：{'、'.join(sorted(unknown))}")
    with transaction.atomic():
        org = Organisation.objects.select_for_update().get(pk=organisation.pk)
        before = _snapshot(org)
        data = {field: getattr(org, field) for field in ORGANISATION_FIELDS if field != "domains"}
        data.update({k: v for k, v in changes.items() if k != "domains"})
        data = _clean(data, instance=org)
        for field, value in data.items():
            setattr(org, field, value)
        org.region_code = org.region.code
        org.save()
        if "domains" in changes:
            org.domains.set(list(changes["domains"]))
        if before["region_code"] != org.region_code:
            Officer.objects.filter(organisation=org).update(region_code=org.region_code)
        after = _snapshot(org)
        audit_append(
            actor=actor,
            action="orgs.organisation.update",
            subject=org,
            payload={
                "before": {k: v for k, v in before.items() if after[k] != v},
                "after": {k: v for k, v in after.items() if before[k] != v},
                **({"domains": sorted(d.code for d in org.domains.all())} if "domains" in changes else {}),
            },
        )
    organisation.refresh_from_db()
    return org


def organisation_deactivate(*, actor: Actor, organisation: Organisation, reason: str = "") -> Organisation:
    """停用: refused while active subordinate units remain (they must be moved or stopped first)."""
    with transaction.atomic():
        org = Organisation.objects.select_for_update().get(pk=organisation.pk)
        if not org.is_active:
            raise Conflict("该单位已停用")
        if Organisation.objects.filter(parent=org, is_active=True).exists():
            raise ValidationError("该单位仍有启用的下级单位，请先停用或调整下级单位")
        org.is_active = False
        org.save(update_fields=["is_active", "updated_at"])
        audit_append(
            actor=actor, action="orgs.organisation.deactivate", subject=org, payload={"reason": reason[:200]}
        )
    organisation.is_active = False
    return org
