"""Issuing: gap-free 文号 per organisation/字/year, nothing consumed on failure, SM2 signature over
the SM3 digests, Art. 59 gate, void, verification."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.files.storage import default_storage

from zhifa.core.errors import Conflict, ValidationError
from zhifa.documents.models import Document, DocumentNumberSequence, NumberingFormat
from zhifa.documents.rendering import DocumentRenderFailed
from zhifa.documents.rules import decision_missing_fields
from zhifa.documents.selectors import documents_for_subject
from zhifa.documents.services import (
    document_draft,
    document_issue,
    document_signature_valid,
    document_update,
    document_verify_bytes,
    document_void,
)
from zhifa.documents.services import documents as documents_service

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def issue(actor: Any, subject: Any, code: str, data: dict[str, Any]) -> Document:
    draft = document_draft(actor=actor, subject=subject, organisation=subject, type_code=code, data=data)
    return document_issue(actor=actor, document=draft)


def test_issue_numbers_gap_free_per_organisation_and_kind(actor: Any, subject: Any, context: dict) -> None:
    numbers = [issue(actor, subject, "08.02", context).number for _ in range(3)]
    year = dt.date.today().year
    assert numbers == [f"深市监罚字〔{year}〕{n}号" for n in (1, 2, 3)]
    assert (
        issue(actor, subject, "06.01", context).number == f"深市监告字〔{year}〕1号"
    )  # own 字, own sequence
    from zhifa.orgs.tests.factories import OrganisationFactory

    other: Any = OrganisationFactory(name="深圳市生态环境局", short_name="")
    other_doc = document_issue(
        actor=actor,
        document=document_draft(
            actor=actor, subject=subject, organisation=other, type_code="08.02", data=context
        ),
    )
    assert other_doc.number == f"深圳市生态环境局罚字〔{year}〕1号"  # org_abbr falls back to the name
    assert [
        d.number_seq for d in documents_for_subject(subject).filter(type_code="08.02", organisation=subject)
    ] == [
        1,
        2,
        3,
    ]


def test_numbering_restarts_each_year(actor: Any, subject: Any, context: dict, monkeypatch: Any) -> None:
    first = issue(actor, subject, "08.02", context)
    assert first.number_seq == 1
    assert first.issued_at is not None
    new_year = dt.datetime(first.issued_at.year + 1, 1, 2, 9, 0, tzinfo=SHANGHAI)
    monkeypatch.setattr(documents_service.timezone, "now", lambda: new_year)
    again = issue(actor, subject, "08.02", context)
    assert (again.number_year, again.number_seq) == (new_year.year, 1)
    assert again.number == f"深市监罚字〔{new_year.year}〕1号"


def test_numbering_format_is_configurable_per_organisation(actor: Any, subject: Any, context: dict) -> None:
    NumberingFormat.objects.create(
        organisation=subject, number_kind="罚", pattern="{org_abbr}罚〔{year}〕{seq3}号"
    )
    doc = issue(actor, subject, "08.02", context)
    assert doc.number.endswith("〕001号")
    assert doc.number.startswith("深市监罚〔")


def test_failed_render_consumes_no_number(actor: Any, subject: Any, context: dict, monkeypatch: Any) -> None:
    draft = document_draft(
        actor=actor, subject=subject, organisation=subject, type_code="08.02", data=context
    )

    def broken(_doc: Any) -> tuple[bytes, int]:
        raise DocumentRenderFailed("PDF 文书生成失败：测试")

    monkeypatch.setattr(documents_service, "render_pdf", broken)
    with pytest.raises(DocumentRenderFailed):
        document_issue(actor=actor, document=draft)
    draft.refresh_from_db()
    assert (draft.status, draft.number, draft.docx_file) == ("draft", "", "")
    assert not DocumentNumberSequence.objects.filter(last_seq__gt=0).exists()
    monkeypatch.undo()
    assert document_issue(actor=actor, document=draft).number_seq == 1


def test_issued_document_is_signed_and_one_changed_byte_fails(
    actor: Any, subject: Any, context: dict
) -> None:
    doc = issue(actor, subject, "08.02", context)
    assert document_signature_valid(doc)
    assert doc.page_count
    assert doc.page_count >= 1
    assert doc.docx_file.startswith("private/documents/")
    with default_storage.open(doc.pdf_file, "rb") as fh:
        pdf = fh.read()
    with default_storage.open(doc.docx_file, "rb") as fh:
        docx = fh.read()
    assert document_verify_bytes(pdf) == doc
    assert document_verify_bytes(docx) == doc
    tampered = bytearray(pdf)
    tampered[len(tampered) // 2] ^= 0x01
    assert document_verify_bytes(bytes(tampered)) is None
    with default_storage.open(doc.pdf_file, "wb") as fh:
        fh.write(bytes(tampered))
    assert not document_signature_valid(doc)


def test_signature_covers_the_number(actor: Any, subject: Any, context: dict) -> None:
    doc = issue(actor, subject, "08.02", context)
    Document.objects.filter(pk=doc.pk).update(number="深市监罚字〔2026〕999号")
    doc.refresh_from_db()
    assert not document_signature_valid(doc)


def test_article_59_missing_fields_block_issuing_the_decision(
    actor: Any, subject: Any, context: dict
) -> None:
    context["remedy"] = {"review_days": 60}
    context["party"]["address"] = ""
    draft = document_draft(
        actor=actor, subject=subject, organisation=subject, type_code="08.02", data=context
    )
    with pytest.raises(ValidationError) as err:
        document_issue(actor=actor, document=draft)
    assert "复议机关" in err.value.message
    assert "诉讼法院" in err.value.message
    assert "当事人地址" in err.value.message
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert not DocumentNumberSequence.objects.exists()


def test_decision_missing_fields_lists_everything_for_an_empty_context() -> None:
    missing = decision_missing_fields({"case": {"penalty": {"kinds": ["罚款"]}}})
    for label in (
        "当事人名称",
        "违法事实",
        "证据",
        "处罚依据",
        "履行方式（缴款方式）",
        "复议机关",
        "诉讼期限",
        "作出决定日期",
    ):
        assert label in missing
    assert "处罚种类" not in missing


def test_warning_only_decision_needs_no_payment_terms(context: dict) -> None:
    context["case"]["penalty"]["kinds"] = ["警告"]
    context["payment"] = {}
    assert decision_missing_fields(context) == []


def test_update_and_reissue_of_an_issued_document_conflict(actor: Any, subject: Any, context: dict) -> None:
    doc = issue(actor, subject, "06.01", context)
    with pytest.raises(Conflict):
        document_update(actor=actor, document=doc, data={})
    with pytest.raises(Conflict):
        document_issue(actor=actor, document=doc)


def test_void_keeps_the_number(actor: Any, subject: Any, context: dict) -> None:
    doc = issue(actor, subject, "06.01", context)
    voided = document_void(actor=actor, document=doc, reason="文书内容有误")
    assert (voided.status, voided.number) == ("void", doc.number)
    assert issue(actor, subject, "06.01", context).number_seq == 2
    with pytest.raises(Conflict):
        document_void(actor=actor, document=voided, reason="再次作废")


def test_every_write_is_audited(actor: Any, subject: Any, context: dict) -> None:
    from zhifa.core.models import AuditEvent

    doc = issue(actor, subject, "08.02", context)
    actions = list(AuditEvent.objects.filter(subject_id=str(doc.pk)).values_list("action", flat=True))
    assert actions == ["documents.document.draft", "documents.document.issue"]


@pytest.mark.django_db(transaction=True)
def test_fifty_parallel_issues_get_numbers_one_to_fifty(
    agency: Any, stand_in_subject: str, make_user: Any
) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers with IMMEDIATE transactions; threads test PostgreSQL")
    from concurrent.futures import ThreadPoolExecutor

    from zhifa.core.audit import Actor

    from .factories import decision_context

    actor = Actor.of(make_user(agency))
    drafts = [
        document_draft(
            actor=actor, subject=agency, organisation=agency, type_code="08.02", data=decision_context()
        )
        for _ in range(50)
    ]

    def run(draft: Document) -> int | None:
        try:
            return document_issue(actor=actor, document=draft).number_seq
        finally:
            connection.close()  # this worker thread's own connection

    with ThreadPoolExecutor(max_workers=8) as pool:
        seqs = list(pool.map(run, drafts))
    assert sorted(s for s in seqs if s is not None) == list(range(1, 51))
    assert DocumentNumberSequence.objects.get(organisation=agency, number_kind="罚").last_seq == 50
