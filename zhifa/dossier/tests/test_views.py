"""Pages, downloads, QR code and label, API; scope through the subject (outsiders get 404)."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
import segno
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from zhifa.dossier.models import DossierArchive
from zhifa.dossier.qr import qr_svg

from .conftest import blank_pdf, upload

pytestmark = pytest.mark.django_db

LABEL = "orgs.organisation"


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(name: str, world: Any, *extra: Any) -> str:
    return reverse(f"dossier:{name}", args=[LABEL, world.subject.pk, *extra])


def test_dossier_page_shows_both_contents_gaps_and_downloads(world: Any) -> None:
    world.fake_issued("02.01", pages=2, number="深市监立字〔2026〕7号")
    world.fake_issued("05.01")
    world.add_evidence(title="无附件的证据")

    response = client_for(world.owner).get(url("detail", world))

    html = response.content.decode()
    assert response.status_code == 200
    assert "卷内目录（正卷）" in html
    assert "卷内目录（副卷）" in html
    assert 'data-label="页号">1–2</td>' in html
    assert "深市监立字〔2026〕7号" in html
    assert "缺少：证据1“无附件的证据”的证据文件" in html
    assert reverse("dossier:download", args=[LABEL, world.subject.pk, "main", "bundle", "pdf"]) in html
    assert url("qr", world) in html
    assert "未归档" in html


def test_downloads_are_pdf_and_docx(world: Any) -> None:
    world.fake_issued("02.01", pages=2)
    client = client_for(world.owner)

    contents = client.get(url("download", world, "main", "contents", "pdf"))
    docx = client.get(url("download", world, "sub", "contents", "docx"))
    bundle = client.get(url("download", world, "main", "bundle", "pdf"))

    assert contents["Content-Type"] == "application/pdf"
    assert contents.content.startswith(b"%PDF")
    assert docx.content.startswith(b"PK")
    assert len(PdfReader(io.BytesIO(bundle.content)).pages) >= 5  # cover, contents, 2 pages, back sheet
    assert client.get(url("download", world, "main", "bundle", "docx")).status_code == 404
    assert client.get(url("download", world, "third", "contents", "pdf")).status_code == 404


def test_qr_encodes_only_the_absolute_url_of_the_subject_page(world: Any) -> None:
    response = client_for(world.owner).get(url("qr", world), HTTP_HOST="zhifa.example.cn")

    expected = f"http://zhifa.example.cn{url('detail', world)}"  # stand-in has no url hook: its dossier
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    independent = io.BytesIO()  # the payload is exactly the URL: segno renders the same symbol
    segno.make(expected, error="m", micro=False).save(
        independent, kind="svg", scale=4, border=2, xmldecl=False
    )
    assert response.content == independent.getvalue()
    pk = world.subject.pk
    assert response.content != qr_svg(expected.replace(f"/{pk}/", f"/{pk + 1}/"))
    assert world.subject.name.encode() not in response.content


def test_qr_uses_the_subjects_own_page_when_registered(world: Any) -> None:
    from zhifa.core import subjects
    from zhifa.dossier.tests.conftest import organisation_access

    subjects.register_subject(LABEL, access=organisation_access, url=lambda o: f"/cases/{o.pk}/")

    response = client_for(world.owner).get(url("qr", world), HTTP_HOST="zhifa.example.cn")

    assert response.content == qr_svg(f"http://zhifa.example.cn/cases/{world.subject.pk}/")


def test_label_page_is_a_60_by_40_mm_sticker_with_number_and_qr(world: Any) -> None:
    response = client_for(world.owner).get(url("label", world))

    html = response.content.decode()
    assert response.status_code == 200
    assert "size: 60mm 40mm" in html
    assert "<svg" in html
    assert world.subject.name in html


@pytest.mark.parametrize("name", ["detail", "qr", "label"])
def test_outsider_gets_404(world: Any, name: str) -> None:
    assert client_for(world.outsider).get(url(name, world)).status_code == 404


def test_outsider_gets_404_on_downloads_and_api(world: Any) -> None:
    client = client_for(world.outsider)
    assert client.get(url("download", world, "main", "bundle", "pdf")).status_code == 404
    assert client.get(f"/api/dossier/{LABEL}/{world.subject.pk}").status_code == 404
    assert client.post(f"/api/dossier/{LABEL}/{world.subject.pk}/archive").status_code == 404


def test_anonymous_is_sent_to_login(world: Any) -> None:
    response = Client().get(url("detail", world))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_api_returns_volumes_items_and_gaps_and_archives(world: Any) -> None:
    world.fake_issued("02.01", pages=2)
    item = world.add_evidence(title="待补文件")
    client = client_for(world.owner)

    body = client.get(f"/api/dossier/{LABEL}/{world.subject.pk}").json()
    assert [v["code"] for v in body["volumes"]] == ["main", "sub"]
    assert [i["page_range"] for i in body["volumes"][0]["items"]] == ["1–2", "—"]
    assert [g["code"] for g in body["gaps"]] == ["evidence_no_file"]
    assert body["archive"] is None

    refused = client.post(f"/api/dossier/{LABEL}/{world.subject.pk}/archive")
    assert refused.status_code == 422
    assert refused.json()["code"] == "dossier_incomplete"
    assert DossierArchive.objects.count() == 0

    from zhifa.evidence.services import evidence_attach_file

    evidence_attach_file(
        actor=world.actor, user=world.owner, evidence=item, file=upload("x.pdf", blank_pdf(1))
    )
    done = client.post(f"/api/dossier/{LABEL}/{world.subject.pk}/archive")
    assert done.status_code == 201
    assert done.json()["signature_valid"] is True
    assert done.json()["main_pages"] == 3
    assert client.post(f"/api/dossier/{LABEL}/{world.subject.pk}/archive").status_code == 409
    page = client.get(url("detail", world)).content.decode()
    assert done.json()["archive_number"] in page


def test_api_archive_needs_write_access(world: Any, make_user: Any, org_world: Any) -> None:
    reader = make_user(org_world.city_justice, "city_supervisor")  # reads every organisation, writes none
    client = client_for(reader)
    assert client.get(f"/api/dossier/{LABEL}/{world.subject.pk}").status_code == 200
    assert client.post(f"/api/dossier/{LABEL}/{world.subject.pk}/archive").status_code == 403
    assert DossierArchive.objects.count() == 0


def test_api_uses_the_registered_requirements(world: Any) -> None:
    from zhifa.dossier import hooks

    hooks.register_dossier_requirements(LABEL, lambda s: hooks.DossierRequirement(required_codes=("02.01",)))
    try:
        body = client_for(world.owner).get(f"/api/dossier/{LABEL}/{world.subject.pk}").json()
    finally:
        hooks._PROVIDERS.pop(LABEL, None)
    assert json.dumps(body["gaps"], ensure_ascii=False).count("缺少：立案审批表") == 1
