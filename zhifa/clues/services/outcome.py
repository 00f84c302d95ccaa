"""Outcomes of a clue: open a penalty case carrying its data (one action), close it, reply to
every reporter (对外答复), including the reporters of clues merged into it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhifa.core.audit import Actor, audit_append
from zhifa.core.errors import ValidationError
from zhifa.orgs.models import Officer
from zhifa.worklist.services import deadline_meet_rule, tasks_close_for_subject

from ..choices import CASE_SOURCE_FOR_CHANNEL, ClueChannel, ClueOutcome, ClueState, ReplyChannel, ReplyStatus
from ..models import Clue, ClueReply
from ..replies import adapter_for
from ..selectors import redact_reporters, reporters_reached
from .assign import DEADLINE_RULE_CODE
from .common import lock, require_state

HANDLEABLE = (ClueState.ACCEPTED, ClueState.ASSIGNED)


def _finish(actor: Actor, clue: Clue, outcome: str, note: str, today: date) -> None:
    clue.state = ClueState.HANDLED
    clue.outcome = outcome
    clue.outcome_note = note
    clue.handled_at = timezone.now()
    clue.save(
        update_fields=[
            "state",
            "outcome",
            "outcome_note",
            "handled_at",
            "case_id",
            "inspection_id",
            "updated_at",
        ]
    )
    deadline_meet_rule(actor=actor, subject=clue, rule_code=DEADLINE_RULE_CODE, on=today)
    tasks_close_for_subject(actor=actor, subject=clue)


def clue_open_case(
    *,
    actor: Actor,
    clue: Clue,
    officers: Sequence[Officer] | None = None,
    cause: str = "",
    act_on: date | None = None,
    today: date | None = None,
    **case_fields: Any,
) -> Any:
    """立案查处 in one action: registers a penalty case (zhifa.cases.services.case_register) with the
    clue's party, cause, dates, place and facts — never its reporters: their names, phones, e-mails,
    ID numbers and addresses are redacted from the text carried over, which reaches the party's
    documents (BEYOND.md §14) — and marks the clue handled."""
    from zhifa.cases.services.register import case_register

    today = today or timezone.localdate()
    with transaction.atomic():
        clue = lock(clue)
        require_state(clue, HANDLEABLE, "立案")
        if clue.party_id is None:
            raise ValidationError("请先为线索关联当事人，再立案")
        chosen: list[Officer] = list(officers or ([clue.handling_officer] if clue.handling_officer else []))
        if not chosen:
            raise ValidationError("请指定承办人员")
        discovered_on = timezone.localtime(clue.received_at).date()
        reporters = reporters_reached(clue)
        case = case_register(
            actor=actor,
            organisation=chosen[0].organisation,
            party=clue.party,  # type: ignore[arg-type]
            cause=redact_reporters((cause or clue.violation).strip(), reporters),
            act_on=act_on or clue.occurred_on or discovered_on,
            discovered_on=discovered_on,
            officers=chosen,
            source=CASE_SOURCE_FOR_CHANNEL.get(ClueChannel(clue.channel), "other"),
            facts=redact_reporters(clue.content, reporters),
            place=redact_reporters(clue.place, reporters),
            today=today,
            **case_fields,
        )
        clue.case_id = case.pk
        _finish(actor, clue, ClueOutcome.OPENED_CASE, f"已立案：{case.number}", today)
        audit_append(
            actor=actor,
            action="clues.clue.open_case",
            subject=clue,
            payload={"case": case.pk, "number": case.number},
        )
    return case


def clue_open_inspection(
    *, actor: Actor, clue: Clue, officers: Sequence[Officer] | None = None, today: date | None = None
) -> Any:
    """转入检查 in one action: an inspection of the clue's party in the clue's domain by the
    handling unit's officers (zhifa.inspections.services.inspection_create), linked both ways
    through the clue; the reporters stay with the clue."""
    from zhifa.inspections.services.plans import inspection_create
    from zhifa.orgs.models import Domain

    today = today or timezone.localdate()
    with transaction.atomic():
        clue = lock(clue)
        require_state(clue, HANDLEABLE, "转入检查")
        if clue.party_id is None:
            raise ValidationError("请先为线索关联当事人（检查对象），再转入检查")
        domain = Domain.objects.filter(code=clue.domain).first() if clue.domain else None
        if domain is None:
            raise ValidationError("请先确定线索的执法领域")
        chosen: list[Officer] = list(officers or [])
        if not chosen:
            raise ValidationError("请指定两名以上检查人员")
        inspection = inspection_create(
            actor=actor,
            organisation=chosen[0].organisation,
            party=clue.party,  # type: ignore[arg-type]
            domain=domain,
            officers=chosen,
            today=today,
        )
        clue.inspection_id = inspection.pk
        _finish(actor, clue, ClueOutcome.OPENED_INSPECTION, f"已转入检查（{inspection.pk}）", today)
        audit_append(
            actor=actor,
            action="clues.clue.open_inspection",
            subject=clue,
            payload={"inspection": inspection.pk},
        )
    return inspection


def clue_close(*, actor: Actor, clue: Clue, outcome: str, note: str, today: date | None = None) -> Clue:
    """办结 without a case: referred to another body, turned into an inspection, or closed after
    verification (不予立案) — with the reason."""
    if outcome not in (ClueOutcome.REFERRED, ClueOutcome.CLOSED, ClueOutcome.OPENED_INSPECTION):
        raise ValidationError("办理结果无效")
    if not note.strip():
        raise ValidationError("请填写办理说明")
    today = today or timezone.localdate()
    with transaction.atomic():
        clue = lock(clue)
        require_state(clue, HANDLEABLE, "办结")
        _finish(actor, clue, outcome, note.strip(), today)
        audit_append(actor=actor, action="clues.clue.close", subject=clue, payload={"outcome": outcome})
    return clue


REPLY_SUBJECT = "投诉举报处理情况答复"


def clue_reply(*, actor: Actor, clue: Clue, content: str) -> list[ClueReply]:
    """对外答复: one reply per reporter who asked for one — of this clue and of every clue merged
    into it — through the reporter's channel, delivered after commit."""
    if not content.strip():
        raise ValidationError("请填写答复内容", fields={"content": ["请填写答复内容"]})
    with transaction.atomic():
        clue = lock(clue)
        if clue.state == ClueState.MERGED:
            raise ValidationError("该线索已并案，请在并入的线索上答复")
        now = timezone.now()
        replies = [
            ClueReply.objects.create(
                clue=clue,
                reporter=reporter,
                channel=reporter.channel,
                content=content.strip(),
                status=ReplyStatus.QUEUED,
                created_at=now,
                created_by_id=actor.id,
            )
            for reporter in reporters_reached(clue)
            if reporter.wants_reply and reporter.channel != ReplyChannel.NONE
        ]
        if not replies:
            raise ValidationError("没有需要答复的投诉举报人")
        audit_append(
            actor=actor,
            action="clues.clue.reply",
            subject=clue,
            payload={"replies": [r.pk for r in replies], "channels": sorted({r.channel for r in replies})},
        )
        ids = [r.pk for r in replies]
        transaction.on_commit(lambda: [deliver_reply(pk) for pk in ids])
    return replies


def deliver_reply(reply_id: int) -> ClueReply:
    """Send one recorded reply through its channel's adapter and record the result."""
    reply = ClueReply.objects.select_related("reporter", "clue").get(pk=reply_id)
    if reply.status != ReplyStatus.QUEUED:
        return reply
    reporter = reply.reporter
    to = {ReplyChannel.EMAIL: reporter.email, ReplyChannel.SMS: reporter.phone}.get(
        ReplyChannel(reply.channel), reporter.address
    )
    body = f"您反映的问题（线索编号{reply.clue.number}）处理情况如下：\n{reply.content}"
    try:
        delivery = adapter_for(reply.channel).send(to=to, subject=REPLY_SUBJECT, body=body)
    except Exception as exc:
        reply.status = ReplyStatus.FAILED
        reply.error = str(exc)[:255]
    else:
        reply.status = ReplyStatus.SENT if delivery.sent else ReplyStatus.RECORDED
        reply.receipt = delivery.receipt[:255]
        reply.sent_at = timezone.now() if delivery.sent else None
    with transaction.atomic():
        reply.save(update_fields=["status", "error", "receipt", "sent_at"])
        audit_append(
            actor=Actor.system("clues.reply"),
            action="clues.reply.deliver",
            subject=reply.clue,
            payload={"reply": reply.pk, "channel": reply.channel, "status": reply.status},
        )
    return reply
