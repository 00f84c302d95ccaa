from __future__ import annotations

from typing import Any

import pytest

from zhifa.orgs.tests.factories import OfficerFactory

PASSWORD = "Zhifa-test-2026"


def login(page: Any, live_server: Any, username: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_unit_admin_sees_its_menus_filters_officers_and_opens_a_detail(
    page: Any, live_server: Any, org_world: Any, make_user: Any
) -> None:
    admin = make_user(org_world.agency, "unit_admin")
    OfficerFactory.create(organisation=org_world.agency_child, name="张明", certificate_no="44030300077")
    OfficerFactory.create(organisation=org_world.agency, name="李华")
    OfficerFactory.create(organisation=org_world.sibling, name="张外单位")
    login(page, live_server, admin.username)

    nav = page.locator("#sidenav")
    assert nav.get_by_role("link", name="执法人员").is_visible()
    assert nav.get_by_role("link", name="用户管理").is_visible()
    assert nav.get_by_role("link", name="审计日志").count() == 0

    nav.get_by_role("link", name="执法人员").click()
    page.wait_for_url("**/orgs/officers/")
    page.get_by_label("姓名").fill("张")
    page.get_by_role("button", name="查询").click()
    page.wait_for_url("**/orgs/officers/?*")
    rows = page.locator("table.list tbody tr")
    assert rows.count() == 1  # 张外单位 is outside the unit admin's scope
    assert page.get_by_label("姓名").input_value() == "张"
    rows.first.get_by_role("link", name="张明").click()
    page.wait_for_url("**/orgs/officers/*/")
    assert page.locator("h1").inner_text().startswith("张明")
    assert "44030300077" in page.locator("dl.fields").inner_text()
    assert page.locator("h1 .badge").inner_text() == "有效"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_officer_role_does_not_see_user_management(
    page: Any, live_server: Any, org_world: Any, make_user: Any
) -> None:
    officer_user = make_user(org_world.agency, "officer")
    login(page, live_server, officer_user.username)
    nav = page.locator("#sidenav")
    assert nav.get_by_role("link", name="执法人员").is_visible()
    assert nav.get_by_role("link", name="用户管理").count() == 0
    assert nav.get_by_role("link", name="审计日志").count() == 0
    response = page.goto(f"{live_server.url}/orgs/users/")
    assert response is not None
    assert response.status == 403
