"""The officer page /disclosure/export/: the validation report and the downloads, within the
user's data scope for disclosure.export.run."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from zhifa.core.models import AuditEvent

from .factories import PublicationFactory, agency, grant_export

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_user: Any) -> dict[str, Any]:
    org = agency("深圳市市场监督管理局")
    child = agency("深圳市市场监督管理局罗湖监管局", parent=org)
    other = agency("深圳市生态环境局")
    officer = make_user(org)
    grant_export(officer)
    return {
        "org": org,
        "child": child,
        "other": other,
        "officer": officer,
        "mine": PublicationFactory.create(organisation=org),
        "child_pub": PublicationFactory.create(organisation=child),
        "bad": PublicationFactory.create(organisation=org, basis=""),
        "theirs": PublicationFactory.create(organisation=other),
        "theirs_bad": PublicationFactory.create(organisation=other, number=""),
    }


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def body(response: Any) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_anonymous_users_are_sent_to_login_and_others_refused(world: dict[str, Any], make_user: Any) -> None:
    url = reverse("disclosure:export:index")
    assert Client().get(url).status_code == 302
    assert client_for(make_user(world["org"], "officer")).get(url).status_code == 403
    download = reverse("disclosure:export:download", args=["csv"])
    assert client_for(make_user(world["org"], "officer")).get(download).status_code == 403


def test_the_check_shows_counts_and_what_is_missing_in_scope_only(world: dict[str, Any]) -> None:
    response = client_for(world["officer"]).get(reverse("disclosure:export:index"), {"check": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["exported"] == 2  # own unit and its subordinate, not the other agency
    assert response.context["invalid_count"] == 1
    assert world["bad"].number in html
    assert "缺少必填项 CF_YJ（处罚依据）" in html
    assert world["theirs"].number not in html
    units = [u.pk for u in response.context["units"]]
    assert world["org"].pk in units
    assert world["other"].pk not in units


def test_download_streams_the_valid_records_of_the_selection(world: dict[str, Any]) -> None:
    client = client_for(world["officer"])
    url = reverse("disclosure:export:download", args=["csv"])
    response = client.get(url, {"unit": world["org"].pk, "date_from": "2026-01-01", "date_to": "2026-12-31"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(body(response))))
    assert [r["CF_WSH"] for r in rows] == [world["mine"].number]
    event = AuditEvent.objects.get(action="disclosure.export.download")
    assert event.actor_id == world["officer"].pk

    data = json.loads(
        body(client.get(reverse("disclosure:export:download", args=["json"]), {"children": "1"}))
    )
    assert sorted(o["CF_WSH"] for o in data) == sorted([world["mine"].number, world["child_pub"].number])


def test_another_agencys_unit_yields_nothing(world: dict[str, Any]) -> None:
    response = client_for(world["officer"]).get(
        reverse("disclosure:export:download", args=["json"]), {"unit": world["other"].pk}
    )
    assert json.loads(body(response)) == []


def test_the_report_lists_the_invalid_records_with_their_problems(world: dict[str, Any]) -> None:
    response = client_for(world["officer"]).get(reverse("disclosure:export:report"))
    rows = list(csv.reader(io.StringIO(body(response))))
    assert rows[0][0] == "公示ID"
    assert [r[1] for r in rows[1:]] == [world["bad"].number]
    assert "缺少必填项 CF_YJ（处罚依据）" in rows[1][-1]


def test_a_bad_date_is_refused_with_a_message(world: dict[str, Any]) -> None:
    client = client_for(world["officer"])
    response = client.get(reverse("disclosure:export:index"), {"date_from": "2026-13-01", "check": "1"})
    assert response.status_code == 422
    assert "开始日期格式应为 YYYY-MM-DD" in response.content.decode()
    response = client.get(
        reverse("disclosure:export:download", args=["csv"]),
        {"date_from": "2026-03-01", "date_to": "2026-02-01"},
    )
    assert response.status_code == 422
    assert "开始日期不能晚于结束日期" in response.content.decode()


def test_the_menu_offers_the_page_to_those_who_may_export(world: dict[str, Any], make_user: Any) -> None:
    from zhifa.web.navigation import menu_for

    def labels(user: Any) -> list[str]:
        return [item["label"] for group in menu_for(user) for item in group.items]

    assert "双公示数据导出" in labels(world["officer"])
    assert "双公示数据导出" not in labels(make_user(world["org"], "officer"))


def test_the_codename_is_in_the_permission_catalogue() -> None:
    from zhifa.core.permissions import all_permissions

    assert all_permissions()["disclosure.export.run"] == "双公示数据导出"
