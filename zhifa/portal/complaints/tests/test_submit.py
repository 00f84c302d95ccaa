"""A public complaint becomes a clue through the clues services: the receiving unit's number, the
channel, the reporter kept in the clues' restricted record, the district of the map point, photos
without metadata stored privately, only the tracking code's digest kept; all or nothing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from unittest import mock

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.db import models

from zhifa.clues.models import Clue, ClueReporter
from zhifa.core.errors import ValidationError
from zhifa.core.models import AuditEvent
from zhifa.portal.complaints.digests import secret_digest
from zhifa.portal.complaints.models import Complaint, ComplaintPhoto
from zhifa.portal.complaints.photos import check_photo, check_photos
from zhifa.portal.complaints.rules import TRACKING_CONTEXT
from zhifa.portal.complaints.services import ContactInput
from zhifa.portal.complaints.services.submit import CODE_MAIL_SUBJECT

from .conftest import REPORTER, ComplaintWorld, jpeg_with_exif, photo_upload

pytestmark = pytest.mark.django_db


def test_a_web_complaint_becomes_a_registered_clue_of_the_receiving_unit(cw: ComplaintWorld) -> None:
    submitted = cw.submit(attributes={"venue": ["shop"]})
    clue = Clue.objects.get()
    assert submitted.complaint.clue == clue
    assert clue.state == "registered"
    assert clue.channel == "complaint"
    assert clue.organisation == cw.agency
    assert "线" in clue.number
    assert clue.violation == "食品安全"
    assert clue.domain == "market"
    assert clue.party_name == "某某食品店"
    assert clue.place == "罗湖区东门街道测试路1号"
    assert clue.place_region_code == "440303"  # the district of the map point
    assert (clue.lat, clue.lng) == (Decimal("22.547000"), Decimal("114.120000"))
    assert "过期牛奶" in clue.content
    assert "场所类型：商店" in clue.content
    assert clue.created_by_id is None
    complaint = submitted.complaint
    assert (complaint.source, complaint.organisation, complaint.region_code) == ("web", cw.agency, "4403")


def test_the_reporter_is_kept_in_the_clues_reporter_record_and_nowhere_else(cw: ComplaintWorld) -> None:
    submitted = cw.submit()
    reporter = ClueReporter.objects.get()
    assert (reporter.name, reporter.phone, reporter.email) == (
        REPORTER["name"],
        REPORTER["phone"],
        REPORTER["email"],
    )
    assert (reporter.channel, reporter.wants_reply, reporter.anonymous) == ("email", True, False)
    assert submitted.complaint.reporter == reporter
    row = Complaint.objects.filter(pk=submitted.complaint.pk).values().get()
    flat = " ".join(str(v) for v in row.values())
    for mark in REPORTER.values():
        assert mark not in flat
    event = AuditEvent.objects.get(action="complaints.complaint.submit")
    assert all(mark not in event.payload for mark in REPORTER.values())
    assert event.actor_label == "public:web"


def test_only_the_digest_of_the_tracking_code_is_stored(cw: ComplaintWorld) -> None:
    submitted = cw.submit()
    code = submitted.tracking_code
    complaint = Complaint.objects.get()
    assert complaint.tracking_index == secret_digest(code, context=TRACKING_CONTEXT)
    values = " ".join(str(v) for v in Complaint.objects.values().get().values())
    assert code not in values
    assert submitted.display_code not in values
    events = " ".join(e.payload for e in AuditEvent.objects.all())
    assert code not in events


def test_an_anonymous_complaint_keeps_no_contact_and_is_answered_online(cw: ComplaintWorld) -> None:
    cw.submit(contact=ContactInput(**REPORTER, anonymous=True, reply_channel="sms"))
    reporter = ClueReporter.objects.get()
    assert reporter.anonymous is True
    assert (reporter.name, reporter.phone, reporter.email) == ("", "", "")
    assert (reporter.channel, reporter.wants_reply) == ("portal", True)


def test_a_mobile_number_with_the_country_code_is_kept_without_it(cw: ComplaintWorld) -> None:
    cw.submit(contact=ContactInput(name="王五", phone="+86 139 0013 9000", reply_channel="sms"))
    assert ClueReporter.objects.get().phone == "13900139000"


def test_contact_and_reply_channel_are_checked_all_at_once(cw: ComplaintWorld) -> None:
    with pytest.raises(ValidationError) as err:
        cw.submit(
            description="短",
            lat=None,
            lng=None,
            address="",
            contact=ContactInput(name="王五", phone="138-abc", email="not-mail", reply_channel="sms"),
        )
    assert set(err.value.fields) == {"description", "address", "phone", "email"}
    assert Clue.objects.count() == Complaint.objects.count() == 0


def test_a_point_outside_the_jurisdiction_is_refused_and_nothing_is_written(cw: ComplaintWorld) -> None:
    with pytest.raises(ValidationError) as err:
        cw.submit(lat=Decimal("23.129000"), lng=Decimal("113.264000"))
    assert "不在本平台受理范围内" in err.value.message
    assert Clue.objects.count() == 0


def test_an_address_alone_locates_a_complaint(cw: ComplaintWorld) -> None:
    cw.submit(lat=None, lng=None, address="福田区华强北路某号")
    clue = Clue.objects.get()
    assert (clue.place, clue.place_region_code, clue.lat) == ("福田区华强北路某号", "", None)


def test_a_map_point_without_an_address_names_its_district(cw: ComplaintWorld) -> None:
    cw.submit(address="")
    assert Clue.objects.get().place == "罗湖区（地图选点）"


def test_photos_are_stored_privately_without_their_exif(cw: ComplaintWorld, photo: Any) -> None:
    from PIL import Image

    cw.submit(photos=[photo])
    row = ComplaintPhoto.objects.get()
    assert row.name.startswith("private/complaints/")
    assert row.name.endswith(".jpg")
    assert (row.content_type, row.width, row.height) == ("image/jpeg", 64, 48)
    with default_storage.open(row.name, "rb") as handle:
        data = handle.read()
    assert len(data) == row.size
    assert b"GPS" not in data
    assert "陈小明".encode() not in data
    with default_storage.open(row.name, "rb") as handle, Image.open(handle) as image:
        assert image.getexif() == {} or 0x8825 not in image.getexif()
    assert "附现场照片1张" in Clue.objects.get().content


def test_what_is_not_a_picture_is_refused_with_a_clear_message() -> None:
    with pytest.raises(ValidationError, match="无法识别"):
        check_photo(photo_upload("x.jpg", b"%PDF-1.4 not an image"))
    with pytest.raises(ValidationError, match="为空"):
        check_photo(photo_upload("x.jpg", b""))
    gif = photo_upload(
        "x.gif",
        b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;",
    )
    with pytest.raises(ValidationError, match="格式不支持"):
        check_photo(gif)


def test_too_many_or_too_large_photos_are_refused(settings: Any) -> None:
    with pytest.raises(ValidationError, match="最多上传 3 张"):
        check_photos([photo_upload() for _ in range(4)])
    settings.ZHIFA_COMPLAINT_MAX_PHOTO_BYTES = 100
    with pytest.raises(ValidationError, match="超过"):
        check_photo(photo_upload("big.jpg", jpeg_with_exif()))


def test_a_failure_after_the_photos_were_stored_removes_them_and_writes_nothing(
    cw: ComplaintWorld, photo: Any, tmp_path: Any
) -> None:
    with (
        mock.patch.object(ComplaintPhoto.objects, "create", side_effect=RuntimeError("disk")),
        pytest.raises(RuntimeError),
    ):
        cw.submit(photos=[photo])
    assert Clue.objects.count() == Complaint.objects.count() == ClueReporter.objects.count() == 0
    _, files = (
        default_storage.listdir("private/complaints")
        if default_storage.exists("private/complaints")
        else ([], [])
    )
    stored = [p for p in (tmp_path / "media").rglob("*") if p.is_file()]
    assert stored == []
    assert files == []


def test_the_tracking_code_is_mailed_after_commit_when_asked(
    cw: ComplaintWorld, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        submitted = cw.submit(
            mail_code_to=REPORTER["email"], track_url="https://gs.example.gov.cn/gs/complaints/track/"
        )
    (message,) = mail.outbox
    assert message.to == [REPORTER["email"]]
    assert message.subject == CODE_MAIL_SUBJECT
    assert submitted.display_code in message.body
    assert "/gs/complaints/track/" in message.body


def test_no_mail_when_not_asked(cw: ComplaintWorld, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        cw.submit()
    assert mail.outbox == []


def test_the_complaint_row_has_no_column_for_any_identity() -> None:
    names = {f.name for f in Complaint._meta.get_fields() if isinstance(f, models.Field)}
    assert not names & {"name", "phone", "email", "id_number", "tracking_code"}
