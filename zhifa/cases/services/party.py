"""The party's own door into a case (当事人服务平台, zhifa.portal.party).

A party signed in with the case's access code is not a user holding a permission: this door takes
only the party's own acts — requesting a hearing (处罚法第六十四条第一项) and stating their case
(第四十五条) — and goes through the same `_perform` as every officer action (input, gates, state,
timeline, deadlines, audit: all or nothing). Windows come from the existing rules: the hearing
request within 5 working days of the 告知 (rules.hearing.hearing_request_deadline), the statement
until the decision is made (第六十二条: no decision without hearing the party's statement)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from zhifa.core.audit import Actor, audit_append
from zhifa.core.errors import Conflict, ValidationError

from ..choices import CaseState
from ..models import Case, CaseEvent
from ..procedures import procedure_of
from ..rules.hearing import hearing_request_deadline
from .transition import _handlers, _locked_case, _perform

# 陈述、申辩 is heard until the decision is made (处罚法第四十五条、第六十二条).
STATEMENT_STATES = frozenset(
    {
        CaseState.NOTIFIED,
        CaseState.HEARING_REQUESTED,
        CaseState.HEARING_SCHEDULED,
        CaseState.HEARING_HELD,
        CaseState.DECIDING,
    }
)
STATEMENT_MAX_CHARS = 5000


def party_hearing_deadline(case: Case) -> date | None:
    """Last day the party may request a hearing (处罚法第六十四条第一项、第八十五条), None before the 告知."""
    if case.notice_served_on is None:
        return None
    return hearing_request_deadline(case.notice_served_on, strict=False)


def case_party_request_hearing(
    *, actor: Actor, case_id: int, note: str = "", today: date | None = None
) -> Case:
    """The party requests a hearing today: refused, naming the deadline, once the window has run."""
    today = today or timezone.localdate()
    with transaction.atomic():
        case = _locked_case(case_id)
        if case.state != CaseState.NOTIFIED:
            if case.hearing_requested_on is not None:
                raise Conflict(f"您已于{case.hearing_requested_on:%Y年%m月%d日}申请听证，无需重复申请")
            raise Conflict(
                "本案当前不在申请听证的阶段：听证申请应在执法机关告知后提出（行政处罚法第六十四条）"
            )
        if not case.hearing_right:
            raise ValidationError(
                "本案拟作出的行政处罚不属于听证范围（行政处罚法第六十三条），您可以提出陈述、申辩意见"
            )
        deadline = party_hearing_deadline(case)
        assert deadline is not None  # NOTIFIED: the notice was served
        if today > deadline:
            raise ValidationError(
                f"申请听证的期限已于{deadline:%Y年%m月%d日}届满（行政处罚法第六十四条第一项：当事人要求听证的，"
                "应当在行政机关告知后五个工作日内提出），本案不能再申请听证。在处罚决定作出前，您仍可以提出陈述、申辩意见。",
                code="hearing_window_passed",
                extra={"deadline": deadline.isoformat()},
            )
        act = procedure_of(case.procedure, case.procedure_version).action("request_hearing")
        assert act is not None
        data = {"requested_on": today.isoformat(), "note": note.strip()}
        return _perform(
            actor=actor, user=None, case=case, handlers=_handlers(case), act=act, data=data, today=today
        )


def case_party_statement(*, actor: Actor, case_id: int, text: str, today: date | None = None) -> Case:
    """The party's 陈述、申辩, heard until the decision (第四十五条、第六十二条). While the case is 已告知 it
    is the procedure's `record_statement`; later (a hearing or the decision's approval under way) it is
    recorded on the timeline the same way, without a state change."""
    today = today or timezone.localdate()
    text = (text or "").strip()
    if not text:
        raise ValidationError("请填写陈述、申辩的内容", fields={"text": ["必填"]})
    if len(text) > STATEMENT_MAX_CHARS:
        raise ValidationError(f"陈述、申辩内容不超过{STATEMENT_MAX_CHARS}字，较长的材料请另行提交")
    with transaction.atomic():
        case = _locked_case(case_id)
        if case.state not in STATEMENT_STATES:
            if case.decided_on is not None:
                raise Conflict(
                    f"处罚决定已于{case.decided_on:%Y年%m月%d日}作出，陈述、申辩的期间已经结束（行政处罚法第四十五条、"
                    "第六十二条）。对决定不服的，可以依法申请行政复议或者提起行政诉讼。"
                )
            raise Conflict("本案当前不在陈述、申辩的阶段：执法机关告知拟作出的处罚后，方可陈述、申辩")
        if case.state == CaseState.NOTIFIED:
            act = procedure_of(case.procedure, case.procedure_version).action("record_statement")
            assert act is not None
            return _perform(
                actor=actor,
                user=None,
                case=case,
                handlers=_handlers(case),
                act=act,
                data={"note": text},
                today=today,
            )
        case.statement_made = True  # 第四十五条第二款: not to be penalised more heavily for it
        case.version += 1
        case.save(update_fields=["statement_made", "version", "updated_at"])
        CaseEvent.objects.create(
            case=case,
            action="record_statement",
            label="当事人陈述申辩",
            from_state=case.state,
            to_state=case.state,
            actor_id=actor.id,
            actor_label=actor.label,
            occurred_at=timezone.now(),
            note=text,
            payload={"by": "party"},
        )
        audit_append(
            actor=actor,
            action="cases.case.record_statement",
            subject=case,
            payload={"from": case.state, "to": case.state, "version": case.version, "by": "party"},
        )
    return case
