from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from zhifa.core.gm import sm3_hex
from zhifa.evidence.models import CustodyEvent, Evidence

from .conftest import jpeg_bytes, pdf_bytes, upload, wav_bytes

pytestmark = pytest.mark.django_db

API = "/api/evidence/"


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_create_with_files_then_list_detail_custody_and_more_files(world: Any) -> None:
    client = client_for(world.owner)
    photo, report = jpeg_bytes(), pdf_bytes()
    created = client.post(
        API,
        {
            "subject_type": "orgs.organisation",
            "subject_id": world.subject.pk,
            "kind": "expert_opinion",
            "title": "检验报告",
            "collected_at": "2025-03-01T09:00:00+08:00",
            "page_count": "3",
            "details": json.dumps({"issuing_body": "市检测院", "notified_on": "2025-03-03"}),
            "files": [upload("report.pdf", report), upload("seal.jpg", photo)],
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["seq"] == 1
    assert body["kind_label"] == "鉴定意见"
    assert body["details"] == {"issuing_body": "市检测院", "notified_on": "2025-03-03"}
    assert [f["sm3"] for f in body["files"]] == [sm3_hex(report), sm3_hex(photo)]
    assert body["files"][1]["preview_url"]
    assert [e["action"] for e in body["custody"]] == ["collected", "file_added", "file_added"]
    assert body["custody_intact"] is True

    listing = client.get(API, {"subject_type": "orgs.organisation", "subject_id": world.subject.pk})
    assert listing.status_code == 200
    assert [row["title"] for row in listing.json()] == ["检验报告"]

    evidence_id = body["id"]
    step = client.post(
        f"{API}{evidence_id}/custody",
        {"action": "sent_for_testing", "holder": "市检测院", "note": "送检"},
        content_type="application/json",
    )
    assert step.status_code == 201
    assert step.json()["seq"] == 4

    more = client.post(f"{API}{evidence_id}/files", {"files": [upload("录音.wav", wav_bytes())]})
    assert more.status_code == 201
    assert more.json()[0]["media_kind"] == "audio"

    CustodyEvent.objects.filter(pk=step.json()["id"]).update(holder="别人")
    detail = client.get(f"{API}{evidence_id}").json()
    assert detail["custody_intact"] is False
    assert detail["custody_broken_event"] == step.json()["id"]


def test_api_refuses_a_disguised_file_with_a_stable_code(world: Any) -> None:
    response = client_for(world.owner).post(
        API,
        {
            "subject_type": "orgs.organisation",
            "subject_id": world.subject.pk,
            "kind": "documentary",
            "title": "合同",
            "files": [upload("contract.pdf", b"MZ\x90\x00not a pdf")],
        },
    )
    assert response.status_code == 422
    assert response.json()["code"] == "file_rejected"
    assert "不符" in response.json()["message"]
    assert Evidence.objects.count() == 0


def test_api_outside_scope_is_404_and_exclusion_works(world: Any, add_evidence: Any) -> None:
    item = add_evidence()
    outsider = client_for(world.outsider)
    assert outsider.get(f"{API}{item.pk}").status_code == 404
    assert (
        outsider.get(API, {"subject_type": "orgs.organisation", "subject_id": world.subject.pk}).status_code
        == 404
    )
    assert (
        outsider.post(f"{API}{item.pk}/exclude", {"reason": "x"}, content_type="application/json").status_code
        == 404
    )
    owner = client_for(world.owner)
    excluded = owner.post(f"{API}{item.pk}/exclude", {"reason": "违法取得"}, content_type="application/json")
    assert excluded.status_code == 200
    assert excluded.json()["admissible"] is False
    again = owner.post(f"{API}{item.pk}/exclude", {"reason": "违法取得"}, content_type="application/json")
    assert again.status_code == 409


def test_openapi_lists_the_evidence_endpoints(world: Any) -> None:
    schema = client_for(world.owner).get("/api/openapi.json").json()
    paths = schema["paths"]
    assert {"/api/evidence/", "/api/evidence/{evidence_id}", "/api/evidence/{evidence_id}/custody"} <= set(
        paths
    )
    assert "multipart/form-data" in paths["/api/evidence/"]["post"]["requestBody"]["content"]
