"""Authorisation matrix for parties: every role × owner for list, detail, API list/detail and CSV
export. Expected visibility follows the role's data scope for parties.party.view (the user sits in
org_world.agency, region 4403)."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from zhifa.core.scopes import DataScope
from zhifa.orgs.roles import ROLE_SPECS, RoleSpec
from zhifa.parties.permissions import PartyPerm

from .factories import make_party

pytestmark = pytest.mark.django_db

OWNERS = ("self", "own_unit", "child_unit", "sibling_unit", "other_city")
VISIBLE_BY_SCOPE = {
    DataScope.SELF: {"self"},
    DataScope.OWN_UNIT: {"self", "own_unit"},
    DataScope.UNIT_AND_BELOW: {"self", "own_unit", "child_unit"},
    DataScope.REGION: {"self", "own_unit", "child_unit", "sibling_unit"},  # region_code starts with 4403
    DataScope.ALL: set(OWNERS),
}


def expected_visible(spec: RoleSpec) -> set[str]:
    if PartyPerm.VIEW not in spec.permissions:
        return set()
    return VISIBLE_BY_SCOPE[DataScope(spec.scope_for(PartyPerm.VIEW))]


@pytest.fixture
def world(org_world: Any, make_user: Any) -> dict[str, Any]:
    colleague = make_user(org_world.agency)
    return {
        "org_world": org_world,
        "colleague": colleague,
        "make_user": make_user,
    }


def _parties(world: dict[str, Any], user: Any) -> dict[str, Any]:
    w = world["org_world"]
    return {
        "self": make_party(w.agency, created_by=user, name="矩阵-本人登记", region_code="440303"),
        "own_unit": make_party(
            w.agency, created_by=world["colleague"], name="矩阵-本单位", region_code="4403"
        ),
        "child_unit": make_party(w.agency_child, name="矩阵-下级单位", region_code="440303"),
        "sibling_unit": make_party(w.sibling, name="矩阵-同级单位", region_code="440304"),
        "other_city": make_party(w.other_city, name="矩阵-外市", region_code="4401"),
    }


def _csv_names(response: Any) -> set[str]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return {row["名称/姓名"] for row in csv.DictReader(io.StringIO(body))}


@pytest.mark.parametrize("spec", ROLE_SPECS, ids=[s.code for s in ROLE_SPECS])
def test_party_visibility_matches_role_scope(spec: RoleSpec, world: dict[str, Any]) -> None:
    user = world["make_user"](world["org_world"].agency, spec.code)
    parties = _parties(world, user)
    expected = expected_visible(spec)
    names = {owner: p.name for owner, p in parties.items()}
    client = Client()
    client.force_login(user)

    # list page
    response = client.get(reverse("parties:list"))
    if not expected:
        assert response.status_code == 403
    else:
        assert response.status_code == 200
        html = response.content.decode()
        assert {o for o in OWNERS if names[o] in html} == expected

    # detail pages: visible → 200, outside scope → 404 (same as missing), no permission → 403
    for owner, party in parties.items():
        status = client.get(reverse("parties:detail", args=[party.pk])).status_code
        assert status == (200 if owner in expected else 404 if expected else 403), owner

    # API list and detail
    response = client.get("/api/parties/", {"page_size": 100})
    if not expected:
        assert response.status_code == 403
    else:
        assert response.status_code == 200
        got = {item["name"] for item in response.json()["items"]}
        assert got == {names[o] for o in expected}
        assert response.json()["count"] == len(expected)
        # Name search (bigram index; broad scopes walk its matches, narrow ones their own index)
        for q in ("矩阵", "矩阵-本"):
            response = client.get("/api/parties/", {"q": q, "page_size": 100})
            got = {item["name"] for item in response.json()["items"]}
            assert got == {names[o] for o in expected if q in names[o]}, q
    for owner, party in parties.items():
        status = client.get(f"/api/parties/{party.pk}").status_code
        assert status == (200 if owner in expected else 404 if expected else 403), owner

    # API lookup by code follows the same scope
    for owner, party in parties.items():
        status = client.get("/api/parties/lookup", {"code": party.uscc}).status_code
        assert status == (200 if owner in expected else 404 if expected else 403), owner

    # CSV export: needs parties.party.export, rows within the scope
    response = client.get(reverse("parties:export"))
    if PartyPerm.EXPORT in spec.permissions and expected:
        # Rows must lie within both the view scope and the (possibly narrower) export scope.
        exportable = expected & VISIBLE_BY_SCOPE[DataScope(spec.scope_for(PartyPerm.EXPORT))]
        assert response.status_code == 200
        assert _csv_names(response) == {names[o] for o in exportable}
    else:
        assert response.status_code == 403


def test_user_without_any_role_sees_nothing(world: dict[str, Any]) -> None:
    user = world["make_user"](world["org_world"].agency)
    parties = _parties(world, user)
    client = Client()
    client.force_login(user)
    assert client.get(reverse("parties:list")).status_code == 403
    assert client.get("/api/parties/").status_code == 403
    assert client.get(f"/api/parties/{parties['self'].pk}").status_code == 403
    assert client.get(reverse("parties:export")).status_code == 403


def test_anonymous_is_sent_to_login_and_api_answers_401(world: dict[str, Any]) -> None:
    client = Client()
    response = client.get(reverse("parties:list"))
    assert response.status_code == 302
    assert reverse("web:login") in response["Location"]
    assert client.get("/api/parties/").status_code == 401
