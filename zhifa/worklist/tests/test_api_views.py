"""/api/worklist/ and the 我的待办 / approval pages: scope through the subject, stable error codes,
the menu entry, the deadline badge include."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from zhifa.core.audit import Actor
from zhifa.core.workdays import PeriodUnit
from zhifa.web.navigation import menu_for
from zhifa.worklist.models import ApprovalRun
from zhifa.worklist.rules import DeadlineRule
from zhifa.worklist.selectors import deadline_badge
from zhifa.worklist.services import approval_start, deadline_start, task_create

pytestmark = pytest.mark.django_db

SYSTEM = Actor(id=None, label="test")
RULE = DeadlineRule("penalty.payment", "缴纳罚款期限", 15, PeriodUnit.CALENDAR_DAYS, "行政处罚法 第67条")


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def post_json(c: Client, url: str, body: dict[str, Any]) -> Any:
    return c.post(url, data=json.dumps(body), content_type="application/json")


def test_tasks_api_lists_and_claims(org_world: Any, make_user: Any) -> None:
    a = make_user(org_world.agency, "team_leader")
    b = make_user(org_world.agency, "team_leader")
    outsider = make_user(org_world.sibling, "team_leader")
    task = task_create(
        actor=SYSTEM,
        subject=org_world.agency,
        organisation=org_world.agency,
        kind="case.handle",
        title="办理",
        queue_role="team_leader",
        queue_organisation=org_world.agency,
        due_on=date(2026, 12, 1),
    )
    body = client_for(a).get("/api/worklist/tasks").json()
    assert [i["id"] for i in body["items"]] == [task.pk]
    assert body["has_next"] is False
    assert client_for(outsider).post(f"/api/worklist/tasks/{task.pk}/claim").json()["code"] == "not_found"
    ok = client_for(a).post(f"/api/worklist/tasks/{task.pk}/claim")
    assert ok.status_code == 200
    assert ok.json()["assignee_id"] == a.pk
    # b no longer sees it (claimed by a): same 404 as a task that is not theirs.
    assert client_for(b).post(f"/api/worklist/tasks/{task.pk}/claim").status_code == 404
    assert Client().get("/api/worklist/tasks").status_code == 401


def test_approval_api_reads_through_the_subject_and_decides(
    org_world: Any, make_user: Any, hooks: Any
) -> None:
    leader = make_user(org_world.agency, "team_leader")
    outsider = make_user(org_world.sibling, "team_leader")
    run = approval_start(
        actor=SYSTEM,
        subject=org_world.agency,
        organisation=org_world.agency,
        approval_type="test.approval",
        summary={"proposed_penalty": "警告"},
    )
    url = f"/api/worklist/approvals/{run.pk}"
    assert client_for(outsider).get(url).status_code == 404
    got = client_for(leader).get(url).json()
    assert (got["status"], got["current_step"], got["version"]) == ("pending", 0, 0)
    bad = post_json(client_for(leader), url + "/decide", {"decision": "reject", "comment": ""})
    assert (bad.status_code, bad.json()["code"]) == (422, "invalid")
    stale = post_json(client_for(leader), url + "/decide", {"decision": "approve", "version": 7})
    assert (stale.status_code, stale.json()["message"]) == (409, "该审批已由他人处理，请刷新")
    done = post_json(
        client_for(leader), url + "/decide", {"decision": "approve", "comment": "同意", "version": 0}
    )
    assert done.status_code == 200
    assert done.json()["current_step"] == 1
    assert len(done.json()["decisions"][0]["signature"]) > 60
    denied = post_json(client_for(leader), url + "/decide", {"decision": "approve", "version": 1})
    assert (denied.status_code, denied.json()["code"]) == (403, "permission_denied")


def test_deadlines_api_is_authorised_by_the_subject(org_world: Any, make_user: Any) -> None:
    officer = make_user(org_world.agency, "officer")
    outsider = make_user(org_world.sibling, "officer")
    deadline_start(
        actor=SYSTEM,
        subject=org_world.agency_child,
        organisation=org_world.agency_child,
        rule=RULE,
        started_on=date(2026, 9, 16),
    )
    url = f"/api/worklist/deadlines?subject_type=orgs.organisation&subject_id={org_world.agency_child.pk}"
    [row] = client_for(officer).get(url).json()
    assert (row["due_on"], row["basis"], row["unit"]) == ("2026-10-08", "行政处罚法 第67条", "cd")
    assert row["badge_colour"] in {"blue", "yellow", "red"}
    assert client_for(outsider).get(url).status_code == 404
    unknown = client_for(officer).get("/api/worklist/deadlines?subject_type=nope.thing&subject_id=1")
    assert unknown.status_code == 404


def test_worklist_page_shows_tasks_with_badges_and_claim(org_world: Any, make_user: Any) -> None:
    leader = make_user(org_world.agency, "team_leader")
    task_create(
        actor=SYSTEM,
        subject=org_world.agency,
        organisation=org_world.agency,
        kind="case.handle",
        title="调查取证",
        queue_role="team_leader",
        queue_organisation=org_world.agency,
        due_on=date(2026, 1, 5),
    )
    html = client_for(leader).get(reverse("worklist:index")).content.decode()
    assert "调查取证" in html
    assert 'data-label="办理期限"' in html
    assert "badge badge-red" in html  # 2026-01-05 is long past
    assert "认领" in html
    assert Client().get(reverse("worklist:index")).status_code == 302


def test_approval_page_decides_through_the_form(org_world: Any, make_user: Any, hooks: Any) -> None:
    leader = make_user(org_world.agency, "team_leader")
    run = approval_start(
        actor=SYSTEM,
        subject=org_world.agency,
        organisation=org_world.agency,
        approval_type="test.approval",
        summary={"proposed_penalty": "罚款200元"},
    )
    c = client_for(leader)
    page = c.get(reverse("worklist:approval", args=[run.pk])).content.decode()
    assert "罚款200元" in page
    assert 'name="version" value="0"' in page
    c.post(
        reverse("worklist:decide", args=[run.pk]), {"decision": "approve", "comment": "同意", "version": "0"}
    )
    assert ApprovalRun.objects.get(pk=run.pk).current_step == 1
    # Replaying the same form is stale: nothing changes.
    c.post(
        reverse("worklist:decide", args=[run.pk]), {"decision": "approve", "comment": "同意", "version": "0"}
    )
    assert ApprovalRun.objects.get(pk=run.pk).version == 1


def test_menu_entry_for_case_roles_only(org_world: Any, make_user: Any) -> None:
    def labels(user: Any) -> list[str]:
        return [i["label"] for g in menu_for(user) for i in g.items]

    assert "我的待办" in labels(make_user(org_world.agency, "officer"))
    assert "我的待办" in labels(make_user(org_world.agency, "legal_reviewer"))
    assert "我的待办" not in labels(make_user(org_world.agency, "unit_admin"))


def test_badge_include_renders_the_css_classes(org_world: Any) -> None:
    d = deadline_start(
        actor=SYSTEM,
        subject=org_world.agency,
        organisation=org_world.agency,
        rule=RULE,
        started_on=date(2026, 9, 16),
    )
    html = render_to_string(
        "worklist/_deadline_badge.html", {"badge": deadline_badge(d, today=date(2026, 10, 7))}
    )
    assert 'class="badge badge-yellow"' in html
    assert "剩余1天" in html
