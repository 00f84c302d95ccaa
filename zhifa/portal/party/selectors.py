"""Reads of the party portal. Everything is read through the signed-in access: its case, and only
documents of that case served on the party — a code for case A never reaches case B."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from zhifa.cases.choices import CaseState
from zhifa.cases.config import case_period
from zhifa.cases.execution import ExecutionStatus, execution_status
from zhifa.cases.gates import payment_due_on
from zhifa.cases.models import Case
from zhifa.cases.paperwork import issuing_profile, latest_decision
from zhifa.cases.rules.decision import statement_window_end
from zhifa.cases.rules.execution import LITIGATION_MONTHS, RECONSIDERATION_DAYS
from zhifa.cases.services.party import STATEMENT_STATES, party_hearing_deadline
from zhifa.core.errors import NotFound, ValidationError
from zhifa.core.workdays import add_calendar_days, add_months
from zhifa.documents.models import Document, DocumentStatus, ServiceRecord
from zhifa.documents.registry import document_type

from .models import ElectronicServiceConsent, PartyAccess, PartyDocumentRead, PartyRequest
from .payments import PaymentAdapter, PaymentStatus

# The stage in plain words, for the party (not the officers' state names).
STAGES: dict[str, str] = {
    CaseState.REGISTERED: "案件正在核查处理中",
    CaseState.OPENING: "案件正在核查处理中",
    CaseState.INVESTIGATING: "案件正在调查中",
    CaseState.INVESTIGATION_CONCLUDED: "调查已结束，执法机关正在审查",
    CaseState.IN_REVIEW: "调查已结束，执法机关正在审查",
    CaseState.REVIEWED: "调查已结束，执法机关正在审查",
    CaseState.NOTIFIED: "执法机关已告知拟作出的行政处罚，您可以陈述、申辩",
    CaseState.HEARING_REQUESTED: "您已申请听证，执法机关将书面通知听证的时间和地点",
    CaseState.HEARING_SCHEDULED: "已通知举行听证",
    CaseState.HEARING_HELD: "听证已结束，执法机关正在作出决定",
    CaseState.DECIDING: "执法机关正在作出处理决定",
    CaseState.DECIDED: "已作出处理决定，正在送达",
    CaseState.SERVED: "处理决定已送达，请按决定书履行",
    CaseState.EXECUTED: "已履行完毕",
    CaseState.CLOSING: "案件已办结",
    CaseState.CLOSED: "案件已办结",
    CaseState.ARCHIVED: "案件已办结",
    CaseState.TRANSFERRED: "案件已移送其他机关处理",
    CaseState.WITHDRAWN: "案件已撤销或终止办理",
    CaseState.DECLINED: "不予立案",
}


@dataclass(frozen=True)
class PartyDeadline:
    label: str
    due_on: date
    basis: str
    passed: bool
    note: str = ""


def stage_words(case: Case) -> str:
    if case.state == CaseState.NOTIFIED and case.hearing_right:
        return "执法机关已告知拟作出的行政处罚，您可以陈述、申辩或申请听证"
    if case.state == CaseState.HEARING_SCHEDULED and case.hearing_on:
        return f"已通知于{case.hearing_on:%Y年%m月%d日}举行听证"
    return STAGES.get(case.state, "案件正在办理中")


def statement_deadline(case: Case) -> date | None:
    """The configured 陈述、申辩 window (CasePeriod statement_window: sector → province → national)."""
    if case.notice_served_on is None:
        return None
    try:
        period = case_period(
            "statement_window", on=case.notice_served_on, region_code=case.region_code, sector=case.sector
        )
    except ValidationError:
        return None
    return statement_window_end(case.notice_served_on, working_days=period.amount, strict=False)


@dataclass(frozen=True)
class Remedies:
    """复议/诉讼 routes of the served decision, with the bodies the decision names (RULES §3)."""

    decision: Document
    served_on: date
    review_body: str
    review_ends_on: date
    court: str
    litigation_ends_on: date | None  # None: 复议前置 (on-the-spot decision)
    review_first: bool


def party_remedies(case: Case) -> Remedies | None:
    """复议 within 60 days (复议法第二十条第一款) and suit within 6 months (行政诉讼法第四十六条第一款),
    both from the service of the decision; on-the-spot decisions go to 复议 first (复议法第二十三条
    第一款第一项)."""
    if case.decision_served_on is None:
        return None
    decision = latest_decision(case)
    if decision is None:
        return None
    remedy: dict[str, Any] = (decision.data or {}).get("remedy") or {}
    fallback = issuing_profile(case.organisation)
    served = case.decision_served_on
    review_first = bool(remedy.get("review_first", case.procedure == "summary"))
    return Remedies(
        decision=decision,
        served_on=served,
        review_body=str(remedy.get("review_body") or fallback.review_body),
        review_ends_on=add_calendar_days(served, RECONSIDERATION_DAYS, strict=False),
        court=str(remedy.get("court") or fallback.court),
        litigation_ends_on=None if review_first else add_months(served, LITIGATION_MONTHS, strict=False),
        review_first=review_first,
    )


def party_deadlines(case: Case, today: date) -> list[PartyDeadline]:
    """The days that concern the party, each from the case's own rules."""
    out: list[PartyDeadline] = []
    if case.state in STATEMENT_STATES:
        end = statement_deadline(case)
        if end is not None:
            out.append(
                PartyDeadline(
                    "陈述、申辩",
                    end,
                    "行政处罚法第四十五条；市场监督管理行政处罚程序规定第五十七条第二款",
                    today > end,
                    "期满未提出视为放弃；处罚决定作出前提出的意见，执法机关仍应听取",
                )
            )
    if case.hearing_right and case.state == CaseState.NOTIFIED:
        hearing = party_hearing_deadline(case)
        if hearing is not None:
            out.append(
                PartyDeadline("申请听证", hearing, "行政处罚法第六十四条第一项、第八十五条", today > hearing)
            )
    if case.hearing_on and case.state == CaseState.HEARING_SCHEDULED:
        out.append(
            PartyDeadline("参加听证", case.hearing_on, "行政处罚法第六十四条", today > case.hearing_on)
        )
    due = payment_due_on(case)
    if due is not None and case.decided_fine and not case.executed_on:
        deferred = " （经批准延期）" if case.payment_deferred_to else ""
        out.append(
            PartyDeadline("缴纳罚款" + deferred, due, "行政处罚法第六十七条第三款、第六十六条", today > due)
        )
    remedies = party_remedies(case)
    if remedies is not None:
        out.append(
            PartyDeadline(
                "申请行政复议",
                remedies.review_ends_on,
                "行政复议法第二十条第一款",
                today > remedies.review_ends_on,
            )
        )
        if remedies.litigation_ends_on is not None:
            out.append(
                PartyDeadline(
                    "提起行政诉讼",
                    remedies.litigation_ends_on,
                    "行政诉讼法第四十六条第一款",
                    today > remedies.litigation_ends_on,
                )
            )
    return out


# --- documents ---------------------------------------------------------------------------------


@dataclass
class ServedDocument:
    document: Document
    served_on: date
    method: str
    read: PartyDocumentRead | None = None


def _party_facing(code: str) -> bool:
    return document_type(code).served == "yes"


def party_served_documents(access: PartyAccess) -> list[ServedDocument]:
    """The case's issued documents served on the party (the 送达回证 and internal papers excluded),
    in the order they were served, with the party's 查阅."""
    records = (
        ServiceRecord.objects.filter(
            document__subject_type="cases.case",
            document__subject_id=access.case_id,
            document__status=DocumentStatus.ISSUED,
        )
        .select_related("document")
        .order_by("effective_on", "id")
    )
    served: dict[int, ServedDocument] = {}
    for record in records:
        doc = record.document
        if doc.pk not in served and _party_facing(doc.type_code):
            served[doc.pk] = ServedDocument(doc, record.effective_on, record.get_method_display())
    for read in PartyDocumentRead.objects.filter(access=access, document_id__in=list(served)):
        served[read.document_id].read = read
    return list(served.values())


def party_document_for(access: PartyAccess, pk: Any) -> Document:
    """A document the party may open: issued, served on them, of their own case. NotFound otherwise."""
    try:
        key = int(pk)
    except (TypeError, ValueError):
        raise NotFound() from None
    for item in party_served_documents(access):
        if item.document.pk == key and item.document.pdf_file:
            return item.document
    raise NotFound()


# --- payment -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PaymentView:
    notice_number: str
    fine: Decimal
    paid_registered: Decimal  # what the agency has recorded (record_payment / instalments)
    platform: PaymentStatus
    execution: ExecutionStatus | None  # due date, 加处罚款, plan (zhifa.cases.execution)
    surcharge: Decimal
    amount_due: Decimal
    executed_on: date | None
    pay_url: str = ""
    plan: tuple[tuple[date, Decimal, bool], ...] = field(default_factory=tuple)


def party_payment(case: Case, *, today: date, adapter: PaymentAdapter) -> PaymentView | None:
    """The fine, what is paid (the agency's record and the payment platform's), the 加处罚款 accrued
    (处罚法第七十二条第一款第一项, computed by zhifa.cases.execution) and what remains due."""
    if not case.decided_fine or case.decision_served_on is None:
        return None
    decision = latest_decision(case)
    notice = decision.number if decision is not None and decision.number else case.number
    platform = adapter.status(notice)
    registered = case.paid_amount or Decimal("0.00")
    execution = execution_status(case, today)
    surcharge = execution.surcharge.amount if execution is not None else Decimal("0.00")
    paid = max(registered, platform.paid)
    amount_due = (
        Decimal("0.00") if case.executed_on else max(Decimal("0.00"), case.decided_fine - paid) + surcharge
    )
    return PaymentView(
        notice_number=notice,
        fine=case.decided_fine,
        paid_registered=registered,
        platform=platform,
        execution=execution,
        surcharge=surcharge,
        amount_due=amount_due,
        executed_on=case.executed_on,
        pay_url=adapter.pay_url(notice_number=notice, amount=amount_due) if amount_due > 0 else "",
        plan=execution.plan if execution is not None else (),
    )


# --- the party's own filings and the officer's view ------------------------------------------


def party_requests(access: PartyAccess) -> list[PartyRequest]:
    return list(PartyRequest.objects.filter(access=access).select_related("task"))


def active_consent(access: PartyAccess) -> ElectronicServiceConsent | None:
    return (
        ElectronicServiceConsent.objects.filter(access=access, withdrawn_at__isnull=True)
        .order_by("-given_at")
        .first()
    )


@dataclass(frozen=True)
class OfficerOverview:
    """The case page's block: code issued, last login, consent, reads and the party's filings."""

    access: PartyAccess | None
    consent: ElectronicServiceConsent | None = None
    requests: tuple[PartyRequest, ...] = ()
    reads: tuple[PartyDocumentRead, ...] = ()


def party_portal_overview(case: Case) -> OfficerOverview:
    access = PartyAccess.objects.filter(case=case, party_id=case.party_id).first()
    if access is None:
        return OfficerOverview(None)
    return OfficerOverview(
        access=access,
        consent=active_consent(access),
        requests=tuple(PartyRequest.objects.filter(access=access).select_related("task")[:20]),
        reads=tuple(PartyDocumentRead.objects.filter(access=access).select_related("document")),
    )
