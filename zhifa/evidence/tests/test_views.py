from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from zhifa.core.gm import sm3_hex
from zhifa.evidence.models import CustodyEvent, Evidence

from .conftest import jpeg_bytes, pdf_bytes, upload, wav_bytes

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def list_url(world: Any) -> str:
    return reverse(
        "evidence:list", kwargs={"subject_type": "orgs.organisation", "subject_id": world.subject.pk}
    )


def test_add_page_records_evidence_with_a_photo_and_lists_it(world: Any) -> None:
    client = client_for(world.owner)
    page = client.get(list_url(world))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'capture="environment"' in html
    assert 'enctype="multipart/form-data"' in html
    photo = jpeg_bytes()
    response = client.post(
        list_url(world),
        {
            "kind": "audiovisual",
            "title": "现场照片",
            "source": "执法人员拍摄",
            "collected_at": "2025-03-02T10:30",
            "place": "罗湖区某超市",
            "is_original": "1",
            "detail_audiovisual_device": "执法记录仪 DSJ-01",
            "detail_physical_held_at": "ignored: another kind",
            "files": [upload("IMG_0001.JPG", photo)],
        },
    )
    assert response.status_code == 302
    item = Evidence.objects.get()
    assert item.details == {"device": "执法记录仪 DSJ-01"}
    assert item.files.get().sm3 == sm3_hex(photo)
    listing = client.get(list_url(world)).content.decode()
    assert "现场照片" in listing
    assert "已登记证据1：现场照片" in listing


def test_add_page_keeps_input_and_shows_the_chinese_refusal(world: Any) -> None:
    client = client_for(world.owner)
    response = client.post(
        list_url(world),
        {
            "kind": "documentary",
            "title": "合同",
            "is_original": "0",
            "files": [upload("合同.docx", b"PK\x03\x04")],
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "不支持的文件类型" in html
    assert 'value="合同"' in html
    assert Evidence.objects.count() == 0


def test_detail_shows_previews_and_the_chain_state(world: Any, add_evidence: Any) -> None:
    item = add_evidence(
        kind="audiovisual",
        files=[upload("a.jpg", jpeg_bytes()), upload("r.wav", wav_bytes()), upload("b.pdf", pdf_bytes())],
    )
    client = client_for(world.owner)
    html = client.get(reverse("evidence:detail", args=[item.pk])).content.decode()
    photo, audio, pdf = item.files.order_by("id")
    assert reverse("evidence:file_preview", args=[photo.pk]) in html
    assert f'<audio controls preload="metadata" src="{reverse("evidence:file", args=[audio.pk])}"' in html
    assert f'<iframe src="{reverse("evidence:file", args=[pdf.pk])}"' in html
    assert "链条完整" in html
    assert photo.sm3 in html
    CustodyEvent.objects.filter(evidence=item, seq=2).update(note="被改过")
    html = client.get(reverse("evidence:detail", args=[item.pk])).content.decode()
    assert "链条被篡改" in html
    assert "此记录与哈希链不符" in html


def test_owner_downloads_the_exact_bytes_and_ranges(world: Any, add_evidence: Any) -> None:
    content = pdf_bytes()
    item = add_evidence(files=[upload("报告.pdf", content)])
    row = item.files.get()
    client = client_for(world.owner)
    response = client.get(reverse("evidence:file", args=[row.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert b"".join(response.streaming_content) == content  # type: ignore[attr-defined]
    ranged = client.get(reverse("evidence:file", args=[row.pk]), headers={"Range": "bytes=0-7"})
    assert ranged.status_code == 206
    assert ranged["Content-Range"] == f"bytes 0-7/{len(content)}"
    assert b"".join(ranged.streaming_content) == content[:8]  # type: ignore[attr-defined]
    assert (
        client.get(reverse("evidence:file", args=[row.pk]), headers={"Range": "bytes=9999-"}).status_code
        == 416
    )


def test_a_user_outside_the_subjects_scope_gets_404_everywhere(world: Any, add_evidence: Any) -> None:
    item = add_evidence(files=[upload("a.jpg", jpeg_bytes())])
    row = item.files.get()
    client = client_for(world.outsider)
    for url in (
        reverse("evidence:file", args=[row.pk]),
        reverse("evidence:file_preview", args=[row.pk]),
        reverse("evidence:detail", args=[item.pk]),
        list_url(world),
        reverse("evidence:file", args=[row.pk + 999]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("evidence:custody", args=[item.pk]), {"action": "sealed"}).status_code == 404
    assert client.post(list_url(world), {"kind": "documentary", "title": "x"}).status_code == 404
    assert Evidence.objects.count() == 1


def test_unknown_subject_type_fails_closed(world: Any) -> None:
    client = client_for(world.owner)
    url = reverse("evidence:list", kwargs={"subject_type": "cases.nothing", "subject_id": 1})
    assert client.get(url).status_code == 404


def test_anonymous_is_sent_to_login(world: Any, add_evidence: Any) -> None:
    item = add_evidence(files=[upload("a.jpg", jpeg_bytes())])
    response = Client().get(reverse("evidence:file", args=[item.files.get().pk]))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_custody_exclude_and_verify_from_the_detail_page(world: Any, add_evidence: Any) -> None:
    item = add_evidence(kind="physical", files=[upload("a.pdf", pdf_bytes())])
    client = client_for(world.owner)
    detail = reverse("evidence:detail", args=[item.pk])
    bad = client.post(reverse("evidence:custody", args=[item.pk]), {"action": "stored"})
    assert bad.status_code == 400
    assert "封存、入库须填写保管地点" in bad.content.decode()
    ok = client.post(reverse("evidence:custody", args=[item.pk]), {"action": "stored", "location": "证物库"})
    assert ok.status_code == 302
    assert item.custody.last().location == "证物库"
    verified = client.post(reverse("evidence:file_verify", args=[item.files.get().pk]), follow=True)
    assert "校验通过" in verified.content.decode()
    client.post(reverse("evidence:exclude", args=[item.pk]), {"reason": "暴力取证"})
    item.refresh_from_db()
    assert item.admissible is False
    assert "已排除" in client.get(detail).content.decode()


def test_reader_without_write_access_sees_no_forms_and_cannot_post(world: Any, add_evidence: Any) -> None:
    item = add_evidence()
    from zhifa.core import subjects

    def read_only(user: Any, pk: Any, *, write: bool = False) -> Any:
        from zhifa.core.errors import PermissionDenied
        from zhifa.orgs.models import Organisation

        if write:
            raise PermissionDenied()
        return Organisation.objects.get(pk=pk)

    subjects.register_subject("orgs.organisation", access=read_only)
    client = client_for(world.owner)
    html = client.get(list_url(world)).content.decode()
    assert "登记证据</h2>" not in html
    assert "登记保管环节" not in client.get(reverse("evidence:detail", args=[item.pk])).content.decode()
    assert client.post(reverse("evidence:custody", args=[item.pk]), {"action": "sealed"}).status_code == 403
