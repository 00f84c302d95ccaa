"""Execution of an inspection by its officers (also on a phone): checklist results, findings,
signatures; finishing issues the 现场检查笔录 (03.01) and, on a failed item, the officer's outcome:
a 责令改正通知书 (03.11) with a correction deadline and 复查, and/or a penalty case carrying the
findings (documents in .paperwork)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import transaction
from django.utils import timezone

from zhifa.core.audit import Actor, audit_append
from zhifa.core.errors import Conflict, ValidationError
from zhifa.orgs.models import Officer
from zhifa.parties.models import Party
from zhifa.worklist.models import Task, TaskStatus
from zhifa.worklist.services import task_complete

from ..choices import InspectionState, ItemResult
from ..models import Inspection, InspectionResult, InspectionTransfer, TransferState
from .paperwork import failed_summary, issue_record, issue_rectify_notice, start_reinspection

OPEN_STATES = (InspectionState.ASSIGNED, InspectionState.IN_PROGRESS)
MAX_RECTIFY_DAYS = 365
MAX_SIGNATURE_BYTES = 1024 * 1024


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


def _finish_problems(
    results: Sequence[InspectionResult],
    signers: Sequence[str],
    party_signature: str,
    open_case: bool,
    rectify_due_on: dt.date | None,
    today: dt.date,
    open_clue: bool = False,
) -> list[str]:
    problems = []
    failed = any(r.result == ItemResult.FAIL for r in results)
    if any(r.result == ItemResult.PENDING for r in results):
        problems.append("尚有检查项未填写结果")
    if len(set(signers)) < 2:
        problems.append("须有两名以上执法人员签名（行政处罚法第四十二条、第五十五条）")
    if not party_signature.strip():
        problems.append("请被检查人签名；拒绝签名的，请注明“拒绝签名”并由在场人员见证")
    if not failed and (open_case or rectify_due_on or open_clue):
        problems.append("没有不符合项，不能责令改正、立案或移交线索")
    if open_case and open_clue:
        problems.append("立案与移交线索只能选择一项")
    if failed and not (open_case or open_clue) and rectify_due_on is None:
        problems.append("有不符合项：请责令改正（填写改正期限）、立案处理或移交线索")
    latest = today + dt.timedelta(days=MAX_RECTIFY_DAYS)
    if rectify_due_on is not None and not today < rectify_due_on <= latest:
        problems.append(f"改正期限须在今天之后的{MAX_RECTIFY_DAYS}日以内")
    return problems


def inspection_finish(
    *,
    actor: Actor,
    inspection: Inspection,
    party_signature: str,
    officer_signatures: Sequence[str],
    open_case: bool | None = None,
    rectify_due_on: dt.date | None = None,
    rectify_requirements: str = "",
    open_clue: bool = False,
    issue_record_now: bool = True,
    today: dt.date | None = None,
) -> Inspection:
    """Close the inspection: every item answered, the party and ≥2 officers signed (names recorded);
    issues the 现场检查笔录. On a failed item the officer decides: 责令改正 (`rectify_due_on`: the
    notice is issued and served, the deadline and a 复查 task start) and/or 立案 (`open_case`; by
    default a failed item opens a case) — a penalty case (source 监督检查) carrying the findings — or
    移交线索 (`open_clue`): a clue of the channel 检查发现 carrying them, for what needs verifying first
    or belongs to another unit (zhifa.clues)."""
    today = today or timezone.localdate()
    signers = [s.strip() for s in officer_signatures if s and s.strip()]
    with transaction.atomic():
        locked = _lock_open(inspection)
        if InspectionTransfer.objects.filter(inspection=locked, state=TransferState.REQUESTED).exists():
            raise Conflict("该检查有待审批的转办申请，请先撤回后再办结")
        results = list(locked.results.order_by("position"))
        failed = [r for r in results if r.result == ItemResult.FAIL]
        wants_case = (bool(failed) and not open_clue) if open_case is None else open_case
        problems = _finish_problems(
            results, signers, party_signature, wants_case, rectify_due_on, today, open_clue=open_clue
        )
        if problems:
            raise ValidationError("；".join(problems))
        officers = list(
            Officer.objects.select_related("user")
            .filter(pk__in=locked.officer_links.values("officer_id"))
            .order_by("pk")
        )
        party = Party.objects.get(pk=locked.party_id)
        record = issue_record(
            actor=actor,
            inspection=locked,
            party=party,
            officers=officers,
            results=results,
            signatures={"party": party_signature.strip(), "officers": signers},
            issue=issue_record_now,
        )
        notice = None
        if rectify_due_on is not None:
            notice = issue_rectify_notice(
                actor=actor,
                inspection=locked,
                party=party,
                officers=officers,
                failed=failed,
                deadline=rectify_due_on,
                requirements=rectify_requirements,
                recipient=party_signature.strip(),
                today=today,
            )
        locked.party_signature = party_signature.strip()[:64]
        locked.officer_signatures = signers
        locked.inspected_on = today
        locked.finished_at = timezone.now()
        locked.rectify_due_on = rectify_due_on
        if wants_case:
            locked.case_id = _open_case(actor, locked, party, officers, failed, today)
            locked.state = InspectionState.CASE_OPENED
        elif open_clue:
            locked.clue_id = _open_clue(actor, locked, party, failed)
            locked.state = InspectionState.CLUE_REGISTERED
        else:
            locked.state = InspectionState.CLOSED
        locked.save(
            update_fields=[
                "party_signature",
                "officer_signatures",
                "inspected_on",
                "finished_at",
                "rectify_due_on",
                "case_id",
                "clue_id",
                "state",
            ]
        )
        for task in Task.objects.filter(
            subject_type="inspections.inspection",
            subject_id=locked.pk,
            status=TaskStatus.OPEN,
            kind="inspection",
        ):
            task_complete(actor=actor, task=task)
        if rectify_due_on is not None:
            start_reinspection(
                actor=actor, inspection=locked, officers=officers, deadline=rectify_due_on, today=today
            )
        audit_append(
            actor=actor,
            action="inspections.inspection.finish",
            subject=locked,
            payload={
                "state": locked.state,
                "failed": [r.pk for r in failed],
                "case": locked.case_id,
                "clue": locked.clue_id,
                "record": record.pk,
                "rectify_notice": notice.pk if notice else None,
                "rectify_due_on": rectify_due_on.isoformat() if rectify_due_on else None,
                "signatures": {"party": locked.party_signature, "officers": signers},
            },
        )
    return locked


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


def _open_clue(actor: Actor, inspection: Inspection, party: Party, failed: Sequence[InspectionResult]) -> int:
    """A clue of the channel 检查发现, linked both ways, carrying the findings (zhifa.clues)."""
    from zhifa.clues.choices import ClueChannel
    from zhifa.clues.services import clue_register

    clue = clue_register(
        actor=actor,
        organisation=inspection.organisation,
        channel=ClueChannel.INSPECTION,
        violation=f"行政检查发现{party.name}涉嫌违法：{failed[0].text}"[:200],
        content=(inspection.findings + "\n" if inspection.findings else "")
        + "检查不符合项："
        + failed_summary(failed),
        party=party,
        party_name=party.name,
        place=inspection.place,
        domain=inspection.domain.code,
        occurred_on=timezone.localdate(),
    )
    clue.inspection_id = inspection.pk
    clue.save(update_fields=["inspection_id"])
    return int(clue.pk)


def inspection_capture(
    *,
    actor: Actor,
    user: Any,
    inspection: Inspection,
    photos: Sequence[UploadedFile] = (),
    signature_png: bytes | None = None,
) -> list[Any]:
    """现场照片 and the party's hand-drawn signature, kept as evidence of the inspection (zhifa.evidence:
    hashed, chain of custody) — the 现场检查笔录 lists them as the record's attachments."""
    from zhifa.evidence.choices import EvidenceKind
    from zhifa.evidence.services import evidence_add

    if signature_png is not None and (len(signature_png) > MAX_SIGNATURE_BYTES or not signature_png):
        raise ValidationError("签名图片无效")
    added = []
    with transaction.atomic():
        locked = _lock_open(inspection)
        organisation = locked.organisation
        if photos:
            added.append(
                evidence_add(
                    actor=actor,
                    user=user,
                    subject=locked,
                    organisation=organisation,
                    kind=EvidenceKind.AUDIOVISUAL,
                    title=f"现场照片（{locked.party_name}）",
                    description="行政检查现场拍摄",
                    place=locked.place[:200],
                    files=list(photos),
                )
            )
        if signature_png:
            upload = SimpleUploadedFile("signature.png", signature_png, content_type="image/png")
            added.append(
                evidence_add(
                    actor=actor,
                    user=user,
                    subject=locked,
                    organisation=organisation,
                    kind=EvidenceKind.INSPECTION_RECORD,
                    title="被检查人现场签名（手写）",
                    description="现场检查笔录签名",
                    place=locked.place[:200],
                    files=[upload],
                )
            )
    return added
