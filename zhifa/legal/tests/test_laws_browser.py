"""Browser: an officer searches the law library for 听证 and reads 行政处罚法 第六十四条."""

from __future__ import annotations

import os
from typing import Any

import pytest

from .laws_support import import_laws

PASSWORD = "Zhifa-test-2026"


def login(page: Any, live_server: Any, username: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_officer_searches_hearing_and_reads_the_penalty_law_article(
    page: Any, live_server: Any, org_world: Any, make_user: Any
) -> None:
    import_laws("行政处罚法", "行政强制法")
    officer = make_user(org_world.agency, "officer")
    login(page, live_server, officer.username)

    nav = page.locator("#sidenav")
    nav.get_by_role("link", name="法律法规").click()
    page.wait_for_url("**/legal/laws/")
    assert page.get_by_role("link", name="中华人民共和国行政处罚法").is_visible()

    page.get_by_label("全文检索").fill("听证")
    page.get_by_role("button", name="检索条文").click()
    page.wait_for_url("**/legal/law-search/?q=*")
    assert "共找到" in page.get_by_role("status").inner_text()
    hits = page.locator("ol.law-hits > li")
    assert hits.count() > 1
    assert hits.first.locator("mark").first.inner_text() == "听证"

    hits.get_by_role("link", name="行政处罚法 第六十四条").click()
    page.wait_for_url("**/legal/laws/articles/*/?q=*")
    assert page.locator("h1").inner_text() == "中华人民共和国行政处罚法 第六十四条"
    text = page.locator("article.law-article").inner_text()
    assert "听证应当依照以下程序组织" in text
    assert "（一）当事人要求听证的，应当在行政机关告知后五日内提出" in text

    page.get_by_role("link", name="在全文中查看").click()
    page.wait_for_url("**/legal/laws/*/?version=*#art-64")
    assert page.locator("#art-64").is_visible()
    assert (
        page.get_by_role("navigation", name="目录").get_by_role("link", name="第四节 听证程序").is_visible()
    )
    if os.environ.get("ZHIFA_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["ZHIFA_SCREENSHOTS"], "law_detail.png"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_search_results_are_readable_on_a_phone(
    phone_page: Any, live_server: Any, org_world: Any, make_user: Any
) -> None:
    import_laws("行政处罚法")
    officer = make_user(org_world.agency, "officer")
    login(phone_page, live_server, officer.username)
    phone_page.goto(f"{live_server.url}/legal/law-search/?q=听证")
    first = phone_page.locator("ol.law-hits > li").first
    box = first.bounding_box()
    assert box is not None
    assert box["width"] <= 390
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    if os.environ.get("ZHIFA_SCREENSHOTS"):
        phone_page.screenshot(path=os.path.join(os.environ["ZHIFA_SCREENSHOTS"], "law_search_phone.png"))
