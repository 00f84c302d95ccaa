"""缺项补录 (reported and gone when fixed) and archiving (refused with gaps, signed, gap-free)."""

from __future__ import annotations

from typing import Any

import pytest

from zhifa.core.errors import Conflict, NotFound, ValidationError
from zhifa.core.models import AuditEvent
from zhifa.documents.models import DocumentNumberSequence
from zhifa.dossier.gaps import dossier_gaps
from zhifa.dossier.models import DossierArchive
from zhifa.dossier.requirements import dossier_requirements
from zhifa.dossier.services import dossier_archive, dossier_archive_matches, dossier_archive_valid

from .conftest import blank_pdf, upload

pytestmark = pytest.mark.django_db


def rules(gaps: list[Any]) -> list[tuple[str, str]]:
    return [(g.code, g.title) for g in gaps]


def test_requirements_are_data_per_procedure_with_conditional_facts() -> None:
    penalty = dossier_requirements("general:penalty")
    assert penalty[:2] == ("01.01", "02.01")
    assert "08.02" in penalty
    assert "05.02|05.03" in penalty
    assert "10.01" not in penalty
    assert {"10.01", "07.02"} <= set(
        dossier_requirements("general:penalty", {"fined": True, "hearing": True})
    )
    assert dossier_requirements("summary") == ("08.05",)
    with pytest.raises(NotFound):
        dossier_requirements("no-such-procedure")


def test_missing_required_document_is_reported_and_disappears_when_issued(world: Any) -> None:
    gaps = dossier_gaps(world.subject, required_codes=["02.01", "05.02|05.03"])
    assert rules(gaps) == [
        ("missing_document", "立案审批表"),
        ("missing_document", "案件审核表或法制审核意见书"),
    ]
    assert gaps[0].message == "缺少：立案审批表"

    world.fake_issued("02.01")
    world.fake_issued("05.03")

    assert dossier_gaps(world.subject, required_codes=["02.01", "05.02|05.03"]) == []


def test_outcome_facts_add_conditional_requirements_and_satisfied_codes_count(world: Any) -> None:
    gaps = dossier_gaps(world.subject, required_codes=["01.01"], outcome_facts={"fined": True})
    assert [g.title for g in gaps] == ["案件来源登记表", "罚没款缴纳凭证"]
    assert "无在线模板" in gaps[0].message

    assert dossier_gaps(world.subject, required_codes=["01.01"], satisfied_codes=["01.01"]) == []


def test_served_document_without_service_record_is_a_gap_until_served(world: Any) -> None:
    decision = world.fake_issued("08.02", number="深市监罚字〔2026〕1号")
    world.fake_issued("02.01")  # not served on the party: never a gap

    gaps = dossier_gaps(world.subject, required_codes=[])
    assert rules(gaps) == [("unserved", "行政处罚决定书送达回证")]
    assert gaps[0].message.startswith("缺少：行政处罚决定书送达回证（深市监罚字〔2026〕1号）")
    assert gaps[0].object_id == decision.pk
    assert gaps[0].fix_url

    world.serve(decision)

    assert dossier_gaps(world.subject, required_codes=[]) == []


def test_voided_documents_neither_satisfy_nor_need_service(world: Any) -> None:
    from zhifa.documents.services import document_void

    decision = world.fake_issued("08.02")
    document_void(actor=world.actor, document=decision, reason="当事人名称错误")

    assert rules(dossier_gaps(world.subject, required_codes=["08.02"])) == [
        ("missing_document", "行政处罚决定书")
    ]


def test_leftover_draft_is_listed_until_issued(world: Any) -> None:
    from zhifa.documents.services import document_draft, document_issue
    from zhifa.documents.tests.factories import decision_context

    draft = document_draft(
        actor=world.actor,
        subject=world.subject,
        organisation=world.organisation,
        type_code="02.01",
        data=decision_context(world.organisation),
    )
    gaps = dossier_gaps(world.subject, required_codes=["02.01"])
    assert [g.code for g in gaps] == ["missing_document", "draft_document"]
    assert gaps[1].message.startswith("文书草稿未签发：立案审批表")
    assert gaps[1].object_id == draft.pk

    document_issue(actor=world.actor, document=draft)

    assert dossier_gaps(world.subject, required_codes=["02.01"]) == []


def test_evidence_without_file_is_a_gap_until_a_file_is_attached(world: Any) -> None:
    from zhifa.evidence.services import evidence_attach_file

    item = world.add_evidence(title="销售单据")
    gaps = dossier_gaps(world.subject, required_codes=[])
    assert rules(gaps) == [("evidence_no_file", "证据1“销售单据”")]

    evidence_attach_file(
        actor=world.actor, user=world.owner, evidence=item, file=upload("d.pdf", blank_pdf(1))
    )

    assert dossier_gaps(world.subject, required_codes=[]) == []


def test_tampered_evidence_file_and_custody_are_gaps_when_files_are_verified(world: Any) -> None:
    from django.core.files.storage import default_storage

    from zhifa.evidence.models import CustodyEvent

    item = world.add_evidence(title="合同", files=[upload("c.pdf", blank_pdf(1))])
    name = item.files.get().file.name
    with default_storage.open(name, "ab") as fh:
        fh.write(b"%")
    CustodyEvent.objects.filter(evidence=item).update(note="改过")

    assert [g.code for g in dossier_gaps(world.subject, required_codes=[])] == ["evidence_custody_broken"]
    codes = [g.code for g in dossier_gaps(world.subject, required_codes=[], verify_files=True)]
    assert codes == ["evidence_file_bad", "evidence_custody_broken"]


def archive(world: Any, subject: Any = None, **kwargs: Any) -> DossierArchive:
    params: dict[str, Any] = {
        "actor": world.actor,
        "subject": subject or world.subject,
        "organisation": world.organisation,
        "required_codes": ["02.01"],
    }
    params.update(kwargs)
    return dossier_archive(**params)


def test_archive_is_refused_with_the_gaps_and_writes_nothing(world: Any) -> None:
    world.add_evidence(title="无附件的证据")
    audit_before = AuditEvent.objects.count()

    with pytest.raises(ValidationError) as refused:
        archive(world)

    assert refused.value.code == "dossier_incomplete"
    assert "缺少：立案审批表" in refused.value.message
    assert "无附件的证据" in refused.value.message
    assert [g["code"] for g in refused.value.extra["gaps"]] == ["missing_document", "evidence_no_file"]
    assert DossierArchive.objects.count() == 0
    assert not DocumentNumberSequence.objects.filter(number_kind="档").exists()
    assert AuditEvent.objects.count() == audit_before


def test_archive_signs_the_manifest_and_one_changed_byte_breaks_it(world: Any) -> None:
    world.fake_issued("02.01", pages=2)
    world.fake_issued("05.01", pages=1)
    world.add_evidence(title="照片", files=[upload("e.pdf", blank_pdf(3))])

    done = archive(world)

    done.refresh_from_db()
    assert done.archive_number.endswith(f"档字〔{done.number_year}〕1号")
    assert (done.main_items, done.main_pages, done.sub_items, done.sub_pages) == (2, 5, 1, 1)
    assert [row["code"] for row in done.manifest] == ["02.01", "evidence:documentary", "05.01"]
    assert dossier_archive_valid(done)
    assert dossier_archive_matches(done, world.subject)
    event = AuditEvent.objects.get(action="dossier.archive.create")
    assert done.archive_number in event.payload
    assert done.manifest_sm3 in event.payload

    sm3 = done.manifest[0]["sm3"]
    done.manifest[0]["sm3"] = sm3[:-1] + ("0" if sm3[-1] != "0" else "1")
    assert not dossier_archive_valid(done)
    done.manifest[0]["sm3"] = sm3
    done.manifest_sm3 = ("0" if done.manifest_sm3[0] != "0" else "1") + done.manifest_sm3[1:]
    assert not dossier_archive_valid(done)

    world.fake_issued("06.04")  # added after archiving: the dossier no longer matches the archive
    assert not dossier_archive_matches(DossierArchive.objects.get(pk=done.pk), world.subject)


def test_archive_numbers_are_gap_free_and_a_dossier_is_archived_once(world: Any) -> None:
    world.fake_issued("02.01")
    world.fake_issued("02.01", subject=world.other_subject)
    with pytest.raises(ValidationError):
        archive(world, required_codes=["12.01"])  # refused: must not consume a number

    first = archive(world)
    second = archive(world, subject=world.other_subject)

    assert (first.number_seq, second.number_seq) == (1, 2)
    with pytest.raises(Conflict):
        archive(world)
    assert DossierArchive.objects.count() == 2
