"""送达 input of a case action (告知书, 听证通知书, 决定书): method, date, recipient and the details each
method needs. The effective date — the one that starts the party's clocks — comes from the
documents app's rule (民诉法第87–95条; SAMR程序规定第82条: 公告 effective 30 days later, 邮寄 on the
receipt's date)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.utils import timezone

from zhifa.core.errors import ValidationError
from zhifa.documents.models import ServiceMethod
from zhifa.documents.rules import service_effective_on

from ..parsing import parse_date

DETAIL_FIELDS = {
    "witnesses": "witnesses",
    "receipt_no": "receipt_no",
    "service_place": "place",
    "signer": "signer",
}


@dataclass(frozen=True)
class ServiceInput:
    method: str
    served_on: date
    effective_on: date
    recipient: str
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def served_at(self) -> datetime:
        """The documents app records a moment; an officer enters the day: noon, Beijing time."""
        return timezone.make_aware(datetime.combine(self.served_on, time(12, 0)))


def service_input(data: dict[str, Any], *, date_key: str, label: str, recipient: str) -> ServiceInput:
    method = str(data.get("service_method") or ServiceMethod.DIRECT)
    if method not in ServiceMethod.values:
        raise ValidationError("送达方式无效")
    if method == ServiceMethod.ELECTRONIC:
        raise ValidationError("电子送达须当事人签署同意书，请在文书页面办理电子送达")
    served_on = parse_date(data[date_key], label)
    details: dict[str, Any] = {
        target: str(data[key]).strip() for key, target in DETAIL_FIELDS.items() if data.get(key)
    }
    if data.get("service_note"):
        details["note"] = str(data["service_note"]).strip()
    receipt = None
    if method == ServiceMethod.POST:
        if not data.get("receipt_date"):
            raise ValidationError("邮寄送达须填写回执上注明的收件日期")
        receipt = parse_date(data["receipt_date"], "回执收件日期")
        details["receipt_date"] = receipt
    if method == ServiceMethod.LEFT and not (details.get("witnesses") or details.get("note")):
        raise ValidationError("留置送达须有见证人，或注明拍照、录像等记录情况")
    return ServiceInput(
        method=method,
        served_on=served_on,
        effective_on=service_effective_on(method, served_on=served_on, receipt_date=receipt),
        recipient=str(data.get("recipient") or recipient).strip(),
        details=details,
    )
