"""Execution of an inspection by its officers (also on a phone): checklist results, findings,
signatures, the 现场检查笔录 (03.01) and, on a failed item, the 责令改正通知书 (03.11) and a
penalty case carrying the findings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhifa.core.audit import Actor, audit_append
from zhifa.core.errors import Conflict, ValidationError
from zhifa.documents.models import Document
from zhifa.documents.services import document_draft, document_issue
from zhifa.orgs.models import Officer
from zhifa.parties.models import Party
from zhifa.worklist.models import Task, TaskStatus
from zhifa.worklist.services import task_complete

from ..choices import InspectionState, ItemResult
from ..models import Inspection, InspectionResult

OPEN_STATES = (InspectionState.ASSIGNED, InspectionState.IN_PROGRESS)
RECORD_CODE = "03.01"  # 现场检查（勘验）笔录 — 处罚法 Art. 55
RECTIFY_CODE = "03.11"  # 责令改正通知书 — 处罚法 Art. 28


def _lock_open(inspection: Inspection) -> Inspection:
    locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if locked.state not in OPEN_STATES:
        raise Conflict("检查任务已办结，不能修改")
    return locked


def inspection_record(
    *,
    actor: Actor,
    inspection: Inspection,
    results: Mapping[int, tuple[str, str]],
    findings: str | None = None,
    place: str | None = None,
    present: str | None = None,
) -> Inspection:
    """Save item results (result pk → (pass/fail/na, note)) and the findings; may be called often."""
    allowed = {ItemResult.PASS, ItemResult.FAIL, ItemResult.NOT_APPLICABLE, ItemResult.PENDING}
    if any(value not in allowed for value, _ in results.values()):
        raise ValidationError("检查结果只能为符合、不符合或不适用")
    with transaction.atomic():
        locked = _lock_open(inspection)
        rows = {r.pk: r for r in locked.results.select_for_update()}
        unknown = set(results) - set(rows)
        if unknown:
            raise ValidationError("检查项不属于本次检查")
        changed: list[InspectionResult] = []
        for pk, (value, note) in results.items():
            row = rows[pk]
            if (
                value == ItemResult.FAIL
                and not (note or "").strip()
                and not (findings or locked.findings).strip()
            ):
                raise ValidationError(f"“{row.text}”不符合，请说明具体情况")
            row.result, row.note = value, (note or "").strip()[:500]
            changed.append(row)
        InspectionResult.objects.bulk_update(changed, ["result", "note"])
        fields = []
        for name, given in (("findings", findings), ("place", place), ("present", present)):
            if given is not None:
                setattr(locked, name, given.strip())
                fields.append(name)
        if locked.state == InspectionState.ASSIGNED:
            locked.state, locked.started_at = InspectionState.IN_PROGRESS, timezone.now()
            fields += ["state", "started_at"]
        if fields:
            locked.save(update_fields=fields)
        audit_append(
            actor=actor,
            action="inspections.inspection.record",
            subject=locked,
            payload={"results": {str(k): v[0] for k, v in results.items()}, "fields": fields},
        )
    return locked


def _party_data(party: Party) -> dict[str, Any]:
    person = party.kind == "natural_person"
    return {
        "kind_label": party.get_kind_display(),
        "name": party.name,
        "uscc": party.uscc or "",
        "id_number": party.id_number_masked if person else "",
        "legal_rep": party.legal_rep_name,
        "address": party.address,
        "phone": party.phone,
    }


def _content(results: Sequence[InspectionResult]) -> str:
    lines = []
    for r in results:
        note = f"（{r.note}）" if r.note else ""
        lines.append(f"{r.position}. {r.text}：{r.get_result_display()}{note}")
    return "\n".join(lines) or "按检查单逐项检查。"


def failed_summary(results: Sequence[InspectionResult]) -> str:
    return "；".join(
        f"{r.text}{('：' + r.note) if r.note else ''}" for r in results if r.result == ItemResult.FAIL
    )


def inspection_finish(
    *,
    actor: Actor,
    inspection: Inspection,
    party_signature: str,
    officer_signatures: Sequence[str],
    issue_record: bool = True,
    today: dt.date | None = None,
) -> Inspection:
    """Close the inspection: every item answered, the party and ≥2 officers signed (names recorded).
    Issues the 现场检查笔录; a failed item drafts the 责令改正通知书 and registers a penalty case
    (source 监督检查) carrying the findings and failed items."""
    today = today or timezone.localdate()
    signers = [s.strip() for s in officer_signatures if s and s.strip()]
    with transaction.atomic():
        locked = _lock_open(inspection)
        results = list(locked.results.order_by("position"))
        problems = []
        if any(r.result == ItemResult.PENDING for r in results):
            problems.append("尚有检查项未填写结果")
        if len(set(signers)) < 2:
            problems.append("须有两名以上执法人员签名（行政处罚法第四十二条、第五十五条）")
        if not party_signature.strip():
            problems.append("请被检查人签名；拒绝签名的，请注明“拒绝签名”并由在场人员见证")
        if problems:
            raise ValidationError("；".join(problems))
        officers = list(
            Officer.objects.filter(pk__in=locked.officer_links.values("officer_id")).order_by("pk")
        )
        party = Party.objects.get(pk=locked.party_id)
        now = timezone.now()
        data = {
            "inspection": {
                "time": timezone.localtime(locked.started_at or now).strftime("%Y年%m月%d日 %H:%M"),
                "place": locked.place,
                "present": locked.present,
                "content": _content(results),
                "findings": locked.findings or "未发现违法行为。",
            },
            "party": _party_data(party),
            "officers": [{"name": o.name, "certificate_no": o.certificate_no} for o in officers],
            "signatures": {"party": party_signature.strip(), "officers": signers},
        }
        record = document_draft(
            actor=actor, subject=locked, organisation=locked.organisation, type_code=RECORD_CODE, data=data
        )
        if issue_record:
            document_issue(actor=actor, document=record)
        failed = [r for r in results if r.result == ItemResult.FAIL]
        locked.party_signature = party_signature.strip()[:64]
        locked.officer_signatures = signers
        locked.inspected_on = today
        locked.finished_at = now
        if failed:
            _rectify_notice(actor, locked, party, failed, data)
            locked.case_id = _open_case(actor, locked, party, officers, failed, today)
            locked.state = InspectionState.CASE_OPENED
        else:
            locked.state = InspectionState.CLOSED
        locked.save(
            update_fields=[
                "party_signature",
                "officer_signatures",
                "inspected_on",
                "finished_at",
                "case_id",
                "state",
            ]
        )
        for task in Task.objects.filter(
            subject_type="inspections.inspection", subject_id=locked.pk, status=TaskStatus.OPEN
        ):
            task_complete(actor=actor, task=task)
        audit_append(
            actor=actor,
            action="inspections.inspection.finish",
            subject=locked,
            payload={
                "state": locked.state,
                "failed": [r.pk for r in failed],
                "case": locked.case_id,
                "record": record.pk,
                "signatures": {"party": locked.party_signature, "officers": signers},
            },
        )
    return locked


def _rectify_notice(
    actor: Actor,
    inspection: Inspection,
    party: Party,
    failed: Sequence[InspectionResult],
    data: dict[str, Any],
) -> Document:
    """Draft of the 责令改正通知书 (处罚法 Art. 28); the registry has no template for it yet, so it is
    kept as a draft with its data for the officer to complete and issue."""
    notice = {
        "party": data["party"],
        "officers": data["officers"],
        "rectify": {
            "facts": inspection.findings or failed_summary(failed),
            "items": [{"text": r.text, "basis": r.legal_basis, "note": r.note} for r in failed],
            "basis": "；".join(sorted({r.legal_basis for r in failed if r.legal_basis})),
        },
    }
    return document_draft(
        actor=actor,
        subject=inspection,
        organisation=inspection.organisation,
        type_code=RECTIFY_CODE,
        data=notice,
    )


def _open_case(
    actor: Actor,
    inspection: Inspection,
    party: Party,
    officers: Sequence[Officer],
    failed: Sequence[InspectionResult],
    today: dt.date,
) -> int:
    from zhifa.cases.choices import CaseSource
    from zhifa.cases.services import case_register

    facts = (
        (inspection.findings + "\n" if inspection.findings else "")
        + "检查不符合项："
        + failed_summary(failed)
    )
    case = case_register(
        actor=actor,
        organisation=inspection.organisation,
        party=party,
        cause=f"行政检查发现{party.name}涉嫌违法：{failed[0].text}"[:200],
        act_on=today,
        discovered_on=today,
        officers=officers,
        source=CaseSource.INSPECTION,
        facts=facts,
        place=inspection.place,
        today=today,
    )
    return int(case.pk)
