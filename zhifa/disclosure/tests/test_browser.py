"""Browser acceptance (issue #5 item 1; spec/02 §2.1.1.5): an officer finds a pending publication
on the 执法公示 list, reads the masked preview beside the source link, corrects a field with a
reason, publishes it, and sees both steps in the 操作记录; a correction that would publish a
natural person's full name is refused with a clear message and the typed text kept."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from zhifa.cases.tests.test_browser import login, messages, state
from zhifa.disclosure.models import Publication, PublicationState
from zhifa.disclosure.services import publication_collect

from .conftest import decided_case


@pytest.fixture(autouse=True)
def seeded(transactional_db: Any) -> None:
    """A transactional test flushes the tables after itself, migration seeds included: put back the
    publication rules and the holiday calendar (both idempotent)."""
    from zhifa.core.calendar_seed import seed_holidays
    from zhifa.disclosure.seed import seed_config

    seed_config()
    seed_holidays()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_officer_corrects_and_publishes_a_penalty_on_a_natural_person(
    page: Any, live_server: Any, case_world: Any, person: Any
) -> None:
    w, url = case_world, live_server.url
    case = decided_case(w, party=person, fine=Decimal(3000), decided_on=date.today())
    publication_collect()
    pub = Publication.objects.get(subject_type="cases.case", subject_id=case.pk)

    login(page, url, w.user_a)
    page.goto(f"{url}/disclosure/?state=pending")
    page.get_by_role("link", name="张**").click()
    page.wait_for_url(f"**/disclosure/{pub.pk}/")
    assert state(page) == "待审核公示"
    preview = page.get_by_test_id("preview").inner_text()
    assert "张**" in preview
    assert "张三丰" not in page.content()
    assert page.get_by_test_id("source-link").get_attribute("href") == f"/cases/{case.pk}/"

    form = page.get_by_test_id("correct-form")
    form.get_by_label("字段").select_option(label="违法事实/检查情况")
    form.get_by_label("修改后的内容").fill("当事人张三丰在门店销售超过保质期的食品。")
    form.get_by_label("修改理由").fill("补充事实")
    form.get_by_role("button", name="保存修改").click()
    assert "未隐去的个人信息" in messages(page)
    assert page.get_by_test_id("correct-form").get_by_label("修改理由").input_value() == "补充事实"

    form = page.get_by_test_id("correct-form")
    form.get_by_label("修改后的内容").fill("当事人在门店销售超过保质期的食品。")
    form.get_by_role("button", name="保存修改").click()
    assert "并留痕" in messages(page)
    assert "当事人在门店销售超过保质期的食品。" in page.get_by_test_id("preview").inner_text()

    page.get_by_text("审核并公示").click()
    page.locator("form[data-action=publish] button[type=submit]").click()
    assert "已公示" in messages(page)
    assert state(page) == "已公示"
    history = page.get_by_test_id("changes").inner_text()
    assert "补充事实" in history
    assert "审核后公示" in history
    assert Publication.objects.get(pk=pub.pk).state == PublicationState.PUBLISHED
