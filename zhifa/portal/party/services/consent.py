"""电子送达确认 (处罚法第六十一条第二款: 当事人同意并签订确认书的，行政机关可以采用传真、电子邮件等方式
送达) and 查阅 of served documents: both recorded with time and IP, both audited."""

from __future__ import annotations

import re

from django.db import transaction
from django.utils import timezone

from zhifa.core.audit import audit_append
from zhifa.core.errors import Conflict, ValidationError
from zhifa.documents.models import Document

from ..choices import ConsentChannel
from ..models import ElectronicServiceConsent, PartyAccess, PartyDocumentRead
from .access import party_actor

ADDRESS_RULES = {
    ConsentChannel.EMAIL: (re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$"), "电子邮箱地址格式不正确"),
    ConsentChannel.SMS: (re.compile(r"^1[3-9]\d{9}$"), "请填写11位手机号码"),
    ConsentChannel.FAX: (re.compile(r"^[0-9][0-9\-]{6,19}$"), "传真号码格式不正确"),
}


def consent_statement(case_number: str, channel_label: str, address: str) -> str:
    return (
        f"本人（本单位）同意{case_number}案件的行政执法文书采用{channel_label}方式送达至{address}，"
        "文书到达该地址之日为送达日期；地址变更或撤回同意的，将及时通过本平台告知（行政处罚法第六十一条第二款）。"
    )


def _active(access: PartyAccess) -> ElectronicServiceConsent | None:
    return (
        ElectronicServiceConsent.objects.select_for_update()
        .filter(access=access, withdrawn_at__isnull=True)
        .order_by("-given_at")
        .first()
    )


def party_consent_give(
    *, access: PartyAccess, channel: str, address: str, agreed: bool, ip: str = ""
) -> ElectronicServiceConsent:
    """Record the party's consent to electronic service at `address`; a consent already in force is
    replaced (withdrawn at the same moment), so one address at a time applies."""
    if channel not in ConsentChannel.values:
        raise ValidationError("请选择电子送达方式", fields={"channel": ["必填"]})
    address = re.sub(r"\s", "", address or "")
    pattern, message = ADDRESS_RULES[ConsentChannel(channel)]
    if not pattern.match(address):
        raise ValidationError(message, fields={"address": [message]})
    if not agreed:
        raise ValidationError("请阅读并勾选同意电子送达的确认内容", fields={"agreed": ["必填"]})
    actor = party_actor(access, ip)
    now = timezone.now()
    with transaction.atomic():
        previous = _active(access)
        if previous is not None:
            previous.withdrawn_at, previous.withdrawn_ip = now, ip[:45]
            previous.save(update_fields=["withdrawn_at", "withdrawn_ip"])
        consent = ElectronicServiceConsent.objects.create(
            access=access,
            case_id=access.case_id,
            organisation_id=access.organisation_id,
            region_code=access.region_code,
            channel=channel,
            address=address[:200],
            statement=consent_statement(access.case.number, ConsentChannel(channel).label, address),
            given_at=now,
            ip=ip[:45],
        )
        audit_append(
            actor=actor,
            action="party_portal.consent.give",
            subject=consent,
            payload={
                "case": access.case_id,
                "channel": channel,
                "replaced": previous.pk if previous else None,
            },
        )
    return consent


def party_consent_withdraw(*, access: PartyAccess, ip: str = "") -> ElectronicServiceConsent:
    with transaction.atomic():
        consent = _active(access)
        if consent is None:
            raise Conflict("您目前没有生效的电子送达确认")
        consent.withdrawn_at, consent.withdrawn_ip = timezone.now(), ip[:45]
        consent.save(update_fields=["withdrawn_at", "withdrawn_ip"])
        audit_append(
            actor=party_actor(access, ip),
            action="party_portal.consent.withdraw",
            subject=consent,
            payload={"case": access.case_id},
        )
    return consent


def party_document_read(*, access: PartyAccess, document: Document, ip: str = "") -> PartyDocumentRead:
    """查阅: the first and the latest time the party opened the served document, and how often."""
    now = timezone.now()
    with transaction.atomic():
        read = PartyDocumentRead.objects.select_for_update().filter(access=access, document=document).first()
        if read is None:
            read = PartyDocumentRead.objects.create(
                access=access, document=document, first_read_at=now, last_read_at=now
            )
        else:
            read.last_read_at, read.read_count = now, read.read_count + 1
            read.save(update_fields=["last_read_at", "read_count"])
        audit_append(
            actor=party_actor(access, ip),
            action="party_portal.document.read",
            subject=document,
            payload={"case": access.case_id, "number": document.number, "count": read.read_count},
        )
    return read
