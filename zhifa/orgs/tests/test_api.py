from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from zhifa.core.audit import Actor
from zhifa.core.models import AuditEvent
from zhifa.orgs.choices import CertificateStatus
from zhifa.orgs.services.tokens import api_token_issue
from zhifa.orgs.tests.factories import OfficerFactory, region

pytestmark = pytest.mark.django_db


def session_client(user: Any, **kwargs: Any) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


def bearer(user: Any) -> dict[str, Any]:
    return {"HTTP_AUTHORIZATION": "Bearer " + api_token_issue(actor=Actor.system(), user=user, name="t")}


def test_anonymous_request_is_refused_with_401_in_chinese() -> None:
    response = Client().get("/api/orgs/organisations")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
    assert "登录" in response.json()["message"]


def test_session_and_bearer_token_both_authenticate(org_world: Any, make_user: Any) -> None:
    user = make_user(org_world.agency, "unit_admin")
    by_session = session_client(user).get("/api/orgs/organisations")
    by_token = Client().get("/api/orgs/organisations", **bearer(user))
    assert by_session.status_code == by_token.status_code == 200
    assert by_session.json() == by_token.json()
    names = {row["name"] for row in by_token.json()["items"]}
    assert names == {org_world.agency.name, org_world.agency_child.name, org_world.agency_child_futian.name}
    assert by_token.json()["count"] == 3
    assert Client().get("/api/orgs/organisations", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401


def test_organisation_list_filters_and_pagination(org_world: Any, make_user: Any) -> None:
    user = make_user(org_world.city_justice, "city_justice_admin")
    client = session_client(user)
    rows = client.get("/api/orgs/organisations", {"region": "440303"}).json()
    assert {r["name"] for r in rows["items"]} == {
        org_world.district_justice.name,
        org_world.agency_child.name,
        org_world.sibling_child.name,
    }
    rows = client.get("/api/orgs/organisations", {"kind": "supervisory_body"}).json()
    assert rows["count"] == 2
    page = client.get("/api/orgs/organisations", {"limit": 3, "offset": 3}).json()
    assert page["count"] == 8
    assert len(page["items"]) == 3
    assert client.get("/api/orgs/organisations", {"name": "生态"}).json()["count"] == 2


def test_user_without_permission_gets_403_and_out_of_scope_detail_404(org_world: Any, make_user: Any) -> None:
    officer_user = make_user(org_world.agency, "officer")
    response = session_client(officer_user).get("/api/orgs/organisations")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    admin = make_user(org_world.agency, "unit_admin")
    client = session_client(admin)
    assert client.get(f"/api/orgs/organisations/{org_world.agency_child.pk}").status_code == 200
    missing = client.get("/api/orgs/organisations/999999")
    foreign = client.get(f"/api/orgs/organisations/{org_world.sibling.pk}")
    assert missing.status_code == foreign.status_code == 404
    assert missing.json() == foreign.json()


def test_officer_list_detail_and_expiring_filter(org_world: Any, make_user: Any) -> None:
    today = timezone.localdate()
    soon = OfficerFactory.create(
        organisation=org_world.agency, name="将到期", certificate_valid_to=today + dt.timedelta(days=20)
    )
    later = OfficerFactory.create(organisation=org_world.agency_child, name="长期有效")
    user = make_user(org_world.agency, "team_leader")
    client = Client()
    headers = bearer(user)
    rows = client.get("/api/orgs/officers", **headers).json()
    assert {r["name"] for r in rows["items"]} == {"将到期", "长期有效"}
    expiring = client.get("/api/orgs/officers", {"expiring_within_days": 30}, **headers).json()
    assert [r["name"] for r in expiring["items"]] == ["将到期"]
    assert expiring["items"][0]["certificate_state"] == "expiring"
    detail = client.get(f"/api/orgs/officers/{later.pk}", **headers).json()
    assert detail["organisation"]["id"] == org_world.agency_child.pk
    assert detail["certificate_state"] == "valid"
    assert soon.pk != later.pk


def test_certificate_verify_answers_in_scope_only(org_world: Any, make_user: Any) -> None:
    ok = OfficerFactory.create(organisation=org_world.agency_child, certificate_no="44030300001")
    OfficerFactory.create(
        organisation=org_world.agency_child,
        certificate_no="44030300002",
        certificate_status=CertificateStatus.SUSPENDED,
    )
    OfficerFactory.create(organisation=org_world.other_city, certificate_no="44010000003")
    client = session_client(make_user(org_world.agency, "team_leader"))
    body = client.get("/api/orgs/officers/verify", {"certificate_no": "44030300001"}).json()
    assert body["valid"] is True
    assert body["officer_name"] == ok.name
    body = client.get("/api/orgs/officers/verify", {"certificate_no": "44030300002"}).json()
    assert (body["valid"], body["state"]) == (False, "suspended")
    assert client.get("/api/orgs/officers/verify", {"certificate_no": "44010000003"}).status_code == 404


def test_regions_drill_down(org_world: Any, make_user: Any) -> None:
    region("440303001", "桂园街道")
    client = session_client(make_user(org_world.agency, "officer"))
    provinces = client.get("/api/orgs/regions").json()
    assert [r["code"] for r in provinces] == ["44"]
    children = client.get("/api/orgs/regions", {"parent": "4403"}).json()
    assert [(r["code"], r["child_count"]) for r in children] == [("440303", 1), ("440304", 0)]


def test_me_reports_unit_roles_permissions_and_scopes(org_world: Any, make_user: Any) -> None:
    user = make_user(org_world.agency, "officer", "legal_reviewer")
    body = session_client(user).get("/api/orgs/me").json()
    assert body["organisation"] == {
        "id": org_world.agency.pk,
        "name": org_world.agency.name,
        "region_code": "4403",
    }
    assert {r["code"] for r in body["roles"]} == {"officer", "legal_reviewer"}
    assert "cases.legal_review.perform" in body["permissions"]
    # The officer role's exception: colleagues of the own unit, while cases stay 本人.
    assert body["data_scopes"]["orgs.officer.view"] == ["own_unit"]
    assert body["data_scopes"]["cases.case.view"] == ["self", "unit_and_below"]


def test_token_issue_needs_session_with_csrf_and_returns_token_once(org_world: Any, make_user: Any) -> None:
    user = make_user(org_world.agency, "officer")
    client = session_client(user, enforce_csrf_checks=True)
    refused = client.post("/api/orgs/tokens", {"name": "脚本"}, content_type="application/json")
    assert refused.status_code == 403
    client.get("/login/")  # sets the CSRF cookie
    csrf = client.cookies["csrftoken"].value
    response = client.post(
        "/api/orgs/tokens", {"name": "脚本"}, content_type="application/json", HTTP_X_CSRFTOKEN=csrf
    )
    assert response.status_code == 201
    raw = response.json()["token"]
    assert raw.startswith("zf_")
    assert raw not in str(list(user.api_tokens.values()))
    me = Client().get("/api/orgs/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert me.json()["username"] == user.username
    assert AuditEvent.objects.filter(action="orgs.api_token.issue", actor_id=user.pk).exists()
    by_token = Client().post(
        "/api/orgs/tokens", {"name": "x"}, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}"
    )
    assert by_token.status_code == 401


def test_openapi_declares_error_responses() -> None:
    schema = Client().get("/api/openapi.json").json()
    op = schema["paths"]["/api/orgs/organisations/{organisation_id}"]["get"]
    assert {"200", "401", "403", "404"} <= set(op["responses"])


def test_api_lists_have_no_n_plus_one(
    org_world: Any, make_user: Any, django_assert_max_num_queries: Any
) -> None:
    from zhifa.orgs.tests.factories import domain

    for org in org_world.all().values():
        org.domains.add(domain())
        for _ in range(3):
            OfficerFactory.create(organisation=org).domains.add(domain())
    headers = bearer(make_user(org_world.city_justice, "city_justice_admin"))
    client = Client()
    with django_assert_max_num_queries(8):
        officers = client.get("/api/orgs/officers", {"limit": 50}, **headers)
    with django_assert_max_num_queries(8):
        organisations = client.get("/api/orgs/organisations", {"limit": 50}, **headers)
    assert officers.json()["count"] == 24
    assert organisations.json()["count"] == 8
