from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image

from zhifa.core.audit import audit_verify
from zhifa.core.errors import Conflict, ValidationError
from zhifa.core.gm import sm3_hex
from zhifa.core.models import AuditEvent
from zhifa.evidence.choices import CustodyAction, EvidenceKind, MediaKind
from zhifa.evidence.models import CustodyEvent, Evidence, EvidenceFile
from zhifa.evidence.selectors import evidence_for_subject, evidence_list_rows
from zhifa.evidence.services import (
    custody_verify,
    evidence_attach_file,
    evidence_custody_record,
    evidence_exclude,
    evidence_file_verify,
)

from .conftest import jpeg_bytes, pdf_bytes, stored_files, upload, wav_bytes

pytestmark = pytest.mark.django_db

KIND_DETAILS = {
    "documentary": {"provider_signed": "是"},
    "physical": {"held_at": "罗湖监管局证物室", "linked_measure": "先行登记保存"},
    "audiovisual": {"device": "执法记录仪 DSJ-01", "duration": "00:03:12", "recorder": "张明"},
    "electronic": {"source_system": "https://shop.example.cn/item/1", "method": "网页截屏并公证"},
    "witness": {"identity": "李某，店员", "relation": "目击者"},
    "party_statement": {"record_ref": "询问笔录（第1次）", "signed_every_page": "是"},
    "expert_opinion": {
        "issuing_body": "深圳市计量质量检测研究院",
        "qualification": "CMA 2019190000",
        "report_date": "2025-03-01",
        "notified_on": "2025-03-03",
    },
    "inspection_record": {"officers": "张明 44030300077；李华 44030300078", "signatories": "王某"},
}


@pytest.mark.parametrize("kind", EvidenceKind.values)
def test_each_of_the_eight_statutory_kinds_can_be_recorded(kind: str, world: Any, add_evidence: Any) -> None:
    collected = timezone.now() - dt.timedelta(days=1)
    item = add_evidence(
        kind=kind,
        title=f"{EvidenceKind(kind).label}一份",
        description="证明当事人销售过期食品",
        source="当事人提供",
        collected_at=collected,
        place="罗湖区某超市",
        page_count=2,
        details=KIND_DETAILS[kind],
    )
    item.refresh_from_db()
    assert item.kind == kind
    assert item.subject_type == "orgs.organisation"
    assert item.subject_id == world.subject.pk
    assert item.organisation_id == world.organisation.pk
    assert item.region_code == world.organisation.region_code == "4403"
    assert item.seq == 1
    assert item.collected_at == collected
    assert item.collected_by_id == world.owner.pk
    assert item.details == KIND_DETAILS[kind]
    assert item.admissible is True
    events = list(CustodyEvent.objects.filter(evidence=item))
    assert [e.action for e in events] == [CustodyAction.COLLECTED]
    assert events[0].location == "罗湖区某超市"
    assert AuditEvent.objects.filter(action="evidence.evidence.add", subject_id=str(item.pk)).count() == 1
    assert len(EvidenceKind.values) == 8


def test_unknown_kind_and_empty_title_are_refused(add_evidence: Any) -> None:
    with pytest.raises(ValidationError):
        add_evidence(kind="hearsay")
    with pytest.raises(ValidationError):
        add_evidence(title="  ")
    assert Evidence.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "media_kind", "content_type"),
    [
        ("现场照片.jpg", jpeg_bytes(), MediaKind.PHOTO, "image/jpeg"),
        ("检测报告.PDF", pdf_bytes(), MediaKind.PDF, "application/pdf"),
        ("询问录音.wav", wav_bytes(), MediaKind.AUDIO, "audio/wav"),
    ],
)
def test_sm3_of_an_uploaded_file_equals_gm_sm3_of_its_bytes(
    name: str, content: bytes, media_kind: str, content_type: str, add_evidence: Any, media_root: Path
) -> None:
    item = add_evidence(kind="audiovisual", files=[upload(name, content)])
    (row,) = item.files.all()
    assert row.sm3 == sm3_hex(content)
    assert row.size == len(content)
    assert row.original_name == name
    assert row.media_kind == media_kind
    assert row.content_type == content_type
    assert row.file.name.startswith("private/evidence/")
    with default_storage.open(row.file.name, "rb") as handle:
        assert handle.read() == content
    assert (media_root / row.file.name).is_file()  # private/evidence/<yyyy>/<mm>/<uuid>.<ext>
    actions = list(item.custody.values_list("action", "note"))
    assert actions[0][0] == CustodyAction.COLLECTED
    assert actions[1] == (CustodyAction.FILE_ADDED, f"{name}（SM3 {row.sm3}）")
    assert evidence_file_verify(row) is True


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("program.exe", b"MZ\x90\x00" + b"\x00" * 60, "不支持的文件类型"),
        ("假照片.jpg", pdf_bytes(), "内容与扩展名 .jpg 不符"),
        ("假文档.pdf", jpeg_bytes(), "内容与扩展名 .pdf 不符"),
        ("noext", pdf_bytes(), "不支持的文件类型"),
        ("空文件.png", b"", "为空"),
    ],
)
def test_wrong_extension_or_mismatched_magic_bytes_is_refused_with_nothing_written(
    name: str, content: bytes, message: str, add_evidence: Any, media_root: Path
) -> None:
    audit_before = AuditEvent.objects.count()
    good = upload("照片.jpg", jpeg_bytes())
    with pytest.raises(ValidationError) as info:
        add_evidence(files=[good, upload(name, content)])
    assert message in info.value.message
    assert info.value.code == "file_rejected"
    assert Evidence.objects.count() == 0
    assert EvidenceFile.objects.count() == 0
    assert CustodyEvent.objects.count() == 0
    assert AuditEvent.objects.count() == audit_before
    assert stored_files(media_root) == []


def test_a_failure_after_files_were_stored_removes_them(
    add_evidence: Any, media_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from zhifa.evidence import services

    def broken_audit(**kwargs: Any) -> None:
        raise RuntimeError("audit store down")

    monkeypatch.setattr(services, "audit_append", broken_audit)
    with pytest.raises(RuntimeError):
        add_evidence(files=[upload("a.jpg", jpeg_bytes()), upload("b.pdf", pdf_bytes())])
    assert Evidence.objects.count() == 0
    assert EvidenceFile.objects.count() == 0
    assert stored_files(media_root) == []


def test_a_file_over_the_configured_size_limit_is_refused(
    settings: Any, add_evidence: Any, media_root: Path
) -> None:
    settings.ZHIFA_EVIDENCE_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as info:
        add_evidence(files=[upload("big.pdf", pdf_bytes() + b"%" * 2000)])
    assert "超过大小上限" in info.value.message
    assert Evidence.objects.count() == 0
    assert stored_files(media_root) == []


def test_photos_get_a_small_jpeg_thumbnail_and_other_files_none(add_evidence: Any) -> None:
    item = add_evidence(
        kind="audiovisual",
        files=[upload("wide.jpg", jpeg_bytes((1600, 900))), upload("r.pdf", pdf_bytes())],
    )
    photo, pdf = item.files.order_by("id")
    assert photo.preview
    assert photo.preview.name.startswith("private/evidence/")
    with default_storage.open(photo.preview.name, "rb") as handle, Image.open(handle) as thumb:
        assert thumb.format == "JPEG"
        assert max(thumb.size) == 320
        assert thumb.size == (320, 180)
    assert not pdf.preview


def test_changing_one_byte_of_a_stored_file_makes_verify_false(add_evidence: Any) -> None:
    item = add_evidence(files=[upload("doc.pdf", pdf_bytes())])
    row = item.files.get()
    assert evidence_file_verify(row) is True
    path = Path(default_storage.path(row.file.name))
    data = bytearray(path.read_bytes())
    data[20] ^= 0x01
    path.write_bytes(bytes(data))
    assert evidence_file_verify(row) is False
    path.unlink()
    assert evidence_file_verify(row) is False


def test_custody_chain_verify_detects_an_edited_row(world: Any, add_evidence: Any) -> None:
    item = add_evidence(kind="physical", files=[upload("物品.jpg", jpeg_bytes())])
    kw = {"actor": world.actor, "user": world.owner, "evidence": item}
    sealed = evidence_custody_record(
        **kw, action=CustodyAction.SEALED, location="证物室A柜", note="封条编号001"
    )
    evidence_custody_record(**kw, action=CustodyAction.TRANSFERRED, holder="李华", location="证物室")
    evidence_custody_record(**kw, action=CustodyAction.STORED, holder="李华", location="证物库3号")
    assert list(item.custody.values_list("seq", flat=True)) == [1, 2, 3, 4, 5]
    assert custody_verify(item) is None
    CustodyEvent.objects.filter(pk=sealed.pk).update(location="证物室B柜")
    assert custody_verify(item) == sealed.pk
    assert audit_verify() is None  # the audit chain itself is untouched


def test_custody_chain_verify_detects_a_deleted_row_and_a_deleted_tail(world: Any, add_evidence: Any) -> None:
    item = add_evidence(kind="physical")
    kw = {"actor": world.actor, "user": world.owner, "evidence": item}
    first = evidence_custody_record(**kw, action=CustodyAction.SEALED, location="A柜")
    second = evidence_custody_record(**kw, action=CustodyAction.SENT_FOR_TESTING, note="送检测院")
    third = evidence_custody_record(**kw, action=CustodyAction.RETURNED, holder="张明")
    CustodyEvent.objects.filter(pk=third.pk).delete()
    assert custody_verify(item) == second.pk  # the remaining end no longer matches the item's head
    CustodyEvent.objects.filter(pk=first.pk).delete()
    assert custody_verify(item) == second.pk  # its seq and prev_hash no longer link up


def test_custody_rules_require_holder_or_location_and_stop_after_destruction(
    world: Any, add_evidence: Any
) -> None:
    item = add_evidence(kind="physical")
    kw = {"actor": world.actor, "user": world.owner, "evidence": item}
    with pytest.raises(ValidationError):
        evidence_custody_record(**kw, action=CustodyAction.TRANSFERRED)
    with pytest.raises(ValidationError):
        evidence_custody_record(**kw, action=CustodyAction.STORED)
    with pytest.raises(ValidationError):
        evidence_custody_record(**kw, action=CustodyAction.FILE_ADDED)
    evidence_custody_record(**kw, action=CustodyAction.DESTROYED, note="经批准销毁")
    with pytest.raises(Conflict):
        evidence_custody_record(**kw, action=CustodyAction.CHECKED_OUT, holder="李华")
    with pytest.raises(Conflict):
        evidence_attach_file(
            actor=world.actor, user=world.owner, evidence=item, file=upload("x.pdf", pdf_bytes())
        )
    assert custody_verify(item) is None
    assert AuditEvent.objects.filter(action="evidence.custody.record").count() == 1


def test_attach_file_adds_a_file_and_a_chained_custody_event(world: Any, add_evidence: Any) -> None:
    item = add_evidence()
    row = evidence_attach_file(
        actor=world.actor, user=world.owner, evidence=item, file=upload("补充.pdf", pdf_bytes())
    )
    assert row.evidence_id == item.pk
    assert row.sm3 == sm3_hex(pdf_bytes())
    assert item.custody.last().action == CustodyAction.FILE_ADDED
    assert custody_verify(item) is None
    assert AuditEvent.objects.filter(action="evidence.file.add").count() == 1


def test_seq_is_gap_free_per_subject(world: Any, add_evidence: Any) -> None:
    a1 = add_evidence(title="甲1")
    b1 = add_evidence(title="乙1", subject=world.other_subject)
    a2 = add_evidence(title="甲2")
    with pytest.raises(ValidationError):
        add_evidence(title="")  # a refused add does not consume a number
    a3 = add_evidence(title="甲3")
    b2 = add_evidence(title="乙2", subject=world.other_subject)
    assert [a1.seq, a2.seq, a3.seq] == [1, 2, 3]
    assert [b1.seq, b2.seq] == [1, 2]
    assert list(evidence_for_subject(world.subject).values_list("title", flat=True)) == ["甲1", "甲2", "甲3"]


def test_list_rows_exclude_excluded_evidence(world: Any, add_evidence: Any) -> None:
    when = timezone.make_aware(dt.datetime(2025, 3, 2, 23, 30))
    add_evidence(title="营业执照", source="当事人", page_count=1, collected_at=when, description="主体资格")
    bad = add_evidence(title="偷拍录像", kind="audiovisual", collected_at=when)
    add_evidence(
        title="现场照片", kind="audiovisual", collected_at=when, files=[upload("p.jpg", jpeg_bytes())]
    )
    excluded = evidence_exclude(actor=world.actor, evidence=bad, reason="以偷拍方式取得，侵犯他人合法权益")
    assert excluded.admissible is False
    assert excluded.exclusion_reason
    with pytest.raises(Conflict):
        evidence_exclude(actor=world.actor, evidence=bad, reason="再次排除")
    rows = evidence_list_rows(world.subject)
    photo_sm3 = sm3_hex(Path(default_storage.path(str(EvidenceFile.objects.get().file.name))).read_bytes())
    assert rows == [
        {
            "no": 1,
            "kind_label": "书证",
            "title": "营业执照",
            "source": "当事人",
            "collected_on": "2025-03-02",
            "page_count": 1,
            "sm3": "",
            "description": "主体资格",
        },
        {
            "no": 2,
            "kind_label": "视听资料",
            "title": "现场照片",
            "source": "",
            "collected_on": "2025-03-02",
            "page_count": "",
            "sm3": photo_sm3,
            "description": "",
        },
    ]
    assert AuditEvent.objects.filter(action="evidence.evidence.exclude").count() == 1


def test_collected_in_the_future_is_refused(add_evidence: Any) -> None:
    with pytest.raises(ValidationError):
        add_evidence(collected_at=timezone.now() + dt.timedelta(days=1))
    assert Evidence.objects.count() == 0
