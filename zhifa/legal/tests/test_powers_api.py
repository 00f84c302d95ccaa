"""/api/legal/powers…: list/detail/versions and the batch actions."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from .powers_factories import make_power, power_data

pytestmark = pytest.mark.django_db
BASE = "/api/legal/powers"


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client: Client, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(url, json.dumps(body or {}, default=str), content_type="application/json")


def test_list_and_detail(org_world: Any, make_user: Any) -> None:
    power = make_power(org_world.agency, "API-1", may_involve_crime=True)
    client = client_for(make_user(org_world.agency, "unit_admin"))
    body = client.get(f"{BASE}/", {"code": "API"}).json()
    assert body["count"] == 1
    item = body["items"][0]
    assert (item["code"], item["kind_label"], item["may_involve_crime"], item["version"]) == (
        "API-1",
        "行政处罚",
        True,
        1,
    )
    detail = client.get(f"{BASE}/{power.pk}").json()
    assert detail["bases"][0]["label"] == "《中华人民共和国测试法》第一条"
    assert detail["versions"][0]["number"] == 1
    version = client.get(f"{BASE}/versions/{detail['versions'][0]['id']}").json()
    assert version["data"]["code"] == "API-1"


def test_batch_flow_over_the_api(org_world: Any, make_user: Any) -> None:
    editor = client_for(make_user(org_world.agency, "unit_admin"))
    response = post(editor, f"{BASE}/batches", {"title": "接口批次", "reason": "测试"})
    assert response.status_code == 201
    batch_id = response.json()["id"]
    response = post(
        editor,
        f"{BASE}/batches/{batch_id}/changes",
        {"action": "create", "data": power_data(org_world.agency, "API-2")},
    )
    assert response.status_code == 201, response.content
    assert response.json()["drafts"][0]["code"] == "API-2"
    assert post(editor, f"{BASE}/batches/{batch_id}/submit").json()["state"] == "submitted"
    response = post(editor, f"{BASE}/batches/{batch_id}/approve")
    assert response.status_code == 403
    approver = client_for(make_user(org_world.city_justice, "city_justice_admin"))
    assert (
        post(approver, f"{BASE}/batches/{batch_id}/approve", {"note": "同意"}).json()["state"] == "approved"
    )
    assert (
        client_for(make_user(org_world.agency, "unit_admin"))
        .get(f"{BASE}/", {"code": "API-2"})
        .json()["count"]
        == 1
    )


def test_invalid_change_is_422_with_field_errors(org_world: Any, make_user: Any) -> None:
    editor = client_for(make_user(org_world.agency, "unit_admin"))
    batch_id = post(editor, f"{BASE}/batches", {"title": "t", "reason": "r"}).json()["id"]
    response = post(
        editor,
        f"{BASE}/batches/{batch_id}/changes",
        {"action": "create", "data": power_data(org_world.agency, "X", name="")},
    )
    assert response.status_code == 422
    assert response.json()["fields"] == {"name": ["请填写职权名称"]}


def test_outside_scope_is_404(org_world: Any, make_user: Any) -> None:
    power = make_power(org_world.agency, "API-3")
    other = client_for(make_user(org_world.other_city, "unit_admin"))
    assert other.get(f"{BASE}/{power.pk}").status_code == 404
    assert other.get(f"{BASE}/", {"code": "API-3"}).json()["count"] == 0


def test_change_batches_are_hidden_from_readers_of_the_power_list(org_world: Any, make_user: Any) -> None:
    client = Client()
    client.force_login(make_user(org_world.agency, "officer"))  # reads the list, edits nothing
    assert client.get("/api/legal/powers/").status_code == 200
    assert client.get("/api/legal/powers/batches").status_code == 403
    assert client.get("/legal/powers/batches/").status_code == 403
