"""The documents an action issues, inside the action's transaction (ARCHITECTURE §4): drafted from
the case's context, numbered, rendered (.docx + PDF), signed — and, for documents served on the
party, the service recorded with its 送达回证. If any of it fails, the action fails and nothing
is written (the number is not consumed)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from zhifa.core.audit import Actor
from zhifa.core.errors import ValidationError
from zhifa.documents.models import Document, DocumentStatus
from zhifa.documents.services import document_draft, document_issue, document_serve

from ..models import Case, CaseEvent
from .context import case_document_context
from .service import ServiceInput, service_input
from .words import cn_date


@dataclass(frozen=True)
class Paper:
    code: str
    decision: bool = False  # bind the decided penalty (else the proposed one)
    served_by: str = ""  # the date input whose service this document records ("" = not served now)
    when: Callable[[Case], bool] = lambda case: True


ACTION_PAPERS: dict[str, tuple[Paper, ...]] = {
    "approve_open": (Paper("02.01"),),  # 立案审批表 (SAMR程序规定第19条)
    "conclude_investigation": (Paper("05.01"),),  # 调查终结报告 (第49条)
    "legal_review_pass": (Paper("05.03"),),  # 法制审核意见书 (处罚法第58条)
    "notify": (  # 事先告知书 / 听证告知书 (处罚法第44条、第63条)
        Paper("06.01", served_by="served_on", when=lambda c: not c.hearing_right),
        Paper("06.02", served_by="served_on", when=lambda c: c.hearing_right),
    ),
    "schedule_hearing": (Paper("07.01", served_by="notice_served_on"),),  # 听证通知书 (第64条第2项)
    "hold_hearing": (Paper("07.02"),),  # 听证笔录 (第64条第8项), signed by the participants on paper
    "decide": (Paper("08.02", decision=True),),  # 行政处罚决定书 (第59条)
    "decide_no_penalty": (Paper("08.03"),),  # 不予行政处罚决定书
    "decide_on_spot": (Paper("08.05", decision=True, served_by="decided_on"),),  # 当场 (第52条)
    "close": (Paper("12.01", decision=True),),  # 结案审批表 (SAMR程序规定第76条)
    "demand_payment": (Paper("10.04", decision=True, served_by="served_on"),),  # 催告书 (强制法第54条)
}
DECISION_CODES = ("08.02", "08.03", "08.05")
SERVICE_LABELS = {"served_on": "送达日", "notice_served_on": "听证通知送达日", "decided_on": "决定日"}


def case_service_input(case: Case, data: dict[str, Any], date_key: str) -> ServiceInput:
    return service_input(
        data, date_key=date_key, label=SERVICE_LABELS.get(date_key, "送达日"), recipient=case.party_name
    )


def _extra(case: Case, code: str, data: dict[str, Any], user: Any, today: date) -> dict[str, Any]:
    note = str(data.get("note", "")).strip()
    if code == "05.03":
        officer = getattr(user, "officer", None)
        return {
            "review": {
                "opinion": note or "经审核，本案事实清楚，证据确凿，适用依据正确，程序合法，处理适当。",
                "conclusion": "同意",
                "reviewer": str(getattr(officer, "name", "") or getattr(user, "username", "")),
                "reviewed_on": cn_date(today),
            }
        }
    if code == "07.02":
        scheduled = CaseEvent.objects.filter(case=case, action="schedule_hearing").order_by("-id").first()
        place = str(scheduled.payload.get("hearing_place", "")) if scheduled else ""
        return {"hearing": {"date": cn_date(case.hearing_on), "place": place}}
    if code == "07.01":
        return {"hearing": {"date": cn_date(case.hearing_on), "place": str(data.get("hearing_place", ""))}}
    if code == "10.04":
        decision = latest_decision(case)
        return {"decision": {"number": decision.number if decision else "", "date": cn_date(case.decided_on)}}
    if code == "12.01":
        decision = latest_decision(case)
        executed = f"当事人已于{cn_date(case.executed_on)}履行完毕" if case.executed_on else "不涉及履行"
        return {
            "decision": {"number": decision.number if decision else "", "date": cn_date(case.decided_on)},
            "closing": {"summary": note or case.cause, "executed": executed, "closed_on": cn_date(today)},
        }
    return {}


def latest_decision(case: Case) -> Document | None:
    return (
        Document.objects.filter(
            subject_type="cases.case",
            subject_id=case.pk,
            type_code__in=DECISION_CODES,
            status=DocumentStatus.ISSUED,
        )
        .order_by("-issued_at", "-pk")
        .first()
    )


def _serve(actor: Actor, case: Case, document: Document, service: ServiceInput) -> None:
    document_serve(
        actor=actor,
        document=document,
        method=service.method,
        served_at=service.served_at,
        recipient=service.recipient,
        **service.details,
    )


def _archive(actor: Actor, case: Case) -> None:
    """The archive record: gap-free 档案号, page totals and the signed manifest (zhifa.dossier)."""
    from zhifa.dossier.services import dossier_archive

    from ..dossier import case_dossier_requirement

    req = case_dossier_requirement(case)
    dossier_archive(
        actor=actor,
        subject=case,
        organisation=case.organisation,
        required_codes=req.required_codes,
        outcome_facts=req.outcome_facts,
        satisfied_codes=req.satisfied_codes,
    )


def issue_action_papers(
    *, actor: Actor, user: Any, case: Case, action: str, data: dict[str, Any], today: date
) -> list[Document]:
    """Issue the documents `action` produces; record their service where the action is a service."""
    issued: list[Document] = []
    for paper in ACTION_PAPERS.get(action, ()):
        if not paper.when(case):
            continue
        context: dict[str, Any] = dict(case_document_context(case, today=today, decision=paper.decision))
        context.update(_extra(case, paper.code, data, user, today))
        draft = document_draft(
            actor=actor, subject=case, organisation=case.organisation, type_code=paper.code, data=context
        )
        document = document_issue(actor=actor, document=draft)
        if paper.served_by:
            _serve(actor, case, document, case_service_input(case, data, paper.served_by))
        issued.append(document)
    if action == "archive":
        _archive(actor, case)
    if action == "serve_decision":
        decision = latest_decision(case)
        if decision is None:
            raise ValidationError("尚未签发处罚决定书，不能登记送达")
        _serve(actor, case, decision, case_service_input(case, data, "served_on"))
    return issued
