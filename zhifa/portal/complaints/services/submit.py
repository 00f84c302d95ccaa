"""complaint_submit: a public complaint (web form or Open311 client) becomes a clue through the clues
services — never by writing clue rows — with its reporter kept in the clues' restricted reporter
record, its photos stored privately, and a tracking code whose digest alone is kept."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.mail import EmailMessage
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils import timezone

from zhifa.clues.choices import ReplyChannel
from zhifa.clues.services import ReporterInput, clue_register
from zhifa.core.audit import Actor, audit_append
from zhifa.core.errors import ValidationError

from ..choices import ComplaintSource
from ..digests import secret_digest
from ..geo import district_at
from ..models import Complaint, ComplaintPhoto, ComplaintService, Open311Client
from ..photos import CheckedPhoto, delete_quietly, store_photo
from ..rules import (
    TRACKING_CONTEXT,
    attribute_lines,
    clean_attribute_answers,
    format_tracking_code,
    new_open311_token,
    new_tracking_code,
)

logger = logging.getLogger("zhifa.complaints")

MAX_DESCRIPTION = 4000  # GeoReport v2: description is free text limited to 4,000 characters
PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}|\d{5,8})$")
CODE_MAIL_SUBJECT = "投诉举报跟踪码"


@dataclass(frozen=True)
class ContactInput:
    """Who to answer. Anonymous: nothing about the person is kept, the answer is read online with
    the tracking code (网上查询)."""

    name: str = ""
    phone: str = ""
    email: str = ""
    anonymous: bool = False
    reply_channel: str = ReplyChannel.PORTAL


@dataclass(frozen=True)
class Submitted:
    complaint: Complaint
    tracking_code: str  # shown once to the reporter (and e-mailed when asked); only its digest is stored

    @property
    def display_code(self) -> str:
        return format_tracking_code(self.tracking_code)


@dataclass
class _Problems:
    fields: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        self.fields.setdefault(name, []).append(message)

    def raise_if_any(self) -> None:
        if self.fields:
            first = "；".join(m[0] for m in self.fields.values())
            raise ValidationError(f"提交的信息有误：{first}", fields=self.fields)


def _reporter(contact: ContactInput, problems: _Problems) -> ReporterInput:
    if contact.anonymous:
        return ReporterInput(anonymous=True, wants_reply=True, channel=ReplyChannel.PORTAL)
    name, phone, email = contact.name.strip()[:64], contact.phone.strip(), contact.email.strip()
    phone = re.sub(r"[\s()（）]", "", phone)
    phone = re.sub(r"^\+?86(?=1\d{10}$)", "", phone)  # +86 138… as hotlines and apps often send it
    if phone and not PHONE.match(phone):
        problems.add("phone", "联系电话格式不正确")
    if email:
        try:
            EmailValidator()(email)
        except DjangoValidationError:
            problems.add("email", "电子邮箱格式不正确")
    channel = contact.reply_channel or ReplyChannel.PORTAL
    if channel not in (ReplyChannel.PORTAL, ReplyChannel.SMS, ReplyChannel.EMAIL):
        problems.add("reply_channel", "答复方式无效")
    elif channel == ReplyChannel.SMS and not phone:
        problems.add("phone", "选择短信答复须填写联系电话")
    elif channel == ReplyChannel.EMAIL and not email:
        problems.add("email", "选择电子邮件答复须填写电子邮箱")
    return ReporterInput(
        name=name,
        phone=phone,
        email=email,
        anonymous=not (name or phone or email),
        wants_reply=True,
        channel=channel,
    )


def _location(
    lat: Decimal | None, lng: Decimal | None, address: str, address_id: str, problems: _Problems
) -> tuple[str, str]:
    """(place, place_region_code). A point must lie inside the jurisdiction's districts."""
    if (lat is None) != (lng is None):
        problems.add("lat", "经纬度须同时提供")
        return address, ""
    if lat is None or lng is None:
        if not address and not address_id:
            problems.add("address", "请在地图上选择位置或填写地址")
        return address, ""
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        problems.add("lat", "经纬度超出范围")
        return address, ""
    district = district_at(float(lat), float(lng))
    if district is None:
        problems.add("lat", "所选位置不在本平台受理范围内")
        return address, ""
    return address or f"{district.name}（地图选点）", district.region_code


def _content(description: str, lines: list[str], photos: int, media_url: str) -> str:
    parts = [description.strip()]
    if lines:
        parts.append("附加信息：\n" + "\n".join(lines))
    if photos:
        parts.append(f"（附现场照片{photos}张）")
    if media_url:
        parts.append("（提交方提供了媒体链接）")
    return "\n".join(p for p in parts if p)


@dataclass(frozen=True)
class _Checked:
    description: str
    place: str
    place_region_code: str
    reporter: ReporterInput
    attributes: dict[str, Any]


def complaint_check(
    *,
    service: ComplaintService | None,
    source: str,
    description: str,
    lat: Decimal | None = None,
    lng: Decimal | None = None,
    address: str = "",
    address_id: str = "",
    contact: ContactInput | None = None,
    attributes: dict[str, list[str]] | None = None,
    media_url: str = "",
) -> _Checked:
    """Every problem of a submission at once (ValidationError with `fields`), nothing written.
    `service` None: checks all but the service's own (the form reports the missing category)."""
    problems = _Problems()
    if service is not None and not service.is_active:
        problems.add("service_code", "该投诉类别已停用")
    description = (description or "").strip()
    if source == ComplaintSource.WEB and len(description) < 5:
        problems.add("description", "请描述您反映的问题（至少5个字）")
    if len(description) > MAX_DESCRIPTION:
        problems.add("description", f"问题描述不能超过{MAX_DESCRIPTION}字")
    address = (address or "").strip()[:255]
    place, place_region_code = _location(lat, lng, address, (address_id or "").strip(), problems)
    reporter = _reporter(contact or ContactInput(anonymous=True), problems)
    definitions = list(service.attributes or []) if service is not None else []
    clean, attribute_problems = clean_attribute_answers(definitions, attributes or {})
    for message in attribute_problems:
        problems.add("attributes", message)
    if media_url:
        try:
            URLValidator(schemes=["http", "https"])(media_url)
        except DjangoValidationError:
            problems.add("media_url", "media_url 须为 http(s) 链接")
    problems.raise_if_any()
    return _Checked(description, place, place_region_code, reporter, clean)


def complaint_submit(
    *,
    actor: Actor,
    service: ComplaintService,
    source: str,
    description: str,
    client: Open311Client | None = None,
    lat: Decimal | None = None,
    lng: Decimal | None = None,
    address: str = "",
    address_id: str = "",
    zipcode: str = "",
    party_name: str = "",
    contact: ContactInput | None = None,
    photos: Sequence[CheckedPhoto] = (),
    attributes: dict[str, list[str]] | None = None,
    media_url: str = "",
    device_id: str = "",
    account_id: str = "",
    consent_version: str = "",
    mail_code_to: str = "",
    track_url: str = "",
) -> Submitted:
    """Register the complaint as a clue of the service's receiving unit (channel: the service's for
    the web form, the client's — 12345热线 by default — for Open311), keep the Complaint with the
    tracking code's digest and the photos, and audit it; all in one transaction. When
    `mail_code_to` is the reporter's e-mail, the tracking code is mailed after commit."""
    if source not in ComplaintSource.values:
        raise ValidationError("投诉渠道无效")
    if source == ComplaintSource.OPEN311 and client is None:
        raise ValidationError("Open311 投诉须有客户端")
    checked = complaint_check(
        service=service,
        source=source,
        description=description,
        lat=lat,
        lng=lng,
        address=address,
        address_id=address_id,
        contact=contact,
        attributes=attributes,
        media_url=media_url,
    )
    reporter, clean, place = checked.reporter, checked.attributes, checked.place
    code = new_tracking_code()
    stored: list[str] = []
    try:
        with transaction.atomic():
            clue = clue_register(
                actor=actor,
                organisation=service.receiving_unit,
                channel=client.clue_channel if client is not None else service.clue_channel,
                violation=service.clue_violation,
                content=_content(
                    checked.description,
                    attribute_lines(service.attributes or [], clean),
                    len(photos),
                    media_url,
                ),
                party_name=party_name.strip()[:200],
                place=place or f"地址编号 {address_id}",
                place_region_code=checked.place_region_code,
                lat=lat,
                lng=lng,
                domain=service.domain,
                reporters=[reporter],
            )
            complaint = Complaint.objects.create(
                clue=clue,
                reporter=clue.reporters.get(),
                service=service,
                source=source,
                client=client,
                organisation=service.receiving_unit,
                region_code=clue.region_code,
                tracking_index=secret_digest(code, context=TRACKING_CONTEXT),
                token=new_open311_token(),
                address_id=(address_id or "").strip()[:64],
                zipcode=(zipcode or "").strip()[:16],
                media_url=media_url[:500],
                device_id=(device_id or "").strip()[:100],
                account_id=(account_id or "").strip()[:100],
                attributes=clean,
                consent_version=consent_version,
            )
            now = timezone.now()
            for photo in photos:
                stored.append(store_photo(photo))
                ComplaintPhoto.objects.create(
                    complaint=complaint,
                    name=stored[-1],
                    original_name=photo.original_name,
                    content_type=photo.content_type,
                    size=len(photo.data),
                    width=photo.width,
                    height=photo.height,
                    original_sm3=photo.original_sm3,
                    created_at=now,
                )
            if client is not None:
                client.last_used_at = now
                client.save(update_fields=["last_used_at"])
            audit_append(
                actor=actor,
                action="complaints.complaint.submit",
                subject=complaint,
                payload={
                    "clue": clue.pk,
                    "number": clue.number,
                    "service": service.code,
                    "source": source,
                    "client": client.pk if client else None,
                    "photos": len(photos),
                    "anonymous": reporter.anonymous,
                },
            )
            if mail_code_to and reporter.email and mail_code_to == reporter.email:
                transaction.on_commit(lambda: _mail_code(reporter.email, code, track_url))
    except BaseException:
        delete_quietly(stored)
        raise
    return Submitted(complaint, code)


def _mail_code(to: str, code: str, track_url: str) -> None:
    """Best effort: the code was shown on the page; a mail failure is logged, never raised."""
    body = (
        f"您的投诉举报已提交，跟踪码：{format_tracking_code(code)}\n"
        f"请凭跟踪码查询办理进度和答复{('：' + track_url) if track_url else ''}。\n"
        "跟踪码是查询的唯一凭证，请勿转告他人。"
    )
    try:
        EmailMessage(subject=CODE_MAIL_SUBJECT, body=body, to=[to]).send(fail_silently=False)
    except Exception:
        logger.warning("tracking code mail failed", exc_info=True)
