"""Data scope (outsider 404), reporter identity visible only to the handling unit with
clues.reporter.view (audited), pages and statistics."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from zhifa.clues.selectors import can_view_reporter, clue_stats_for_user, scoped_clues
from zhifa.clues.services import clue_accept, clue_assign, clue_reporters_for_user
from zhifa.core.audit import Actor
from zhifa.core.models import AuditEvent

from .conftest import ClueWorld

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_outsiders_get_404_and_see_nothing(world: ClueWorld) -> None:
    clue = world.register()
    for user in (world.outsider, world.other_manager):
        assert not scoped_clues(user).exists()
        assert _client(user).get(reverse("clues:detail", args=[clue.pk])).status_code in (403, 404)
    # The other manager holds clues.clue.view: out of scope is 404, like a missing clue.
    assert _client(world.other_manager).get(reverse("clues:detail", args=[clue.pk])).status_code == 404
    assert _client(world.other_manager).get(reverse("clues:detail", args=[999999])).status_code == 404
    page = _client(world.other_manager).get(reverse("clues:list"))
    assert page.status_code == 200
    assert clue.number not in page.content.decode()


def test_the_handling_unit_sees_the_clue_once_assigned(world: ClueWorld) -> None:
    clue = world.register()
    assert not scoped_clues(world.child_leader).filter(pk=clue.pk).exists()
    clue_assign(
        actor=Actor.of(world.manager),
        clue=clue_accept(actor=Actor.of(world.manager), clue=clue),
        unit=world.child,
    )
    assert scoped_clues(world.child_leader).filter(pk=clue.pk).exists()
    assert not scoped_clues(world.officer_user).filter(pk=clue.pk).exists()  # 本人: not yet the handler


def test_reporter_identity_only_for_the_handling_unit_with_the_permission(world: ClueWorld) -> None:
    clue = world.register()
    assert can_view_reporter(world.manager, clue)
    assert not can_view_reporter(world.viewer_no_reporter, clue)  # same unit, no clues.reporter.view
    shown = clue_reporters_for_user(actor=Actor.of(world.manager), user=world.manager, clue=clue)
    assert shown[0].name == "陈小明"
    assert shown[0].phone == "13800138000"
    assert AuditEvent.objects.filter(action="clues.reporter.view", subject_id=str(clue.pk)).count() == 1
    hidden = clue_reporters_for_user(actor=Actor.of(world.approver), user=world.approver, clue=clue)
    assert hidden[0].masked
    assert "陈小明" not in hidden[0].name
    assert "13800138000" not in hidden[0].phone
    assert AuditEvent.objects.filter(action="clues.reporter.view").count() == 1  # masked reads are not


def test_reporter_block_on_the_page_is_masked_for_others(
    world: ClueWorld, make_user: Any, org_world: Any
) -> None:
    clue = world.register()
    url = reverse("clues:detail", args=[clue.pk])
    own = _client(world.manager).get(url).content.decode()
    assert "陈小明" in own
    assert "13800138000" in own
    other = _client(world.viewer_no_reporter).get(url).content.decode()
    assert "陈小明" not in other
    assert "13800138000" not in other
    assert "chen@example.com" not in other
    # After assignment the handling unit's 案源管理人员 sees it; one of a neighbouring unit does not.
    clue = clue_assign(
        actor=Actor.of(world.manager),
        clue=clue_accept(actor=Actor.of(world.manager), clue=clue),
        unit=world.child,
    )
    child_manager = make_user(world.child, "case_source_manager")
    assert can_view_reporter(child_manager, clue)  # the handling unit
    assert not can_view_reporter(make_user(org_world.agency_child_futian, "case_source_manager"), clue)
    assert not can_view_reporter(make_user(org_world.sibling, "case_source_manager"), clue)


def test_list_filters_and_registration_page(world: ClueWorld) -> None:
    world.register()
    world.register(channel="hotline_12345", violation="无照经营")
    client = _client(world.manager)
    body = client.get(reverse("clues:list"), {"channel": "hotline_12345"}).content.decode()
    assert "无照经营" in body
    assert "销售过期食品" not in body
    body = client.get(reverse("clues:list"), {"q": "过期"}).content.decode()
    assert "销售过期食品" in body
    assert "无照经营" not in body
    assert 'data-label="线索编号"' in body  # phone layout labels
    response = client.post(
        reverse("clues:new"),
        {
            "channel": "report",
            "violation": "虚假宣传",
            "domain": "market",
            "priority": "normal",
            "reporter_name": "赵六",
            "reporter_email": "z@example.com",
            "reporter_channel": "email",
        },
    )
    assert response.status_code == 302
    detail = client.get(response["Location"]).content.decode()
    assert "虚假宣传" in detail
    assert "赵六" in detail
    bad = client.post(reverse("clues:new"), {"channel": "report", "violation": ""})
    assert "请填写涉嫌违法行为" in bad.content.decode()


def test_actions_from_the_detail_page(world: ClueWorld) -> None:
    clue = world.register()
    client = _client(world.manager)
    client.post(reverse("clues:action", args=[clue.pk, "submit"]))
    assert clue.__class__.objects.filter(pk=clue.pk, state="registered").exists()
    from zhifa.worklist.models import ApprovalRun

    assert ApprovalRun.objects.filter(subject_id=clue.pk, approval_type="clues.acceptance").exists()
    # An outsider cannot act on it at all.
    assert (
        _client(world.other_manager).post(reverse("clues:action", args=[clue.pk, "reply"])).status_code == 404
    )


def test_statistics_count_by_channel_and_domain_in_scope(world: ClueWorld) -> None:
    world.register()
    world.register()
    world.register(channel="hotline_12345", domain="")
    stats = clue_stats_for_user(world.manager)
    by_channel = {r["channel"]: r["total"] for r in stats["by_channel"]}
    assert by_channel == {"complaint": 2, "hotline_12345": 1}
    assert stats["total"] == 3
    assert {r["domain"]: r["total"] for r in stats["by_domain"]} == {"market": 2, "": 1}
    assert clue_stats_for_user(world.other_manager)["total"] == 0
    page = _client(world.manager).get(reverse("clues:stats")).content.decode()
    assert "12345热线" in page


def test_api_lists_registers_acts_and_hides_reporters(world: ClueWorld) -> None:
    clue = world.register()
    manager, other = _client(world.manager), _client(world.other_manager)
    listed = manager.get("/api/clues/", {"channel": "complaint"}).json()
    assert listed["count"] == 1
    assert listed["items"][0]["number"] == clue.number
    assert other.get("/api/clues/").json()["count"] == 0
    assert other.get(f"/api/clues/{clue.pk}").status_code == 404
    detail = manager.get(f"/api/clues/{clue.pk}").json()
    assert detail["reporters"][0]["name"] == "陈小明"
    masked = _client(world.viewer_no_reporter).get(f"/api/clues/{clue.pk}").json()
    assert masked["reporters"][0]["masked"] is True
    assert "陈小明" not in str(masked)
    created = manager.post(
        "/api/clues/",
        {
            "channel": "media",
            "violation": "虚假广告",
            "reporters": [{"name": "钱七", "phone": "13600000000"}],
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    assert created.json()["number"].endswith("2号")
    bad = manager.post("/api/clues/", {"channel": "nope", "violation": "x"}, content_type="application/json")
    assert bad.status_code == 422
    assert "来源渠道" in bad.json()["message"]
    acted = manager.post(f"/api/clues/{clue.pk}/actions/submit", {}, content_type="application/json")
    assert acted.status_code == 200
    assert acted.json()["message"] == "已提交受理审批"
    assert (
        manager.post(f"/api/clues/{clue.pk}/actions/nope", {}, content_type="application/json").status_code
        == 404
    )
