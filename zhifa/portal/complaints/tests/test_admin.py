"""The administrators' pages: Open311 clients get an API key shown once and stored as a digest, a
new key retires the old one; complaint categories refuse malformed attribute definitions; every
change is audited."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from zhifa.core.models import AuditEvent
from zhifa.orgs.tests.factories import UserFactory
from zhifa.portal.complaints.models import ComplaintService, Open311Client
from zhifa.portal.complaints.selectors import open311_client_for_key

from .conftest import ComplaintWorld

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(cw: ComplaintWorld) -> Client:
    admin: Any = UserFactory(organisation=cw.agency, is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    return client


def _key(response: Any) -> str:
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    found = [m for t in texts for m in re.findall(r"zf311_[A-Za-z0-9_\-]+", t)]
    assert len(found) == 1, texts
    return found[0]


def test_adding_a_client_shows_its_key_once_and_stores_only_a_digest(admin_client: Client) -> None:
    response = admin_client.post(
        "/admin/complaints/open311client/add/",
        {
            "name": "网格化管理系统",
            "contact": "王工 0755-12345678",
            "clue_channel": "report",
            "is_active": "on",
        },
        follow=True,
    )
    assert response.status_code == 200
    key = _key(response)
    client = Open311Client.objects.get(name="网格化管理系统")
    assert key not in " ".join(
        str(v) for v in Open311Client.objects.filter(pk=client.pk).values().get().values()
    )
    assert client.key_prefix == key[:10]
    assert open311_client_for_key(key) == client
    assert AuditEvent.objects.filter(action="complaints.open311_client.create").count() == 1
    listing = admin_client.get("/admin/complaints/open311client/").content.decode()
    assert "网格化管理系统" in listing
    assert key not in listing


def test_the_admin_action_issues_a_new_key_and_the_old_one_stops_working(
    admin_client: Client, cw: ComplaintWorld
) -> None:
    response = admin_client.post(
        "/admin/complaints/open311client/",
        {"action": "issue_new_key", "_selected_action": [cw.client.pk]},
        follow=True,
    )
    new = _key(response)
    assert open311_client_for_key(cw.api_key) is None
    assert open311_client_for_key(new) == cw.client


def test_a_category_with_malformed_attributes_is_refused(admin_client: Client, cw: ComplaintWorld) -> None:
    data = {
        "code": "noise",
        "name": "噪声扰民",
        "service_type": "realtime",
        "receiving_unit": cw.agency.pk,
        "clue_channel": "complaint",
        "attributes": '[{"code": "level", "datatype": "loud"}]',
        "is_active": "on",
        "sort_order": "10",
    }
    refused = admin_client.post("/admin/complaints/complaintservice/add/", data)
    assert refused.status_code == 200
    assert "datatype" in refused.content.decode()
    assert not ComplaintService.objects.filter(code="noise").exists()
    data["attributes"] = "[]"
    admin_client.post("/admin/complaints/complaintservice/add/", data)
    assert ComplaintService.objects.filter(code="noise").exists()
    assert AuditEvent.objects.filter(action="complaints.service.create").count() == 1


def test_the_seed_command_creates_the_common_categories_once(cw: ComplaintWorld) -> None:
    import json
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("complaints_seed_services", unit=cw.agency.pk, stdout=out)
    assert json.loads(out.getvalue()) == {"services_created": 5, "services": 6}  # food_safety was there
    out = StringIO()
    call_command("complaints_seed_services", unit=cw.agency.pk, stdout=out)
    assert json.loads(out.getvalue()) == {"services_created": 0, "services": 6}
