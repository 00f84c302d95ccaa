"""Browser acceptance (issue #4): a complaint from intake to an opened case with a reply to the
reporter, driven only through the pages, each step by the persona who does it in their own browser —
the 市局 intake clerk (案源管理人员) registers the complaint with the reporter's e-mail and submits it,
the leader approves 受理 in 我的待办, the clerk assigns it to the 罗湖监管局, whose team leader names
the officer, the officer opens a penalty case from the clue in one action and answers the reporter;
the answer is delivered over SMTP to a real server (aiosmtpd, the `smtp_server` fixture)."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.apps import apps
from django.utils import timezone

from zhifa.cases.models import Case
from zhifa.cases.tests.test_browser import (
    decide_in_worklist,
    login,
    media_root,
    messages,
    seeded_config,
    state,
)
from zhifa.clues.models import Clue, ClueReply
from zhifa.clues.services.outcome import REPLY_SUBJECT

from .conftest import ClueWorld, SmtpInbox

__all__ = ["media_root", "seeded_config"]  # the fixtures, re-used

REPORTER = {"姓名": "陈小明", "联系电话": "13800138000", "电子邮箱": "chen@example.com"}
ANSWER = "经核查，您反映的销售过期食品问题属实，我局已依法立案调查。感谢您的监督！"


@pytest.fixture(autouse=True)
def clue_config(transactional_db: Any) -> None:
    """The flush after a transactional test removes the migration's seeds: put back the clue time
    limits (市场监管 15 个工作日) and the duplicate settings (idempotent)."""
    importlib.import_module("zhifa.clues.migrations.0002_seed_time_limits").seed(apps, None)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_complaint_from_intake_to_an_opened_case_with_a_reply_to_the_reporter(
    browser: Any, live_server: Any, world: ClueWorld, smtp_server: SmtpInbox
) -> None:
    contexts = [
        browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800}) for _ in range(4)
    ]
    try:
        clerk, leader, unit_leader, officer = (c.new_page() for c in contexts)
        for page in (clerk, leader, unit_leader, officer):
            page.set_default_timeout(15000)
        _complaint_to_case(clerk, leader, unit_leader, officer, live_server.url, world)
    finally:
        for context in contexts:  # closed before the live server's database is flushed
            context.close()
    clue = Clue.objects.get()
    assert clue.case_id is not None
    case = Case.objects.get(pk=clue.case_id)
    # The case carries the clue's data over (one action) and nothing of its reporter.
    assert case.party_id == world.party.pk
    assert case.party_name == world.party.name
    assert case.cause == clue.violation == "销售超过保质期的食品"
    assert case.source == "complaint"
    assert case.facts == clue.content
    assert case.place == clue.place
    assert case.discovered_on == timezone.localtime(clue.received_at).date()
    assert case.organisation == world.child
    assert list(case.handlers.values_list("officer_id", flat=True)) == [world.officer.pk]
    assert (clue.state, clue.outcome, clue.handling_officer_id) == (
        "handled",
        "opened_case",
        world.officer.pk,
    )
    assert "陈小明" not in f"{case.facts} {case.cause} {case.place}"
    # The reply reached the reporter's mailbox over SMTP, to them alone.
    (received,) = smtp_server.wait_for(1)
    assert received.rcpt_tos == ["chen@example.com"]
    assert received.subject == REPLY_SUBJECT
    assert ANSWER in received.body
    assert clue.number in received.body
    reply = ClueReply.objects.get()
    assert (reply.channel, reply.status) == ("email", "sent")


def _complaint_to_case(
    clerk: Any, leader: Any, unit_leader: Any, officer: Any, url: str, w: ClueWorld
) -> None:
    # 1. The intake clerk registers the complaint with the reporter's contact and submits it.
    login(clerk, url, w.manager)
    clerk.goto(f"{url}/clues/new/")
    clerk.get_by_label("来源渠道").select_option(label="投诉")
    clerk.get_by_label("涉嫌违法行为").fill("销售超过保质期的食品")
    clerk.get_by_label("执法领域").select_option(label="市场监管")
    clerk.get_by_label("线索内容").fill("东门街道某食品店货架上有过期牛奶出售，已拍照。")
    clerk.get_by_label("当事人统一社会信用代码或证件号码（在执法对象库中查找）").fill(w.party.uscc)
    clerk.get_by_label("地点", exact=True).fill("罗湖区东门街道测试路1号")
    for label, value in REPORTER.items():
        clerk.get_by_label(label, exact=True).fill(value)
    clerk.get_by_label("证件号码", exact=True).fill("110101199003074514")
    clerk.get_by_label("答复方式").select_option(label="电子邮件")
    with clerk.expect_navigation():
        clerk.get_by_role("button", name="登记").click()
    assert "线索已登记" in messages(clerk), messages(clerk)
    assert state(clerk) == "已登记"
    clue_url = clerk.url
    assert "陈小明" in clerk.inner_text("main")  # the receiving unit's clerk sees the reporter
    with clerk.expect_navigation():
        clerk.get_by_role("button", name="提交受理审批").click()
    assert "已提交受理审批" in messages(clerk)

    # 2. The leader approves 受理 in 我的待办.
    login(leader, url, w.approver)
    decide_in_worklist(leader, url, "线索受理审批")
    leader.goto(clue_url)
    assert state(leader) == "已受理"
    assert "陈小明" not in leader.inner_text("main")  # no clues.reporter.view: masked

    # 3. The clerk assigns it to the 罗湖监管局; its team leader names the officer.
    clerk.goto(clue_url)
    clerk.get_by_label("办理单位").select_option(label=w.child.name)
    with clerk.expect_navigation():
        clerk.get_by_role("button", name="分派").click()
    assert f"已分派至{w.child.name}" in messages(clerk), messages(clerk)
    login(unit_leader, url, w.child_leader)
    unit_leader.goto(clue_url)
    assert state(unit_leader) == "已分派"
    unit_leader.get_by_label("办理人").select_option(label=w.officer.name)
    with unit_leader.expect_navigation():
        unit_leader.get_by_role("button", name="指定办理人").click()
    assert f"已指定办理人：{w.officer.name}" in messages(unit_leader), messages(unit_leader)

    # 4. The officer opens the penalty case from the clue, then answers the reporter.
    login(officer, url, w.officer_user)
    officer.goto(clue_url)
    with officer.expect_navigation():
        officer.get_by_role("button", name="立案查处").click()
    assert "已立案：" in messages(officer), messages(officer)
    assert state(officer) == "已办结"
    number = messages(officer).split("已立案：", 1)[1].split()[0]
    assert number in officer.inner_text("main")  # 办理结果：立案查处 已立案：<number>
    officer.get_by_label("对外答复").fill(ANSWER)
    with officer.expect_navigation():
        officer.get_by_role("button", name="发送答复").click()
    assert "已向1名投诉举报人答复" in messages(officer), messages(officer)
    officer.reload()
    assert "已发送" in officer.locator("section.card", has_text="答复记录").inner_text()

    # 5. The case page shows the case carrying the clue's data, under the unit's case number.
    officer.goto(f"{url}/cases/?q={number}")
    officer.get_by_role("link", name=number).click()
    officer.wait_for_url("**/cases/*/")
    main = officer.inner_text("main")
    assert "销售超过保质期的食品" in main
    assert w.party.name in main
    assert "陈小明" not in main
