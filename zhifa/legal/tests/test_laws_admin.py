"""Admin of the law library: read-only laws/versions; article edits go through the service."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from zhifa.core.models import AuditEvent
from zhifa.legal.models import Law, LawVersion
from zhifa.legal.search import get_search_backend
from zhifa.orgs.tests.factories import UserFactory

from .laws_support import article, import_laws

pytestmark = pytest.mark.django_db


def change_form(text: str, paragraphs: int) -> dict[str, Any]:
    """The article change form: its text plus the management form of the read-only paragraph inline."""
    return {
        "text": text,
        "paragraphs-TOTAL_FORMS": str(paragraphs),
        "paragraphs-INITIAL_FORMS": str(paragraphs),
        "paragraphs-MIN_NUM_FORMS": "0",
        "paragraphs-MAX_NUM_FORMS": "1000",
    }


@pytest.fixture
def admin_client(org_world: Any) -> Client:
    import_laws("行政强制法")
    client = Client()
    superuser = UserFactory.create(organisation=org_world.city_justice, is_staff=True, is_superuser=True)
    client.force_login(superuser)
    return client


def test_law_and_version_pages_are_read_only(admin_client: Client) -> None:
    law = Law.objects.get()
    version = LawVersion.objects.get()
    assert admin_client.get(reverse("admin:legal_law_changelist")).status_code == 200
    page = admin_client.get(reverse("admin:legal_law_change", args=[law.pk])).content.decode()
    assert "中华人民共和国行政强制法" in page
    assert 'name="_save"' not in page
    assert admin_client.get(reverse("admin:legal_lawversion_change", args=[version.pk])).status_code == 200
    assert admin_client.get(reverse("admin:legal_law_add")).status_code == 403


def test_editing_an_article_in_admin_resplits_reindexes_and_audits(admin_client: Client) -> None:
    target = article("行政强制法", 2)
    url = reverse("admin:legal_article_change", args=[target.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url,
        change_form("本法所称行政强制，包括蓝牙封存。\n（一）甲；\n（二）乙。", target.paragraphs.count()),
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.text == "本法所称行政强制，包括蓝牙封存。\n（一）甲；\n（二）乙。"
    assert [p.items.count() for p in target.paragraphs.all()] == [2]
    assert get_search_backend().search("蓝牙封存").ids == [target.pk]
    assert AuditEvent.objects.filter(action="legal.article.update", subject_id=str(target.pk)).count() == 1


def test_admin_rejects_items_out_of_order_with_a_chinese_message(admin_client: Client) -> None:
    target = article("行政强制法", 2)
    before = target.text
    response = admin_client.post(
        reverse("admin:legal_article_change", args=[target.pk]),
        change_form("导语：\n（一）甲；\n（三）丙。", target.paragraphs.count()),
    )
    assert response.status_code == 200
    assert "项号（三）不连续" in response.content.decode()
    target.refresh_from_db()
    assert target.text == before
