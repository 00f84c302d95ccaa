"""Issue #2 acceptance, in a real browser: log in, search the law library, open an article, then
open a discretion standard — the path an officer takes before deciding a penalty."""

from __future__ import annotations

from typing import Any

import pytest

from zhifa.legal.tests.laws_support import import_laws
from zhifa.legal.tests.powers_factories import make_standard

PASSWORD = "Zhifa-test-2026"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_officer_logs_in_searches_laws_opens_article_and_discretion_standard(
    page: Any, live_server: Any, org_world: Any, make_user: Any
) -> None:
    import_laws("行政处罚法")
    make_standard(org_world.agency, violation="未依法备案的建设项目")
    officer = make_user(org_world.agency, "officer")

    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", officer.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    nav = page.locator("#sidenav")
    nav.get_by_role("link", name="条文检索").click()
    page.locator("#law-q").fill("当场收缴")
    page.locator("main form").get_by_role("button", name="检索").click()
    page.wait_for_url("**/legal/law-search/?q=*")
    page.locator("ol.law-hits > li").get_by_role("link", name="行政处罚法 第六十八条").click()
    page.wait_for_url("**/legal/laws/articles/**")
    assert page.locator("h1").inner_text() == "中华人民共和国行政处罚法 第六十八条"
    assert "一百元以下" in page.locator("article.law-article").inner_text()

    nav.get_by_role("link", name="自由裁量基准").click()
    page.wait_for_url("**/legal/discretion/**")
    page.get_by_role("link", name="未依法备案的建设项目").first.click()
    assert "未依法备案的建设项目" in page.locator("h1").inner_text()
    tiers = page.locator("main").inner_text()
    assert "处一万元以上二万元以下的罚款" in tiers
    assert "裁量计算器" in tiers
