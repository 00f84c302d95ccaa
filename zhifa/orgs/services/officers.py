"""Writes on officers (执法人员) and their enforcement certificates (执法证).

`region_code` is derived here from the officer's organisation.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction

from zhifa.core.audit import Actor, audit_append
from zhifa.core.errors import ValidationError

from ..choices import CertificateStatus
from ..models import Domain, Officer, Organisation, User

OFFICER_FIELDS = (
    "name",
    "organisation",
    "certificate_no",
    "certificate_valid_from",
    "certificate_valid_to",
    "certificate_status",
    "has_legal_qualification",
    "user",
    "is_active",
    "domains",
)

CERTIFICATE_NO_RE = re.compile(r"^[0-9A-Za-z\-]{4,32}$")


def _invalid(field: str, message: str) -> ValidationError:
    return ValidationError(message, fields={field: [message]})


def _clean(data: dict[str, Any], *, instance: Officer | None) -> dict[str, Any]:
    name = (data.get("name") or "").strip()
    if not name:
        raise _invalid("name", "请填写姓名")
    if len(name) > 64:
        raise _invalid("name", "姓名不能超过64个字符")
    data["name"] = name
    organisation = data.get("organisation")
    if not isinstance(organisation, Organisation):
        raise _invalid("organisation", "请选择所属单位")
    if not organisation.is_active:
        raise _invalid("organisation", "所属单位已停用")
    number = (data.get("certificate_no") or "").strip()
    if not CERTIFICATE_NO_RE.match(number):
        raise _invalid("certificate_no", "执法证号应为4至32位数字或字母")
    duplicate = Officer.objects.filter(certificate_no=number)
    if instance is not None:
        duplicate = duplicate.exclude(pk=instance.pk)
    if duplicate.exists():
        raise _invalid("certificate_no", f"执法证号{number}已存在")
    data["certificate_no"] = number
    valid_from, valid_to = data.get("certificate_valid_from"), data.get("certificate_valid_to")
    if not isinstance(valid_from, dt.date):
        raise _invalid("certificate_valid_from", "请填写证件有效期起")
    if not isinstance(valid_to, dt.date):
        raise _invalid("certificate_valid_to", "请填写证件有效期止")
    if valid_from > valid_to:
        raise _invalid("certificate_valid_to", "证件有效期止不能早于有效期起")
    if data.get("certificate_status") not in CertificateStatus.values:
        raise _invalid("certificate_status", "证件状态无效")
    user = data.get("user")
    if user is not None:
        linked = Officer.objects.filter(user=user)
        if instance is not None:
            linked = linked.exclude(pk=instance.pk)
        if linked.exists():
            raise _invalid("user", "该用户已关联其他执法人员")
    data["has_legal_qualification"] = bool(data.get("has_legal_qualification"))
    data["is_active"] = bool(data.get("is_active", True))
    return data


def officer_validate(data: Mapping[str, Any], *, instance: Officer | None) -> dict[str, Any]:
    """The checks of create/update without writing (used by the admin form to show errors inline)."""
    return _clean({"certificate_status": CertificateStatus.VALID, **data}, instance=instance)


def _snapshot(officer: Officer) -> dict[str, Any]:
    return {
        "name": officer.name,
        "organisation": officer.organisation_id,
        "certificate_no": officer.certificate_no,
        "certificate_valid_from": officer.certificate_valid_from.isoformat(),
        "certificate_valid_to": officer.certificate_valid_to.isoformat(),
        "certificate_status": officer.certificate_status,
        "has_legal_qualification": officer.has_legal_qualification,
        "user": officer.user_id,
        "is_active": officer.is_active,
    }


def officer_create(
    *,
    actor: Actor,
    organisation: Organisation,
    name: str,
    certificate_no: str,
    certificate_valid_from: dt.date,
    certificate_valid_to: dt.date,
    certificate_status: str = CertificateStatus.VALID,
    has_legal_qualification: bool = False,
    user: User | None = None,
    domains: Iterable[Domain] = (),
) -> Officer:
    data = _clean(
        {
            "organisation": organisation,
            "name": name,
            "certificate_no": certificate_no,
            "certificate_valid_from": certificate_valid_from,
            "certificate_valid_to": certificate_valid_to,
            "certificate_status": certificate_status,
            "has_legal_qualification": has_legal_qualification,
            "user": user,
            "is_active": True,
        },
        instance=None,
    )
    with transaction.atomic():
        officer = Officer.objects.create(**data, region_code=organisation.region_code)
        officer.domains.set(list(domains))
        audit_append(actor=actor, action="orgs.officer.create", subject=officer, payload=_snapshot(officer))
    return officer


def officer_update(*, actor: Actor, officer: Officer, changes: Mapping[str, Any]) -> Officer:
    unknown = set(changes) - set(OFFICER_FIELDS)
    if unknown:
        raise ValidationError(f"不能修改字段：{'、'.join(sorted(unknown))}")
    with transaction.atomic():
        row = (
            Officer.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=officer.pk)
        )
        before = _snapshot(row)
        data = {field: getattr(row, field) for field in OFFICER_FIELDS if field != "domains"}
        data.update({k: v for k, v in changes.items() if k != "domains"})
        data = _clean(data, instance=row)
        for field, value in data.items():
            setattr(row, field, value)
        row.region_code = row.organisation.region_code
        row.save()
        if "domains" in changes:
            row.domains.set(list(changes["domains"]))
        after = _snapshot(row)
        audit_append(
            actor=actor,
            action="orgs.officer.update",
            subject=row,
            payload={
                "before": {k: v for k, v in before.items() if after[k] != v},
                "after": {k: v for k, v in after.items() if before[k] != v},
            },
        )
    officer.refresh_from_db()
    return row


def officer_certificate_status_set(
    *, actor: Actor, officer: Officer, status: str, reason: str = ""
) -> Officer:
    """暂扣 / 注销 / 过期 / 恢复有效 of an enforcement certificate, with the reason audited."""
    if status not in CertificateStatus.values:
        raise _invalid("certificate_status", "证件状态无效")
    if status != CertificateStatus.VALID and not reason.strip():
        raise _invalid("reason", "请填写证件状态变更原因")
    with transaction.atomic():
        row = Officer.objects.select_for_update().get(pk=officer.pk)
        previous = row.certificate_status
        if previous == status:
            raise _invalid("certificate_status", "证件状态未改变")
        row.certificate_status = status
        row.save(update_fields=["certificate_status", "updated_at"])
        audit_append(
            actor=actor,
            action="orgs.officer.certificate_status",
            subject=row,
            payload={"from": previous, "to": status, "reason": reason.strip()[:200]},
        )
    officer.certificate_status = status
    return row
