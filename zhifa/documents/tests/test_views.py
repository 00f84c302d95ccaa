"""Downloads through the subject, public verification without login, API, 常用语."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from zhifa.core.audit import Actor
from zhifa.documents.models import Document
from zhifa.documents.services import document_draft, document_issue, phrase_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(actor: Actor, subject: Any, context: dict) -> Document:
    draft = document_draft(
        actor=actor, subject=subject, organisation=subject, type_code="08.02", data=context
    )
    return document_issue(actor=actor, document=draft)


@pytest.fixture
def officer_client(make_user: Any, agency: Any) -> Client:
    client = Client()
    client.force_login(make_user(agency))
    return client


@pytest.fixture
def outsider_client(make_user: Any) -> Client:
    from zhifa.orgs.tests.factories import OrganisationFactory

    client = Client()
    client.force_login(make_user(OrganisationFactory(name="广州市市场监督管理局")))
    return client


def test_pdf_and_docx_download_for_a_user_who_reaches_the_subject(
    officer_client: Client, issued: Document
) -> None:
    pdf = officer_client.get(reverse("documents:pdf", args=[issued.pk]))
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    docx = officer_client.get(reverse("documents:docx", args=[issued.pk]))
    assert docx.status_code == 200
    assert b"".join(docx.streaming_content)[:2] == b"PK"  # type: ignore[attr-defined]


def test_download_outside_the_subject_scope_is_not_found(outsider_client: Client, issued: Document) -> None:
    assert outsider_client.get(reverse("documents:pdf", args=[issued.pk])).status_code == 404
    assert outsider_client.get(reverse("documents:docx", args=[issued.pk])).status_code == 404
    assert outsider_client.get(f"/api/documents/{issued.pk}").status_code == 404


def test_anonymous_download_redirects_to_login(issued: Document) -> None:
    response = Client().get(reverse("documents:pdf", args=[issued.pk]))
    assert response.status_code == 302


def test_preview_of_a_draft(officer_client: Client, actor: Actor, subject: Any, context: dict) -> None:
    draft = document_draft(
        actor=actor, subject=subject, organisation=subject, type_code="06.01", data=context
    )
    response = officer_client.get(reverse("documents:preview", args=[draft.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "行政处罚（事先）告知书" in html
    assert "深圳市好味道餐饮有限公司" in html
    docx = officer_client.get(reverse("documents:docx", args=[draft.pk]))
    assert docx.status_code == 200
    assert docx.content[:2] == b"PK"


def test_public_verification_page_shows_validity_but_no_party(issued: Document) -> None:
    response = Client().get(reverse("documents:verify", args=[issued.verify_token]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "签名有效" in html
    assert issued.number in html
    assert "深圳市市场监督管理局" in html
    assert issued.pdf_sm3 in html
    for secret in ("深圳市好味道餐饮有限公司", "王五", "91440300MA5G123456", "东门路"):
        assert secret not in html
    assert Client().get(reverse("documents:verify", args=["nope"])).status_code == 404


def test_public_upload_check_accepts_the_original_and_rejects_a_changed_copy(issued: Document) -> None:
    from django.core.files.storage import default_storage

    with default_storage.open(issued.pdf_file, "rb") as fh:
        pdf = fh.read()
    client = Client()
    url = reverse("documents:verify", args=[issued.verify_token])
    ok = client.post(url, {"file": SimpleUploadedFile("a.pdf", pdf)})
    assert "文件与签发原件一致" in ok.content.decode()
    changed = pdf[:-10] + bytes([pdf[-10] ^ 0x01]) + pdf[-9:]
    bad = client.post(url, {"file": SimpleUploadedFile("a.pdf", changed)})
    assert "未找到与该文件一致的签发文书" in bad.content.decode()


def test_api_verify_without_login(issued: Document) -> None:
    from django.core.files.storage import default_storage

    with default_storage.open(issued.docx_file, "rb") as fh:
        docx = fh.read()
    response = Client().post("/api/documents/verify", {"file": SimpleUploadedFile("a.docx", docx)})
    assert response.status_code == 200
    body = response.json()
    assert body["valid"] is True
    assert body["number"] == issued.number
    assert body["type"] == "行政处罚决定书"
    assert "party" not in body
    response = Client().post("/api/documents/verify", {"file": SimpleUploadedFile("a.docx", b"x")})
    assert response.json() == {
        "valid": False,
        "number": None,
        "type": None,
        "organisation": None,
        "issued_at": None,
        "status": None,
    }


def test_api_lists_documents_of_a_subject(
    officer_client: Client, outsider_client: Client, issued: Document
) -> None:
    query: dict[str, Any] = {"subject_type": issued.subject_type, "subject_id": issued.subject_id}
    rows = officer_client.get("/api/documents/", query).json()
    assert [r["number"] for r in rows] == [issued.number]
    detail = officer_client.get(f"/api/documents/{issued.pk}").json()
    assert detail["data"]["party"]["name"] == "深圳市好味道餐饮有限公司"
    assert outsider_client.get("/api/documents/", query).status_code == 404


def test_phrases_global_plus_own_organisation_and_ancestors(
    make_user: Any, agency: Any, actor: Actor, officer_client: Client
) -> None:
    from zhifa.orgs.tests.factories import OrganisationFactory

    child = OrganisationFactory(name="罗湖监管局", parent=agency)
    stranger: Any = OrganisationFactory(name="别的局")
    phrase_create(actor=actor, organisation=None, category="facts", text="全局常用语")
    phrase_create(actor=actor, organisation=agency, category="facts", text="上级常用语")
    phrase_create(actor=actor, organisation=stranger, category="facts", text="别人的常用语")
    phrase_create(actor=actor, organisation=agency, category="opinion", text="别的类别")
    client = Client()
    client.force_login(make_user(child))
    texts = [p["text"] for p in client.get("/api/documents/phrases", {"category": "facts"}).json()]
    assert texts == ["全局常用语", "上级常用语"]
    partial = client.get(reverse("documents:phrase_options"), {"category": "facts"}).content.decode()
    assert '<datalist id="phrases-facts">' in partial
    assert "上级常用语" in partial


def test_phrase_manage_page_needs_the_permission(make_user: Any, agency: Any, officer_client: Client) -> None:
    assert officer_client.get(reverse("documents:phrases")).status_code == 403
    admin = Client()
    admin.force_login(make_user(agency, is_superuser=True))
    response = admin.post(
        reverse("documents:phrases"), {"category": "facts", "text": "责令改正", "order": "1"}
    )
    assert response.status_code == 302
    assert "责令改正" in admin.get(reverse("documents:phrases")).content.decode()
