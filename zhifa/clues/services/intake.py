"""线索登记, 甄别 and 受理审批 (spec/02 §1.1.1.2)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhifa.core.audit import Actor, audit_append
from zhifa.core.crypto_fields import blind_index, encrypt_identity
from zhifa.core.errors import ValidationError
from zhifa.core.identifiers import mask_id_number
from zhifa.documents.services.numbering import allocate_seq, format_number
from zhifa.orgs.models import Domain, Organisation
from zhifa.orgs.scopes import organisation_ancestor_ids
from zhifa.parties.models import Party

from ..choices import ClueChannel, CluePriority, ClueState, ReplyChannel
from ..models import REPORTER_ID_CONTEXT, Clue, ClueReporter, ScreeningRule
from ..rules import ScreeningInput, rule_matches
from .common import lock, require_state

CLUE_NUMBER_KIND = "线"  # 线索编号 share the 文号 sequences (gap-free per unit and year)
ACCEPTANCE_APPROVAL = "clues.acceptance"


@dataclass(frozen=True)
class ReporterInput:
    name: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    id_number: str = ""
    wants_reply: bool = True
    channel: str = ReplyChannel.SMS
    anonymous: bool = False


@dataclass(frozen=True)
class Suggestion:
    rule_id: int
    rule_name: str
    unit_id: int | None
    unit_name: str
    domain: str
    priority: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def clue_screen(clue: Clue) -> Suggestion | None:
    """甄别: the first active rule (of the unit, then its superiors; by sort order) whose conditions
    the clue meets, as a suggestion of unit, domain and priority — nothing is changed."""
    chain = organisation_ancestor_ids(clue.organisation_id, include_self=True)
    rank = {org_id: i for i, org_id in enumerate(chain)}
    rules = sorted(
        ScreeningRule.objects.filter(organisation_id__in=chain, is_active=True).select_related(
            "suggest_unit"
        ),
        key=lambda r: (rank[r.organisation_id], r.sort_order, r.pk),
    )
    data = ScreeningInput(
        channel=clue.channel,
        domain=clue.domain,
        text=f"{clue.violation} {clue.content} {clue.place} {clue.party_name}",
        region_code=clue.place_region_code or clue.region_code,
    )
    for rule in rules:
        if rule_matches(
            channels=list(rule.channels or []),
            domains=list(rule.domains or []),
            keywords=list(rule.keywords or []),
            region_prefix=rule.region_prefix,
            clue=data,
        ):
            return Suggestion(
                rule_id=rule.pk,
                rule_name=rule.name,
                unit_id=rule.suggest_unit_id,
                unit_name=rule.suggest_unit.name if rule.suggest_unit else "",
                domain=rule.suggest_domain,
                priority=rule.suggest_priority,
            )
    return None


def _check(
    channel: str, violation: str, domain: str, priority: str, lat: Decimal | None, lng: Decimal | None
) -> None:
    problems: dict[str, list[str]] = {}
    if channel not in ClueChannel.values:
        problems["channel"] = ["请选择来源渠道"]
    if not violation.strip():
        problems["violation"] = ["请填写涉嫌违法行为"]
    if domain and not Domain.objects.filter(code=domain).exists():
        problems["domain"] = ["执法领域不存在"]
    if priority not in CluePriority.values:
        problems["priority"] = ["紧急程度无效"]
    if (lat is None) != (lng is None):
        problems["lat"] = ["经纬度须同时填写"]
    if lat is not None and lng is not None and not (-90 <= lat <= 90 and -180 <= lng <= 180):
        problems["lat"] = ["经纬度超出范围"]
    if problems:
        raise ValidationError(
            "线索登记信息有误：" + "；".join(m[0] for m in problems.values()), fields=problems
        )


def _add_reporter(clue: Clue, data: ReporterInput) -> ClueReporter:
    if data.channel not in ReplyChannel.values:
        raise ValidationError("答复方式无效")
    if data.wants_reply and data.channel == ReplyChannel.EMAIL and not data.email:
        raise ValidationError("选择电子邮件答复时须填写电子邮箱")
    if data.wants_reply and data.channel == ReplyChannel.SMS and not data.phone:
        raise ValidationError("选择短信答复时须填写联系电话")
    if data.wants_reply and data.channel == ReplyChannel.LETTER and not data.address:
        raise ValidationError("选择书面答复时须填写通讯地址")
    reporter = ClueReporter(
        clue=clue,
        anonymous=data.anonymous,
        name=data.name.strip(),
        phone=data.phone.strip(),
        email=data.email.strip(),
        address=data.address.strip(),
        wants_reply=data.wants_reply,
        channel=data.channel if data.wants_reply else ReplyChannel.NONE,
    )
    if data.id_number.strip():
        reporter.id_number_cipher = encrypt_identity(data.id_number, context=REPORTER_ID_CONTEXT)
        reporter.id_number_index = blind_index(data.id_number, context=REPORTER_ID_CONTEXT)
        reporter.id_number_masked = mask_id_number(data.id_number.strip())
    reporter.save(force_insert=True)
    return reporter


def clue_register(
    *,
    actor: Actor,
    organisation: Organisation,
    channel: str,
    violation: str,
    received_at: datetime | None = None,
    content: str = "",
    party: Party | None = None,
    party_name: str = "",
    place: str = "",
    place_region_code: str = "",
    lat: Decimal | None = None,
    lng: Decimal | None = None,
    domain: str = "",
    priority: str = CluePriority.NORMAL,
    occurred_on: Any = None,
    reporters: list[ReporterInput] | None = None,
) -> Clue:
    """线索登记: number the clue (gap-free per unit and year, 字 "线"), keep its reporters apart,
    and record the screening suggestion (甄别) for the user to take or leave."""
    _check(channel, violation, domain, priority, lat, lng)
    received_at = received_at or timezone.now()
    if received_at > timezone.now():
        raise ValidationError("接收时间不能晚于当前时间")
    year = timezone.localtime(received_at).year
    with transaction.atomic():
        seq = allocate_seq(organisation=organisation, number_kind=CLUE_NUMBER_KIND, year=year)
        clue = Clue.objects.create(
            number=format_number(organisation, CLUE_NUMBER_KIND, year, seq),
            channel=channel,
            received_at=received_at,
            organisation=organisation,
            region_code=organisation.region_code,
            party=party,
            party_name=(party.name if party else party_name).strip(),
            place=place.strip(),
            place_region_code=place_region_code.strip(),
            lat=lat,
            lng=lng,
            domain=domain,
            violation=violation.strip(),
            content=content,
            occurred_on=occurred_on,
            priority=priority,
            created_by_id=actor.id,
        )
        for data in reporters or []:
            _add_reporter(clue, data)
        suggestion = clue_screen(clue)
        if suggestion is not None:
            clue.suggestion = suggestion.as_dict()
            clue.save(update_fields=["suggestion"])
        audit_append(
            actor=actor,
            action="clues.clue.register",
            subject=clue,
            payload={
                "number": clue.number,
                "channel": channel,
                "reporters": len(reporters or []),
                "suggestion": clue.suggestion,
            },
        )
    return clue


def clue_apply_suggestion(*, actor: Actor, clue: Clue) -> Clue:
    """Take the screening suggestion's domain and priority (the unit is offered on assignment)."""
    with transaction.atomic():
        clue = lock(clue)
        if not clue.suggestion:
            raise ValidationError("该线索没有甄别建议")
        changed = {}
        if clue.suggestion.get("domain"):
            changed["domain"] = clue.suggestion["domain"]
        if clue.suggestion.get("priority"):
            changed["priority"] = clue.suggestion["priority"]
        for field, value in changed.items():
            setattr(clue, field, value)
        clue.save(update_fields=[*changed, "updated_at"])
        audit_append(actor=actor, action="clues.clue.apply_suggestion", subject=clue, payload=changed)
    return clue


def clue_submit(*, actor: Actor, clue: Clue) -> Any:
    """提交受理审批 to the 案源负责人 (approval type clues.acceptance)."""
    from zhifa.worklist.services import approval_start

    with transaction.atomic():
        clue = lock(clue)
        require_state(clue, [ClueState.REGISTERED], "提交受理审批")
        run = approval_start(
            actor=actor,
            subject=clue,
            organisation=clue.organisation,
            approval_type=ACCEPTANCE_APPROVAL,
            summary={
                "number": clue.number,
                "channel": clue.get_channel_display(),
                "violation": clue.violation,
                "party": clue.party_name,
            },
        )
        audit_append(actor=actor, action="clues.clue.submit", subject=clue, payload={"run": run.pk})
    return run


def clue_accept(*, actor: Actor, clue: Clue) -> Clue:
    """受理 (called when the acceptance approval is approved)."""
    with transaction.atomic():
        clue = lock(clue)
        require_state(clue, [ClueState.REGISTERED], "受理")
        clue.state = ClueState.ACCEPTED
        clue.accepted_at = timezone.now()
        clue.save(update_fields=["state", "accepted_at", "updated_at"])
        audit_append(actor=actor, action="clues.clue.accept", subject=clue, payload={"number": clue.number})
    return clue


def clue_reject(*, actor: Actor, clue: Clue, reason: str) -> Clue:
    """不予受理, with the reason (called when the acceptance approval is refused)."""
    if not reason.strip():
        raise ValidationError("不予受理须填写理由", fields={"reason": ["请填写不予受理的理由"]})
    with transaction.atomic():
        clue = lock(clue)
        require_state(clue, [ClueState.REGISTERED], "不予受理")
        clue.state = ClueState.REJECTED
        clue.reject_reason = reason.strip()
        clue.handled_at = timezone.now()
        clue.save(update_fields=["state", "reject_reason", "handled_at", "updated_at"])
        audit_append(
            actor=actor, action="clues.clue.reject", subject=clue, payload={"reason": clue.reject_reason}
        )
    return clue


def acceptance_finished(*, run: Any, actor: Actor) -> None:
    """Hook of the approval type: approved → 受理; refused → 不予受理 with the approver's reason."""
    clue = Clue.objects.get(pk=run.subject_id)
    if run.status == "approved":
        clue_accept(actor=actor, clue=clue)
    elif run.status == "rejected":
        last = run.decisions.order_by("-step_index").first()
        clue_reject(actor=actor, clue=clue, reason=(last.comment if last else "") or "审批不同意")
