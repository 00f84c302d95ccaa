"""The API offers every action with the same gates, versions and scopes as the pages."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_register_act_and_read_a_case_through_the_api(case_world: Any) -> None:
    w = case_world
    api = client_for(w.user_a)
    created = api.post(
        "/api/cases/",
        {
            "party_id": w.party.pk,
            "cause": "销售过期食品",
            "act_on": "2026-11-02",
            "discovered_on": "2026-11-03",
            "officer_ids": [w.officer_a.pk, w.officer_b.pk],
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert [a["code"] for a in body["actions"]] == ["open", "request_lead_extension"]
    opened = api.post(
        f"/api/cases/{body['id']}/actions/open", {"version": body["version"]}, content_type="application/json"
    )
    assert opened.status_code == 200
    assert opened.json()["state"] == "opening"
    stale = api.post(
        f"/api/cases/{body['id']}/actions/open", {"version": body["version"]}, content_type="application/json"
    )
    assert stale.status_code == 409
    assert stale.json()["code"] == "stale_case"
    assert [r["number"] for r in api.get("/api/cases/").json()["items"]] == [body["number"]]


def test_api_gate_failure_is_422_with_reasons_and_outsiders_get_404(case_world: Any) -> None:
    w = case_world
    case = w.register(act_on=date(2024, 2, 20), discovered_on=date(2026, 3, 2))
    failed = client_for(w.user_a).post(
        f"/api/cases/{case.pk}/actions/open", {"version": case.version}, content_type="application/json"
    )
    assert failed.status_code == 422
    assert failed.json()["code"] == "gate_failed"
    assert "追责时效" in failed.json()["message"]
    assert client_for(w.outsider).get(f"/api/cases/{case.pk}").status_code == 404


def test_the_case_shows_its_pending_approval_and_the_leader_and_head_decide_it_by_api(
    case_world: Any,
) -> None:
    w = case_world
    case = w.register(act_on=date(2026, 11, 2), discovered_on=date(2026, 11, 3), today=date(2026, 11, 3))
    client_for(w.user_a).post(
        f"/api/cases/{case.pk}/actions/open", {"version": case.version}, content_type="application/json"
    )
    detail = client_for(w.leader).get(f"/api/cases/{case.pk}").json()
    (pending,) = detail["pending_approvals"]
    assert (pending["approval_type"], pending["step"]) == ("cases.open", "承办机构负责人审核")
    assert "approve_open" not in [a["code"] for a in detail["actions"]]
    for user in (w.leader, w.head):
        run = client_for(user).get(f"/api/worklist/approvals/{pending['id']}").json()
        decided = client_for(user).post(
            f"/api/worklist/approvals/{pending['id']}/decide",
            {"decision": "approve", "comment": "同意立案", "version": run["version"]},
            content_type="application/json",
        )
        assert decided.status_code == 200, decided.content
    after = client_for(w.user_a).get(f"/api/cases/{case.pk}").json()
    assert after["state"] == "investigating"
    assert after["pending_approvals"] == []
