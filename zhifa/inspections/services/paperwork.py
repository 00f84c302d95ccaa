"""The documents a finished inspection issues, inside the finish transaction (ARCHITECTURE §4): the
现场检查（勘验）笔录 (03.01, 处罚法 Art. 55) and, when an item failed and the officer orders
correction, the 责令改正通知书 (03.11, 处罚法 Art. 28 ¶1) served on the party on the spot, whose
correction deadline starts a worklist deadline and a 复查 (re-inspection) task."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils import timezone

from zhifa.core.audit import Actor
from zhifa.core.workdays import PeriodUnit
from zhifa.documents.models import Document, ServiceMethod
from zhifa.documents.services import document_draft, document_issue, document_serve
from zhifa.orgs.models import Officer, Organisation
from zhifa.parties.models import Party
from zhifa.worklist.models import Deadline
from zhifa.worklist.rules import DeadlineRule
from zhifa.worklist.services import deadline_start, task_create

from ..choices import ItemResult
from ..models import Inspection, InspectionResult

RECORD_CODE = "03.01"  # 现场检查（勘验）笔录 — 处罚法 Art. 55
RECTIFY_CODE = "03.11"  # 责令改正通知书 — 处罚法 Art. 28 ¶1
RECTIFY_RULE = "inspections.rectify"
REINSPECT_KIND = "reinspection"
RECONSIDERATION_DAYS = 60  # 复议法 Art. 20 ¶1
LITIGATION_MONTHS = 6  # 行诉法 Art. 46 ¶1


def cn_date(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def party_data(party: Party) -> dict[str, Any]:
    """The party as printed on documents: a natural person's ID number masked (ARCHITECTURE §7)."""
    person = party.kind == "natural_person"
    return {
        "kind_label": party.get_kind_display(),
        "name": party.name,
        "uscc": party.uscc or "",
        "id_type": "身份证号码" if person else "",
        "id_number": party.id_number_masked if person else "",
        "legal_rep": party.legal_rep_name,
        "address": party.address,
        "phone": party.phone,
    }


def org_data(org: Organisation) -> dict[str, str]:
    return {
        "name": org.name,
        "short_name": getattr(org, "short_name", "") or "",
        "address": getattr(org, "address", "") or "",
        "phone": getattr(org, "phone", "") or "",
    }


def remedy_data(org: Organisation) -> dict[str, Any]:
    """复议机关 and 法院 as the unit configured them (zhifa.cases' issuing profile) or by default."""
    from zhifa.cases.paperwork.context import issuing_profile

    issuing = issuing_profile(org)
    return {
        "review_body": issuing.review_body,
        "review_days": RECONSIDERATION_DAYS,
        "court": issuing.court,
        "litigation_months": LITIGATION_MONTHS,
    }


def results_text(results: Sequence[InspectionResult]) -> str:
    lines = []
    for r in results:
        note = f"（{r.note}）" if r.note else ""
        basis = f"〔依据：{r.legal_basis}〕" if r.legal_basis and r.result == ItemResult.FAIL else ""
        lines.append(f"{r.position}. {r.text}：{r.get_result_display()}{note}{basis}")
    return "\n".join(lines) or "按检查单逐项检查。"


def failed_summary(results: Sequence[InspectionResult]) -> str:
    return "；".join(
        f"{r.text}{('：' + r.note) if r.note else ''}" for r in results if r.result == ItemResult.FAIL
    )


def issue_record(
    *,
    actor: Actor,
    inspection: Inspection,
    party: Party,
    officers: Sequence[Officer],
    results: Sequence[InspectionResult],
    signatures: dict[str, Any],
    issue: bool = True,
) -> Document:
    """现场检查笔录: each item's result, the findings, the signatures (names as recorded)."""
    started = timezone.localtime(inspection.started_at or timezone.now())
    data = {
        "org": org_data(inspection.organisation),
        "today": cn_date(timezone.localdate()),
        "inspection": {
            "time": started.strftime("%Y年%m月%d日 %H:%M"),
            "place": inspection.place,
            "present": inspection.present,
            "content": results_text(results),
            "findings": inspection.findings or "未发现违法行为。",
        },
        "party": party_data(party),
        "officers": [{"name": o.name, "certificate_no": o.certificate_no} for o in officers],
        "signatures": signatures,
    }
    record = document_draft(
        actor=actor,
        subject=inspection,
        organisation=inspection.organisation,
        type_code=RECORD_CODE,
        data=data,
    )
    return document_issue(actor=actor, document=record) if issue else record


def issue_rectify_notice(
    *,
    actor: Actor,
    inspection: Inspection,
    party: Party,
    officers: Sequence[Officer],
    failed: Sequence[InspectionResult],
    deadline: dt.date,
    requirements: str,
    recipient: str,
    today: dt.date,
) -> Document:
    """责令改正通知书: the violation (failed items and findings), the basis, the deadline the officer
    set, the consequences and the 复议/诉讼 routes; issued and served directly on the party (the
    person who signed the record receives it, 民诉法 Art. 87 via SAMR程序规定 Art. 82)."""
    basis = "、".join(dict.fromkeys(r.legal_basis for r in failed if r.legal_basis))
    data = {
        "org": org_data(inspection.organisation),
        "today": cn_date(today),
        "party": party_data(party),
        "officers": [{"name": o.name, "certificate_no": o.certificate_no} for o in officers],
        "remedy": remedy_data(inspection.organisation),
        "rectify": {
            "date": cn_date(today),
            "place": inspection.place,
            "facts": inspection.findings or failed_summary(failed),
            "violations": [{"text": r.text, "note": r.note, "basis": r.legal_basis} for r in failed],
            "basis": basis,
            "deadline": cn_date(deadline),
            "requirements": requirements.strip(),
        },
    }
    draft = document_draft(
        actor=actor,
        subject=inspection,
        organisation=inspection.organisation,
        type_code=RECTIFY_CODE,
        data=data,
    )
    notice = document_issue(actor=actor, document=draft)
    document_serve(
        actor=actor,
        document=notice,
        method=ServiceMethod.DIRECT,
        served_at=timezone.now(),
        recipient=recipient or party.name,
        place=inspection.place[:200],
        signer=recipient,
    )
    return notice


def start_reinspection(
    *, actor: Actor, inspection: Inspection, officers: Sequence[Officer], deadline: dt.date, today: dt.date
) -> Deadline:
    """The correction deadline as a worklist deadline (a last day on a rest day moves to the next
    working day, 民法典 Art. 203) and a 复查 task for each officer, due that day."""
    days = (deadline - today).days
    rule = DeadlineRule(
        RECTIFY_RULE, "责令改正期限", days, PeriodUnit.CALENDAR_DAYS, "行政处罚法 第28条第1款"
    )
    clock = deadline_start(
        actor=actor, subject=inspection, organisation=inspection.organisation, rule=rule, started_on=today
    )
    url = reverse("inspections:detail", args=[inspection.pk])
    for officer in officers:
        if officer.user_id is not None:
            task_create(
                actor=actor,
                subject=inspection,
                organisation=inspection.organisation,
                kind=REINSPECT_KIND,
                title=f"复查（责令改正期满）：{inspection.party_name}",
                assignee=officer.user,
                due_on=clock.due_on,
                url=url,
            )
    return clock
