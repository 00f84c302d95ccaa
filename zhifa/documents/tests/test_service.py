"""送达: effective dates per method (SAMR Art. 82; 民诉法 Art. 95), consent for electronic service,
and the generated 送达回证."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from zhifa.core.errors import ValidationError
from zhifa.documents.selectors import served_on, service_records_for_subject
from zhifa.documents.services import document_draft, document_issue, document_serve

pytestmark = pytest.mark.django_db
AT = dt.datetime(2026, 3, 3, 10, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def decision(actor: Any, subject: Any, context: dict) -> Any:
    draft = document_draft(
        actor=actor, subject=subject, organisation=subject, type_code="08.02", data=context
    )
    return document_issue(actor=actor, document=draft)


def test_direct_service_is_effective_on_the_day_and_makes_a_receipt(
    actor: Any, decision: Any, subject: Any
) -> None:
    record = document_serve(
        actor=actor, document=decision, method="direct", served_at=AT, recipient="王五", place="东门路1号"
    )
    assert record.effective_on == dt.date(2026, 3, 3)
    receipt = record.receipt_document
    assert receipt is not None
    assert receipt.type_code == "09.02"
    assert receipt.status == "issued"
    assert (receipt.subject_type, receipt.subject_id) == (decision.subject_type, decision.subject_id)
    assert receipt.data["service"]["document_number"] == decision.number
    assert receipt.data["service"]["method_label"] == "直接送达"
    assert served_on(decision) == dt.date(2026, 3, 3)
    assert list(service_records_for_subject(subject)) == [record]


def test_public_notice_is_deemed_served_thirty_days_after_publication(actor: Any, decision: Any) -> None:
    record = document_serve(
        actor=actor, document=decision, method="public_notice", served_at=AT, recipient="王五"
    )
    assert record.effective_on == dt.date(2026, 4, 2)


def test_post_takes_the_receipt_date(actor: Any, decision: Any) -> None:
    with pytest.raises(ValidationError):
        document_serve(actor=actor, document=decision, method="post", served_at=AT, recipient="王五")
    record = document_serve(
        actor=actor,
        document=decision,
        method="post",
        served_at=AT,
        recipient="王五",
        receipt_date="2026-03-06",
        receipt_no="EMS1",
    )
    assert record.effective_on == dt.date(2026, 3, 6)
    assert served_on(decision) == dt.date(2026, 3, 6)


def test_left_service_needs_a_witness(actor: Any, decision: Any) -> None:
    with pytest.raises(ValidationError):
        document_serve(actor=actor, document=decision, method="left", served_at=AT, recipient="王五")
    record = document_serve(
        actor=actor,
        document=decision,
        method="left",
        served_at=AT,
        recipient="王五",
        witnesses="社区干部刘某",
    )
    assert record.effective_on == AT.date()


def test_electronic_service_without_consent_is_refused(actor: Any, decision: Any) -> None:
    with pytest.raises(ValidationError) as err:
        document_serve(actor=actor, document=decision, method="electronic", served_at=AT, recipient="王五")
    assert err.value.code == "electronic_service_without_consent"
    assert not decision.services.exists()


def test_electronic_service_with_an_address_confirmation(actor: Any, decision: Any, subject: Any) -> None:
    confirmation = document_draft(
        actor=actor, subject=subject, organisation=subject, type_code="09.01", data={}
    )
    from zhifa.documents.models import Document

    Document.objects.filter(pk=confirmation.pk).update(
        status="issued"
    )  # 09.01 is signed on paper (no template)
    record = document_serve(
        actor=actor,
        document=decision,
        method="electronic",
        served_at=AT,
        recipient="王五",
        reached_at="2026-03-04",
    )
    assert record.consent_document_id == confirmation.pk
    assert record.effective_on == dt.date(2026, 3, 4)


def test_electronic_service_with_explicit_consent(actor: Any, decision: Any) -> None:
    record = document_serve(
        actor=actor,
        document=decision,
        method="electronic",
        served_at=AT,
        recipient="王五",
        consent_confirmed=True,
        consent_note="当事人在询问笔录中书面同意电子送达至 wang@example.com",
    )
    assert record.effective_on == AT.date()


def test_only_issued_documents_are_served(actor: Any, subject: Any, context: dict) -> None:
    draft = document_draft(
        actor=actor, subject=subject, organisation=subject, type_code="06.01", data=context
    )
    with pytest.raises(ValidationError):
        document_serve(actor=actor, document=draft, method="direct", served_at=AT, recipient="王五")
