"""Documents issued by the case's actions (RECORDS §2), bound to the case's data, with their service
recorded and the effective service date starting the right clock (SAMR程序规定第82条; 民诉法)."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.storage import default_storage
from pypdf import PdfReader

from zhifa.cases.choices import CaseState as S
from zhifa.cases.models import IssuingProfile
from zhifa.cases.paperwork.words import amount_in_words
from zhifa.core.audit import Actor
from zhifa.core.crypto_fields import decrypt_identity
from zhifa.core.errors import ValidationError
from zhifa.documents.models import Document, ServiceRecord
from zhifa.documents.services import document_signature_valid
from zhifa.parties.models import ID_NUMBER_CONTEXT

from .test_case_engine import ON_SPOT, to_notified

pytestmark = pytest.mark.django_db
D = date


def pdf_text(document: Document) -> str:
    with default_storage.open(document.pdf_file) as fh:
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(fh.read())).pages)
    return "".join(text.split())  # lines wrap anywhere in Chinese text


def docs(case: Any) -> dict[str, Document]:
    rows = Document.objects.filter(subject_type="cases.case", subject_id=case.pk).order_by("pk")
    return {d.type_code: d for d in rows}


def reviewed_without_provisions(w: Any) -> Any:
    """立案 03-10, investigated (facts and a 3,000 元 fine, no evidence summary or provisions), reviewed."""
    case = w.register()
    w.act(w.user_a, case, "open", D(2026, 3, 10))
    w.approve_all(case, D(2026, 3, 10), w.leader, w.head)
    w.act(
        w.user_a,
        case,
        "conclude_investigation",
        D(2026, 3, 20),
        facts="销售过期食品",
        proposed_kinds=["fine"],
        proposed_fine="3000",
    )
    w.act(w.user_a, case, "submit_review", D(2026, 3, 20))
    return w.approve(w.leader, case, D(2026, 3, 23))


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("6000", "陆仟元整"),
        ("12005.50", "壹万贰仟零伍元伍角整"),
        ("100000", "壹拾万元整"),
        ("10010", "壹万零壹拾元整"),
        ("105000000", "壹亿零伍佰万元整"),
        ("0.05", "伍分"),
    ],
)
def test_amounts_in_words_follow_the_payment_settlement_rules(amount: str, words: str) -> None:
    assert amount_in_words(Decimal(amount)) == words


def test_the_general_procedure_issues_its_documents_and_serves_them(case_world: Any) -> None:
    w = case_world
    case = to_notified(w, w.register())
    issued = docs(case)
    assert {"02.01", "05.01", "06.01", "09.02"} <= set(issued)
    assert "06.02" not in issued  # no hearing right at 8,000 元: the plain 告知书
    assert ServiceRecord.objects.get(document=issued["06.01"]).effective_on == D(2026, 4, 1)
    case = w.act(w.user_a, case, "submit_decision", D(2026, 4, 10), decided_fine="6000")
    case = w.approve_all(case, D(2026, 4, 10), w.leader, w.head)
    decision = docs(case)["08.02"]
    assert "罚字〔2026〕" in decision.number  # gap-free 罚字 number of the unit
    text = pdf_text(decision)
    for expected in (
        "深圳市罗湖区某某食品有限公司",
        "销售超过保质期的食品12箱",
        "陆仟元整",
        "第一百二十四条",
        "深圳市罗湖区人民政府",  # 行政复议法第二十四条: the government at the department's level
        "深圳市罗湖区人民法院",
    ):
        assert expected in text, expected
    assert document_signature_valid(decision)
    case = w.act(
        w.user_a, case, "serve_decision", D(2026, 4, 13), served_on="2026-04-13", service_method="direct"
    )
    record = ServiceRecord.objects.get(document=decision)
    assert (record.method, record.effective_on, case.decision_served_on) == (
        "direct",
        D(2026, 4, 13),
        D(2026, 4, 13),
    )


def test_a_unit_configures_its_reconsideration_body_court_and_bank(case_world: Any) -> None:
    w = case_world
    IssuingProfile.objects.create(
        organisation=w.unit,
        review_body="深圳市市场监督管理局",
        court="深圳市罗湖区人民法院",
        payment_bank="中国工商银行深圳罗湖支行",
        payment_account="4000021234567890",
    )
    case = to_notified(w, w.register())
    case = w.act(w.user_a, case, "submit_decision", D(2026, 4, 10))
    case = w.approve_all(case, D(2026, 4, 10), w.leader, w.head)
    text = pdf_text(docs(case)["08.02"])
    assert "深圳市市场监督管理局申请行政复议" in text
    assert "4000021234567890" in text


def test_service_by_public_notice_takes_effect_30_days_later_and_starts_the_window_then(
    case_world: Any,
) -> None:
    w = case_world
    case2 = reviewed_without_provisions(w)
    case2 = w.act(
        w.user_a, case2, "notify", D(2026, 4, 1), served_on="2026-04-01", service_method="public_notice"
    )
    # SAMR程序规定第82条 / 民诉法第95条: 公告 is deemed served 30 days after publication.
    assert case2.notice_served_on == D(2026, 5, 1)
    record = ServiceRecord.objects.get(document=docs(case2)["06.01"])
    assert (record.method, record.effective_on) == ("public_notice", D(2026, 5, 1))


def test_post_needs_the_receipt_date_and_leaving_needs_a_witness_and_nothing_is_written(
    case_world: Any,
) -> None:
    w = case_world
    case = to_notified(w, w.register())
    case = w.act(w.user_a, case, "submit_decision", D(2026, 4, 10))
    case = w.approve_all(case, D(2026, 4, 10), w.leader, w.head)
    before = (ServiceRecord.objects.count(), Document.objects.count(), case.version)
    with pytest.raises(ValidationError, match="回执上注明的收件日期"):
        w.act(w.user_a, case, "serve_decision", D(2026, 4, 13), served_on="2026-04-13", service_method="post")
    with pytest.raises(ValidationError, match="留置送达须有见证人"):
        w.act(w.user_a, case, "serve_decision", D(2026, 4, 13), served_on="2026-04-13", service_method="left")
    case.refresh_from_db()
    assert (ServiceRecord.objects.count(), Document.objects.count(), case.version) == before
    case = w.act(
        w.user_a,
        case,
        "serve_decision",
        D(2026, 4, 16),
        served_on="2026-04-13",
        service_method="post",
        receipt_date="2026-04-15",
    )
    assert case.decision_served_on == D(2026, 4, 15)  # the receipt's date starts the 15 payment days


def test_an_incomplete_decision_is_refused_when_put_to_the_head(case_world: Any) -> None:
    w = case_world
    case = reviewed_without_provisions(w)
    case = w.act(w.user_a, case, "notify", D(2026, 4, 1), served_on="2026-04-01")
    with pytest.raises(ValidationError, match="第五十九条）：证据、处罚依据"):
        w.act(w.user_a, case, "submit_decision", D(2026, 4, 10))
    case.refresh_from_db()
    assert case.state == S.NOTIFIED


def test_the_on_the_spot_decision_masks_the_persons_id_and_states_reconsideration_first(
    case_world: Any,
) -> None:
    w = case_world
    case = w.register(procedure="summary", party=w.person, cause="占道经营", today=D(2026, 3, 9))
    case = w.act(
        w.user_a,
        case,
        "decide_on_spot",
        D(2026, 3, 9),
        **ON_SPOT,
        decided_on="2026-03-09",
        decided_kinds=["fine"],
        decided_fine="100",
    )
    on_spot = docs(case)["08.05"]
    text = pdf_text(on_spot)
    assert "王某" in text
    masked = w.person.id_number_masked
    full = decrypt_identity(bytes(w.person.id_number_cipher), context=ID_NUMBER_CONTEXT)
    assert masked != full
    assert masked in text
    assert full not in text
    assert "先向" in text  # 行政复议法第二十三条: 当场处罚 → 复议前置
    assert ServiceRecord.objects.get(document=on_spot).effective_on == D(2026, 3, 9)


def test_archiving_needs_a_complete_dossier_and_records_a_signed_numbered_archive(case_world: Any) -> None:
    """SAMR程序规定第78条: one case, one complete file; a leftover draft or a served document without
    its 送达回证 blocks 归档 with the list of what to add."""
    from zhifa.documents.services import document_draft
    from zhifa.dossier.models import DossierArchive
    from zhifa.dossier.services import dossier_archive_valid

    w = case_world
    case = w.register(procedure="summary", party=w.person, cause="占道经营", today=D(2026, 3, 9))
    case = w.act(
        w.user_a,
        case,
        "decide_on_spot",
        D(2026, 3, 9),
        **ON_SPOT,
        decided_on="2026-03-09",
        decided_kinds=["fine"],
        decided_fine="100",
    )
    case = w.act(w.user_a, case, "record_payment", D(2026, 3, 12), paid_on="2026-03-12")
    case = w.act(w.leader, case, "close", D(2026, 3, 13))
    stray = document_draft(
        actor=Actor.of(w.user_a), subject=case, organisation=w.unit, type_code="03.01", data={}
    )
    with pytest.raises(ValidationError, match="卷宗不完整"):
        w.act(w.leader, case, "archive", D(2026, 3, 16))
    assert not DossierArchive.objects.exists()
    stray.delete()
    case = w.act(w.leader, case, "archive", D(2026, 3, 16))
    archive = DossierArchive.objects.get(subject_type="cases.case", subject_id=case.pk)
    assert case.state == S.ARCHIVED
    assert "档" in archive.archive_number
    assert dossier_archive_valid(archive)


def test_the_notice_states_the_statement_window_the_clock_uses(case_world: Any) -> None:
    """A province's own 陈述申辩 window (configuration) is both the clock and the notice's words."""
    from zhifa.cases.models import CasePeriod

    w = case_world
    CasePeriod.objects.create(
        code="statement_window",
        title="陈述、申辩",
        amount=3,
        unit="wd",
        province_code="44",
        valid_from=D(2021, 7, 15),
        basis="某省行政处罚程序规定（示例）",
    )
    case = to_notified(w, w.register())  # notice served Wed 04-01
    assert "3个工作日内" in pdf_text(docs(case)["06.01"])
    from zhifa.worklist.models import Deadline

    clock = Deadline.objects.get(subject_id=case.pk, rule_code="penalty.statement")
    assert clock.due_on == D(2026, 4, 7)  # Thu 2 (1), Fri 3 (2), 清明 4–6 off, Tue 7 (3)
