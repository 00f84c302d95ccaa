"""What a penalty case's dossier must hold (zhifa.dossier), chosen from its procedure and outcome
(RECORDS §2; SAMR程序规定第78条). Forms the platform keeps as signed approval runs or recorded
facts rather than as issued documents count as on file (`satisfied_codes`): 案源登记 (the
registration), 案件审核表 and 决定审批表 (the approval runs), 集体讨论记录 and 陈述申辩笔录 (the
recorded discussion/statement with its text), 罚没款缴纳凭证 (the registered payment)."""

from __future__ import annotations

from typing import Any

from zhifa.documents.models import Document, DocumentStatus
from zhifa.dossier.hooks import DossierRequirement
from zhifa.dossier.requirements import dossier_requirements
from zhifa.worklist.models import ApprovalRun

from .choices import Outcome, ProcedureKind
from .models import Case


def _kind(case: Case) -> str:
    if case.procedure == ProcedureKind.SUMMARY:
        return "summary"
    if case.outcome == Outcome.NO_PENALTY:
        return "general:no_penalty"
    if case.outcome in (Outcome.WITHDRAWN, Outcome.DECLINED):
        return "general:dismissed"
    return "general:penalty"


def _issued(case: Case, code: str) -> bool:
    return Document.objects.filter(
        subject_type="cases.case", subject_id=case.pk, type_code=code, status=DocumentStatus.ISSUED
    ).exists()


def case_dossier_requirement(subject: Any) -> DossierRequirement:
    case: Case = subject
    facts: dict[str, object] = {
        "fined": bool(case.decided_fine),
        "hearing": case.hearing_concluded_on is not None,
        "hearing_notice": case.procedure == ProcedureKind.GENERAL and case.hearing_right,
        "legal_review": case.legal_reviewed_on is not None,
        "collective_discussion": case.collective_discussed_on is not None,
        "statement": case.statement_made,
    }
    approved = set(
        ApprovalRun.objects.filter(
            subject_type="cases.case", subject_id=case.pk, status="approved"
        ).values_list("approval_type", flat=True)
    )
    satisfied = ["01.01"]  # the registration record (案源登记) with its timeline
    if "cases.review" in approved:
        satisfied.append("05.02")
    if "cases.decision" in approved:
        satisfied.append("08.01")
    if case.outcome == Outcome.WITHDRAWN:
        satisfied.append("08.04")
    if case.collective_discussed_on:
        satisfied.append("05.04")
    if case.statement_made:
        satisfied.append("06.03")
    if case.executed_on:
        satisfied.append("10.01")
    if case.hearing_right and _issued(case, "06.02"):
        # 处罚法第44条 and 第63条 are one notice when the party has a hearing right: the 听证告知书
        # states the facts, reasons, basis and proposed penalty as well as the hearing right.
        satisfied.append("06.01")
    if case.hearing_concluded_on:
        # 听证报告 (SAMR程序规定第74条): recorded with the 听证结束 step (its note) until a template exists.
        satisfied.append("07.03")
    kind = _kind(case)
    return DossierRequirement(
        required_codes=dossier_requirements(kind, facts),
        outcome_facts=facts,
        satisfied_codes=tuple(satisfied),
    )
