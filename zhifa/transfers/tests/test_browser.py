"""Browser acceptance (issue #4): a criminal referral driven through the pages — the officer asks
from the case page, the agency head approves in 我的待办, the officer sends it (移送书 numbered,
procuratorate copied), records the police's receipt and their 立案 decision; the case then shows
已移送 (310令 Arts. 5, 8)."""

from __future__ import annotations

from typing import Any

import pytest

from zhifa.cases.tests.test_browser import (
    decide_in_worklist,
    login,
    media_root,
    messages,
    seeded_config,
    state,
)

__all__ = ["media_root", "seeded_config"]  # the fixtures, re-used


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_criminal_referral_from_request_to_the_polices_decision(
    browser: Any, live_server: Any, case_world: Any
) -> None:
    w, url = case_world, live_server.url
    case = w.register()
    contexts = [
        browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800}) for _ in range(2)
    ]
    try:
        officer, head = (c.new_page() for c in contexts)
        _referral(officer, head, url, w, case)
    finally:
        for context in contexts:  # closed before the live server's database is flushed
            context.close()


def _referral(officer: Any, head: Any, url: str, w: Any, case: Any) -> None:
    for page in (officer, head):
        page.set_default_timeout(15000)
    login(officer, url, w.user_a)
    officer.goto(f"{url}/cases/{case.pk}/")
    officer.get_by_test_id("transfer").click()
    officer.wait_for_url("**/transfers/new/**")
    officer.get_by_label("类型").select_option(label="涉嫌犯罪案件移送（公安机关）")
    officer.get_by_label("移送理由").fill("销售金额逾5万元，涉嫌销售伪劣产品罪")
    officer.get_by_role("textbox", name="公安机关").fill("深圳市公安局罗湖分局")
    officer.get_by_label("抄送人民检察院").fill("深圳市罗湖区人民检察院")
    with officer.expect_navigation():
        officer.get_by_role("button", name="提请审批").click()
    assert "已提请移送" in messages(officer)
    assert state(officer) == "待审批"
    transfer_url = officer.url

    login(head, url, w.head)
    decide_in_worklist(head, url, "涉刑案件移送审批")

    officer.goto(transfer_url)
    assert state(officer) == "已批准待移送"
    for button, expected in (
        ("移送（出具移送书）", "已移送"),
        ("登记公安机关签收", "已移送"),
        ("公安机关立案", "已接收/已立案"),
    ):
        with officer.expect_navigation():
            officer.get_by_role("button", name=button).click()
        assert "操作成功" in messages(officer), messages(officer)
        assert state(officer) == expected
    page_text = officer.inner_text("main")
    assert "刑移字" in page_text  # the 移送书 number
    assert "已抄送" in page_text  # the procuratorate copy (RULES §4 T14)
    assert "移交涉案物品和材料期限" in page_text or "移交涉案物品和材料" in page_text  # 310令第十二条
    officer.goto(f"{url}/cases/{case.pk}/")
    assert state(officer) == "已移送"
