"""Browser acceptance (issue #4): a seizure driven through the pages — the officer requests it from the
case page, the agency head approves in 我的待办 (强制法第十八条), the measure is in force with its
决定书, 清单 and 现场笔录 (第二十四条); the extension is requested and approved with the party's
notice (第二十五条), and the release issues its 解除决定书 (第二十八条)."""

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
def test_a_seizure_from_the_case_page_with_extension_and_release(
    browser: Any, live_server: Any, case_world: Any
) -> None:
    w, url = case_world, live_server.url
    case = w.register()
    contexts = [
        browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800}) for _ in range(2)
    ]
    try:
        officer, head = (c.new_page() for c in contexts)
        _seizure(officer, head, url, w, case)
    finally:
        for context in contexts:  # closed before the live server's database is flushed
            context.close()


def _documents(page: Any) -> list[str]:
    rows = page.get_by_test_id("documents").locator("tr[data-code]")
    return [str(rows.nth(i).get_attribute("data-code")) for i in range(rows.count())]


def _seizure(officer: Any, head: Any, url: str, w: Any, case: Any) -> None:
    for page in (officer, head):
        page.set_default_timeout(20000)
    login(officer, url, w.user_a)
    officer.goto(f"{url}/cases/{case.pk}/")
    officer.get_by_test_id("coercion").click()
    officer.wait_for_url("**/coercion/new/**")
    officer.get_by_label("措施种类").select_option(label="扣押")
    officer.get_by_label("实施理由和依据").fill("涉嫌销售过期食品，依据食品安全法第一百一十条")
    officer.get_by_label("实施地点").fill("深圳市罗湖区某路1号仓库")
    officer.get_by_label("张三", exact=False).check()
    officer.get_by_label("李四", exact=False).check()
    officer.locator("input[name=item_name]").first.fill("过期奶粉")
    officer.locator("input[name=item_spec]").first.fill("900g/罐")
    officer.locator("input[name=item_quantity]").first.fill("120罐")
    officer.locator("input[name=item_place]").first.fill("仓库A")
    with officer.expect_navigation():
        officer.get_by_role("button", name="提交").click()
    assert "已提请审批" in messages(officer), messages(officer)
    assert state(officer) == "待审批"
    assert _documents(officer) == []
    measure_url = officer.url

    login(head, url, w.head)
    decide_in_worklist(head, url, "行政强制措施审批")

    officer.goto(measure_url)
    assert state(officer) == "实施中"
    issued = _documents(officer)
    assert [c for c in issued if c != "09.02"] == ["04.02", "04.04", "04.03"]  # 第二十四条
    assert issued.count("09.02") == 2  # the 决定书 and the 清单 served with their 送达回证

    form = officer.locator("form[data-step=extend]")
    form.get_by_label("延长理由").fill("需调取上游进货记录，情况复杂")
    with officer.expect_navigation():
        form.get_by_role("button", name="提请延长期限").click()
    assert "操作成功" in messages(officer), messages(officer)

    decide_in_worklist(head, url, "延长行政强制措施期限审批")
    officer.goto(measure_url)
    assert state(officer) == "已延长"
    assert "04.07" in _documents(officer)  # 第二十五条第二款: the party told in writing
    assert "书面告知当事人" in officer.inner_text("main")

    form = officer.locator("form[data-step=release]")
    form.get_by_label("解除理由").select_option(label="已经作出处理决定，不再需要查封、扣押")
    with officer.expect_navigation():
        form.get_by_role("button", name="解除强制措施").click()
    assert "操作成功" in messages(officer), messages(officer)
    assert state(officer) == "已解除"
    assert "04.09" in _documents(officer)  # 第二十八条
