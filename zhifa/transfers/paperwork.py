"""The documents a transfer issues when it is sent, inside the send's transaction (RECORDS §2.12):
a suspected crime gets the 涉嫌犯罪案件移送书 (11.02, copied to the procuratorate — 310令第七条) and
its 证据材料/涉案物品清单 (11.03); a case for another agency the 案件移送函 (11.06); and the party
the 案件移送告知书 (11.07), which lists the seized property that goes with the case
(强制法第二十一条). The documents belong to the case: they are filed in its dossier."""

from __future__ import annotations

from datetime import date
from typing import Any

from zhifa.cases.models import Case
from zhifa.cases.paperwork.context import case_document_context
from zhifa.cases.paperwork.words import cn_date
from zhifa.coercion.models import OPEN_STATES, Measure
from zhifa.core.audit import Actor
from zhifa.documents.models import Document
from zhifa.documents.services import document_draft, document_issue
from zhifa.evidence.models import Evidence

from .models import Transfer, TransferKind

PAPERS = {
    TransferKind.CRIMINAL: ("11.02", "11.03", "11.07"),
    TransferKind.ADMINISTRATIVE: ("11.06", "11.07"),
}
NOTICE_REASONS = {
    TransferKind.CRIMINAL: "发现你（单位）的行为涉嫌犯罪，依法应当移送司法机关追究刑事责任",
    TransferKind.ADMINISTRATIVE: "认为该案不属于本机关管辖",
}


def seized_items(case: Case) -> list[dict[str, str]]:
    """The items of the case's measures still in force: they go with the case (强制法第二十一条)."""
    items: list[dict[str, str]] = []
    for measure in Measure.objects.filter(case=case, state__in=OPEN_STATES).order_by("id"):
        for row in measure.items:
            items.append({k: str(row.get(k, "")) for k in ("name", "spec", "quantity", "place")})
    return items


def transfer_context(transfer: Transfer, case: Case, today: date) -> dict[str, Any]:
    context: dict[str, Any] = dict(case_document_context(case, today=today))
    if transfer.evidence_ids:  # the evidence chosen to go with the case, else all admissible evidence
        chosen = set(
            Evidence.objects.filter(
                subject_type="cases.case", subject_id=case.pk, pk__in=transfer.evidence_ids
            ).values_list("seq", flat=True)
        )
        context["evidence"] = [e for e in context["evidence"] if int(e["no"]) in chosen]
    titles = [str(m.get("title", "")).strip() for m in transfer.materials if str(m.get("title", "")).strip()]
    context["transfer"] = {
        "to_body": transfer.to_body,
        "procuratorate": transfer.procuratorate,
        "reason": transfer.reason,
        "material_titles": "、".join(titles),
        "material_count": len(titles) + len(context["evidence"]),
        "property": seized_items(case),
        "property_note": transfer.seized_property,
        "notice_reason": NOTICE_REASONS.get(TransferKind(transfer.kind), ""),
        "sent_on": cn_date(today),
    }
    return context


def issue_transfer_papers(*, actor: Actor, transfer: Transfer, case: Case, today: date) -> list[Document]:
    """Draft and issue the kind's documents; the first one's 文号 is the transfer's number."""
    context = transfer_context(transfer, case, today)
    issued = []
    for code in PAPERS.get(TransferKind(transfer.kind), ()):
        draft = document_draft(
            actor=actor, subject=case, organisation=case.organisation, type_code=code, data=context
        )
        issued.append(document_issue(actor=actor, document=draft))
    return issued
