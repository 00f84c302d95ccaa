from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from zhifa.core.audit import Actor
from zhifa.core.models import AuditEvent
from zhifa.orgs.models import User
from zhifa.orgs.services.organisations import organisation_update
from zhifa.orgs.tests.factories import OfficerFactory, domain, region, role

pytestmark = pytest.mark.django_db


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def csv_rows(response: Any) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_organisation_list_filters_keep_typed_values_and_paginate(org_world: Any, make_user: Any) -> None:
    client = login(make_user(org_world.city_justice, "city_justice_admin"))
    response = client.get(reverse("orgs:organisation_list"), {"name": "生态", "region": "4403"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="生态"' in html
    assert org_world.sibling.name in html
    assert org_world.sibling_child.name in html
    assert org_world.agency.name not in html
    bad = client.get(reverse("orgs:organisation_list"), {"region": "深圳"})
    assert "区划代码只能是数字" in bad.content.decode()
    assert 'value="深圳"' in bad.content.decode()


def test_organisation_list_has_no_n_plus_one(
    org_world: Any, make_user: Any, django_assert_max_num_queries: Any
) -> None:
    market = domain("market", "市场监管")
    for org in org_world.all().values():
        org.domains.add(market)
    client = login(make_user(org_world.city_justice, "city_justice_admin"))
    client.get(reverse("orgs:organisation_list"))  # warm the session
    with django_assert_max_num_queries(14):
        response = client.get(reverse("orgs:organisation_list"))
    assert response.content.decode().count("市场监管") >= 8


def test_officer_list_has_no_n_plus_one(
    org_world: Any, make_user: Any, django_assert_max_num_queries: Any
) -> None:
    for org in org_world.all().values():
        for _ in range(3):
            OfficerFactory.create(organisation=org).domains.add(domain())
    client = login(make_user(org_world.city_justice, "city_justice_admin"))
    client.get(reverse("orgs:officer_list"))
    with django_assert_max_num_queries(14):
        response = client.get(reverse("orgs:officer_list"))
    assert response.content.decode().count('data-label="姓名"') == 20


def test_organisation_detail_tabs(org_world: Any, make_user: Any) -> None:
    OfficerFactory.create(organisation=org_world.agency, name="张执法")
    admin = make_user(org_world.agency, "unit_admin")
    organisation_update(actor=Actor.of(admin), organisation=org_world.agency, changes={"phone": "0755-1234"})
    client = login(admin)
    url = reverse("orgs:organisation_detail", args=[org_world.agency.pk])
    assert "0755-1234" in client.get(url).content.decode()
    assert "张执法" in client.get(url, {"tab": "officers"}).content.decode()
    children = client.get(url, {"tab": "children"}).content.decode()
    assert org_world.agency_child.name in children
    assert org_world.agency_child_futian.name in children
    history = client.get(url, {"tab": "history"}).content.decode()
    assert "修改" in history
    assert "电话" in history
    assert client.get(reverse("orgs:organisation_detail", args=[org_world.sibling.pk])).status_code == 404


def test_officer_detail_shows_certificate_badge(org_world: Any, make_user: Any) -> None:
    officer = OfficerFactory.create(organisation=org_world.agency, name="李执法")
    client = login(make_user(org_world.agency, "team_leader"))
    html = client.get(reverse("orgs:officer_detail", args=[officer.pk])).content.decode()
    assert "李执法" in html
    assert officer.certificate_no in html
    assert "badge-ok" in html


def test_csv_export_honours_scope_and_is_audited(org_world: Any, make_user: Any) -> None:
    OfficerFactory.create(organisation=org_world.agency, name="本单位")
    OfficerFactory.create(organisation=org_world.sibling, name="兄弟单位")
    user = make_user(org_world.agency, "team_leader")
    rows = csv_rows(login(user).get(reverse("orgs:officer_export")))
    assert rows[0][0] == "姓名"
    assert [r[0] for r in rows[1:]] == ["本单位"]
    assert AuditEvent.objects.filter(action="orgs.officer.export", actor_id=user.pk).exists()


def test_pages_refuse_users_without_permission(org_world: Any, make_user: Any) -> None:
    client = login(make_user(org_world.agency, "officer"))
    assert client.get(reverse("orgs:organisation_list")).status_code == 403
    assert client.get(reverse("orgs:user_list")).status_code == 403
    assert Client().get(reverse("orgs:officer_list")).status_code == 302


def test_menu_shows_only_permitted_entries(org_world: Any, make_user: Any) -> None:
    admin_html = login(make_user(org_world.agency, "unit_admin")).get(reverse("web:home")).content.decode()
    assert "执法人员" in admin_html
    assert "用户管理" in admin_html
    officer_html = login(make_user(org_world.agency, "officer")).get(reverse("web:home")).content.decode()
    assert "执法人员" in officer_html
    assert "用户管理" not in officer_html
    assert "执法主体/机关" not in officer_html


def test_region_browser_drills_down(org_world: Any, make_user: Any) -> None:
    region("440303001", "桂园街道")
    client = login(make_user(org_world.agency, "officer"))
    top = client.get(reverse("orgs:region_browser")).content.decode()
    assert "?code=44" in top
    luohu = client.get(reverse("orgs:region_browser"), {"code": "440303"}).content.decode()
    assert "桂园街道" in luohu
    assert "罗湖区" in luohu
    assert "桂园街道" in client.get(reverse("orgs:region_browser"), {"q": "桂园"}).content.decode()
    assert client.get(reverse("orgs:region_browser"), {"code": "99"}).status_code == 404


def test_unit_admin_creates_user_in_scope_with_inline_errors(org_world: Any, make_user: Any) -> None:
    admin = make_user(org_world.agency, "unit_admin")
    client = login(admin)
    form_html = client.get(reverse("orgs:user_create")).content.decode()
    assert role("officer").name in form_html
    assert "市司法局管理员" not in form_html
    assert org_world.sibling.name not in form_html
    data = {
        "username": "wang",
        "display_name": "王五",
        "organisation": org_world.agency_child.pk,
        "password": "123",
        "password_confirm": "123",
        "roles": [role("officer").pk],
    }
    bad = client.post(reverse("orgs:user_create"), data)
    assert bad.status_code == 422
    assert "密码" in bad.content.decode()
    assert 'value="wang"' in bad.content.decode()
    data.update(password="Zhifa-Strong-2026!", password_confirm="Zhifa-Strong-2026!")
    refused = client.post(reverse("orgs:user_create"), {**data, "roles": [role("city_justice_admin").pk]})
    assert "您无权授予所选角色" in refused.content.decode()
    ok = client.post(reverse("orgs:user_create"), data)
    assert ok.status_code == 302
    created = User.objects.get(username="wang")
    assert created.organisation == org_world.agency_child
    assert list(created.user_roles.values_list("role__code", flat=True)) == ["officer"]


def test_role_assignment_keeps_roles_the_manager_cannot_grant(org_world: Any, make_user: Any) -> None:
    admin = make_user(org_world.agency, "unit_admin")
    target = make_user(org_world.agency_child, "officer", "district_supervisor")
    client = login(admin)
    url = reverse("orgs:user_detail", args=[target.pk])
    page = client.get(url).content.decode()
    assert "超出您的授权范围" in page
    response = client.post(url, {"roles": [role("team_leader").pk]})
    assert response.status_code == 302
    assert set(target.user_roles.values_list("role__code", flat=True)) == {
        "team_leader",
        "district_supervisor",
    }
    other = make_user(org_world.sibling, "officer")
    assert client.get(reverse("orgs:user_detail", args=[other.pk])).status_code == 404


def test_user_deactivation_from_the_page(org_world: Any, make_user: Any) -> None:
    admin = make_user(org_world.agency, "unit_admin")
    target = make_user(org_world.agency_child, "officer")
    response = login(admin).post(reverse("orgs:user_deactivate", args=[target.pk]), {"reason": "调离"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert not target.is_active
