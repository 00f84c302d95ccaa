"""/api/legal/discretion…: list/detail, workflow actions, claims, notices and compute."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from zhifa.legal.models import DiscretionStandard, DiscretionStatus

from .powers_factories import TIERS, make_standard

pytestmark = pytest.mark.django_db
BASE = "/api/legal/discretion"


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client: Client, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def test_compute_returns_the_recommended_range(org_world: Any, make_user: Any) -> None:
    standard = make_standard(org_world.agency)
    client = client_for(make_user(org_world.agency, "officer"))
    response = post(client, f"{BASE}/{standard.pk}/compute", {"circumstances": ["有生产、经营污染物排放"]})
    assert response.status_code == 200
    body = response.json()
    assert (body["tier_label"], body["lo"], body["hi"], body["recommended"]) == (
        "2",
        "10000.00",
        "20000.00",
        "15000.00",
    )
    assert body["penalty_kind_labels"] == ["罚款"]
    response = post(client, f"{BASE}/{standard.pk}/compute", {"tier_order": 9})
    assert response.status_code == 422
    assert response.json()["message"] == "所选裁量档次不属于该裁量基准"


def test_compute_missing_base_is_a_chinese_422(org_world: Any, make_user: Any) -> None:
    tiers = [{"label": "1", "standard_text": "责令改正，处货值金额1倍以上2倍以下的罚款"}]
    standard = make_standard(org_world.agency, tiers=tiers)
    client = client_for(make_user(org_world.agency, "officer"))
    response = post(client, f"{BASE}/{standard.pk}/compute", {"tier_order": 1})
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert "货值金额" in response.json()["message"]
    response = post(client, f"{BASE}/{standard.pk}/compute", {"tier_order": 1, "base_amount": "5000"})
    assert (response.json()["lo"], response.json()["hi"]) == ("5000.00", "10000.00")


def test_create_submit_approve_publish_over_the_api(org_world: Any, make_user: Any) -> None:
    admin = client_for(make_user(org_world.agency, "unit_admin"))
    response = post(admin, f"{BASE}/", {"violation": "未按规定公示", "tiers": TIERS})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft"
    assert body["tiers"][1]["amount_min"] == "10000.00"
    assert "submit" in body["actions"]
    sid = body["id"]
    assert post(admin, f"{BASE}/{sid}/submit").json()["status"] == "submitted"
    assert post(admin, f"{BASE}/{sid}/approve").status_code == 403
    reviewer = client_for(make_user(org_world.city_justice, "city_justice_admin"))
    response = post(reviewer, f"{BASE}/{sid}/reject", {"reason": ""})
    assert response.status_code == 422
    assert response.json()["message"] == "请填写退回原因"
    assert post(reviewer, f"{BASE}/{sid}/approve", {"note": "同意"}).json()["status"] == "approved"
    assert post(admin, f"{BASE}/{sid}/publish").json()["status"] == "published"
    assert post(admin, f"{BASE}/{sid}/publish").status_code == 409


def test_patch_on_published_creates_the_next_version(org_world: Any, make_user: Any) -> None:
    standard = make_standard(org_world.agency)
    admin = client_for(make_user(org_world.agency, "unit_admin"))
    response = admin.patch(
        f"{BASE}/{standard.pk}", json.dumps({"note": "修订"}), content_type="application/json"
    )
    assert response.status_code == 200
    assert (response.json()["version"], response.json()["supersedes_id"]) == (2, standard.pk)


def test_claim_and_notices_over_the_api(org_world: Any, make_user: Any) -> None:
    standard = make_standard(org_world.agency)
    child = client_for(make_user(org_world.agency_child, "unit_admin"))
    listed = child.get(f"{BASE}/", {"claimable": "true"}).json()
    assert [item["id"] for item in listed["items"]] == [standard.pk]
    body = post(child, f"{BASE}/{standard.pk}/claim").json()
    assert body["claimed_version"] == 1
    admin = client_for(make_user(org_world.agency, "unit_admin"))
    post(admin, f"{BASE}/{standard.pk}/withdraw", {"reason": "上位法修改"})
    notices = child.get(f"{BASE}/notices", {"unread": "true"}).json()
    assert notices["count"] == 1
    notice_id = notices["items"][0]["id"]
    assert post(child, f"{BASE}/notices/read", {"ids": [notice_id]}).json() == {"read": 1}
    assert child.get(f"{BASE}/notices", {"unread": "true"}).json()["count"] == 0


def test_outside_scope_is_404_and_no_permission_is_403(org_world: Any, make_user: Any) -> None:
    standard = make_standard(org_world.agency, status=DiscretionStatus.DRAFT)
    other = client_for(make_user(org_world.other_city, "unit_admin"))
    assert other.get(f"{BASE}/{standard.pk}").status_code == 404
    assert post(other, f"{BASE}/{standard.pk}/compute", {"tier_order": 1}).status_code == 404
    nobody = client_for(make_user(org_world.agency))
    assert nobody.get(f"{BASE}/").status_code == 403
    assert Client().get(f"{BASE}/").status_code == 401
    assert DiscretionStandard.objects.count() == 1
