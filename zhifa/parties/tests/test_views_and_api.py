"""Register/edit forms (inline Chinese errors, typed values kept), search, and the API."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from zhifa.core.crypto_fields import blind_index
from zhifa.parties.choices import PartyKind
from zhifa.parties.models import Party

from .factories import make_party, make_uscc, org_data, person_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(org_world: Any, make_user: Any) -> tuple[Any, Client]:
    user = make_user(org_world.agency, "officer")
    client = Client()
    client.force_login(user)
    return user, client


def test_register_form_shows_inline_chinese_error_and_keeps_typed_values(officer_client: Any) -> None:
    _, client = officer_client
    data = org_data(name="深圳市保留输入有限公司", uscc="91440300MA00000010", source="enforcement")
    response = client.post(reverse("parties:create"), data)
    assert response.status_code == 422
    html = response.content.decode()
    assert "组织机构代码" in html or "校验位错误" in html
    assert 'value="深圳市保留输入有限公司"' in html
    assert 'value="91440300MA00000010"' in html
    assert not Party.objects.exists()


def test_register_form_creates_party_and_redirects_to_detail(officer_client: Any) -> None:
    user, client = officer_client
    data = person_data(name="李小龙", source="enforcement")
    response = client.post(reverse("parties:create"), data)
    assert response.status_code == 302
    party = Party.objects.get()
    assert response["Location"] == reverse("parties:detail", args=[party.pk])
    assert party.created_by_id == user.pk
    assert party.id_number_index == blind_index(data["id_number"])
    detail = client.get(response["Location"]).content.decode()
    assert "李**" in detail
    assert data["id_number"] not in detail


def test_duplicate_registration_shows_conflict_message(officer_client: Any) -> None:
    user, client = officer_client
    existing = make_party(user.organisation, created_by=user)
    response = client.post(reverse("parties:create"), org_data(uscc=existing.uscc, source="enforcement"))
    assert response.status_code == 422
    assert "已登记为执法对象" in response.content.decode()


def test_edit_keeps_identity_when_blank_and_updates_phone(officer_client: Any) -> None:
    user, client = officer_client
    party = make_party(user.organisation, created_by=user, kind=PartyKind.NATURAL_PERSON)
    index = party.id_number_index
    form = client.get(reverse("parties:edit", args=[party.pk])).content.decode()
    assert "留空则保持不变" in form
    data = person_data(name=party.name, id_number="", phone="13600000000", source="enforcement")
    response = client.post(reverse("parties:edit", args=[party.pk]), data)
    assert response.status_code == 302
    party.refresh_from_db()
    assert party.phone == "13600000000"
    assert party.id_number_index == index


def test_edit_of_a_party_outside_manage_scope_is_not_found(org_world: Any, officer_client: Any) -> None:
    _, client = officer_client
    other = make_party(org_world.agency)  # not created by this officer (本人 scope)
    assert client.get(reverse("parties:edit", args=[other.pk])).status_code == 404


def test_search_by_name_substring_and_by_code(officer_client: Any) -> None:
    user, client = officer_client
    a = make_party(user.organisation, created_by=user, name="深圳市华强电子科技有限公司")
    b = make_party(user.organisation, created_by=user, name="深圳市南山餐饮管理有限公司")
    person = make_party(user.organisation, created_by=user, kind=PartyKind.NATURAL_PERSON, name="王小二")
    html = client.get(reverse("parties:list"), {"q": "电子科技"}).content.decode()
    assert a.name in html
    assert b.name not in html
    html = client.get(reverse("parties:list"), {"q": b.uscc}).content.decode()
    assert b.name in html
    assert a.name not in html
    response = client.get("/api/parties/", {"code": person.id_number_masked})
    assert response.json()["items"] == []  # a masked number finds nothing
    assert b.uscc is not None
    response = client.get("/api/parties/lookup", {"code": b.uscc.lower()})
    assert response.json()["id"] == b.pk


def test_api_register_returns_201_masked_and_stable_error_codes(officer_client: Any) -> None:
    _, client = officer_client
    ok = client.post("/api/parties/", person_data(name="赵云"), content_type="application/json")
    assert ok.status_code == 201
    body = ok.json()
    assert body["name"] == "赵*"
    assert body["id_number"].count("*") == 10
    dup = client.post(
        "/api/parties/",
        person_data(name="赵云", id_number=Party.objects.get().id_number_masked),
        content_type="application/json",
    )
    assert dup.status_code == 422  # masked number is not a valid ID
    bad_uscc = client.post(
        "/api/parties/", org_data(uscc="91440300MA0000001X"), content_type="application/json"
    )
    assert bad_uscc.status_code == 422
    assert bad_uscc.json()["code"] == "invalid_uscc"
    bad_id = client.post(
        "/api/parties/", person_data(id_number="440524188001010015"), content_type="application/json"
    )
    assert bad_id.json()["code"] == "invalid_resident_id"
    code = make_uscc()
    client.post("/api/parties/", org_data(uscc=code), content_type="application/json")
    again = client.post("/api/parties/", org_data(uscc=code), content_type="application/json")
    assert again.status_code == 409
    assert again.json()["code"] == "duplicate_party"
    assert isinstance(again.json()["extra"]["party_id"], int)


def test_api_register_requires_manage_permission(org_world: Any, make_user: Any) -> None:
    user = make_user(org_world.agency, "legal_reviewer")
    client = Client()
    client.force_login(user)
    response = client.post("/api/parties/", org_data(), content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_menu_lists_parties_for_viewers_only(org_world: Any, make_user: Any) -> None:
    from zhifa.web.navigation import menu_for

    viewer = make_user(org_world.agency, "legal_reviewer")
    groups = {g.label: [i["label"] for i in g.items] for g in menu_for(viewer)}
    assert groups["执法对象"] == ["执法对象查询"]
    nobody = make_user(org_world.agency, "agency_supervisor")
    assert "执法对象" not in {g.label for g in menu_for(nobody)}


def test_name_search_lists_and_counts_only_its_newest_cap_matches(
    officer_client: Any, org_world: Any, monkeypatch: Any
) -> None:
    from zhifa.parties import search

    monkeypatch.setattr(search, "SHORT_CAP", 3)  # 2-character queries: the newest 3 matches
    _, client = officer_client
    parties = [make_party(org_world.agency, name=f"深圳市封顶{i}号有限公司") for i in range(5)]
    newest = [p.name for p in reversed(parties)]

    body = client.get("/api/parties/", {"q": "封顶", "page_size": 100}).json()
    assert [item["name"] for item in body["items"]] == newest[:3]
    assert (body["count"], body["has_next"]) == (3, False)
    first = client.get("/api/parties/", {"q": "封顶", "page_size": 2}).json()
    second = client.get("/api/parties/", {"q": "封顶", "page_size": 2, "page": 2}).json()
    assert [i["name"] for i in first["items"]] == newest[:2]
    assert first["has_next"]
    assert [i["name"] for i in second["items"]] == newest[2:3]
    assert not second["has_next"]
    assert client.get("/api/parties/", {"q": "封顶", "page": 3, "page_size": 2}).json()["items"] == []
    # Without a name search nothing is capped.
    assert client.get("/api/parties/", {"page_size": 100}).json()["count"] == 5

    html = client.get(reverse("parties:list"), {"q": "封顶"}).content.decode()
    assert "仅列出最新 3 条" in html
    assert sum(name in html for name in newest) == 3
