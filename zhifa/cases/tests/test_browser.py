"""Browser acceptance of issue #3, driven only through the pages, each step by the persona who does
it: a general-procedure case from registration to archive with a hearing and 法制审核 (officer,
team leader, legal reviewer, agency head, each in their own browser), and a summary-procedure
case on a 390×844 phone.

The approvals happen now (the approval records its real time), so the dates the officer types —
告知书、听证申请、听证通知、听证、送达、缴款 — lie in the recent past and satisfy the legal gates:
听证申请 within 5 working days of the 告知 (处罚法第64条第1项), the 听证通知 7 working days before
the hearing (第64条第2项, 第85条), the statement window over before the decision (第45条)."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from zhifa.core.audit import Actor
from zhifa.documents.services import phrase_create

PASSWORD = "Zhifa-test-2026"
SHOTS = tempfile.gettempdir()  # screenshots to look at, not committed
BEIJING = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def seeded_config(transactional_db: Any) -> None:
    """A transactional test flushes the tables after itself, migration seeds included: put back the
    听证 thresholds, 简易程序 limits and periods (idempotent)."""
    from zhifa.cases.models.config import seed_config
    from zhifa.core.audit import Actor
    from zhifa.core.calendar_seed import PACKAGE_LAST_YEAR, seed_holidays
    from zhifa.core.services import holiday_year_set

    seed_config()
    seed_holidays()
    # The case runs about a month from today and its closing period reaches further: a year the
    # package does not know yet is taken over as an administrator would once the 国办 notice is out
    # (here: weekends only), so the deadlines are computed instead of failing closed.
    last = (timezone.localdate() + timedelta(days=120)).year
    for year in range(PACKAGE_LAST_YEAR + 1, last + 1):
        holiday_year_set(actor=Actor.system(), year=year, complete=True, note="测试：按周末计")


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


class Office:
    """The people's browsers and the calendar. Each working day the whole process — live server
    included — travels to 10:00 Beijing time on that day (approvals record their real time, so the
    test travels instead of back-dating), and everyone logs in afresh in their own browser: the
    officer never sees the leader's session."""

    def __init__(self, browser: Any, live_server: Any) -> None:
        self.browser, self.url = browser, live_server.url
        self.contexts: list[Any] = []
        self.pages: dict[int, Any] = {}
        self.traveller: Any = None

    def day(self, d: date) -> None:
        self.leave()
        self.traveller = time_machine.travel(datetime(d.year, d.month, d.day, 10, tzinfo=BEIJING), tick=True)
        self.traveller.start()

    def of(self, user: Any) -> Any:
        if user.pk not in self.pages:
            context = self.browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800})
            self.contexts.append(context)
            page = context.new_page()
            page.set_default_timeout(15000)
            login(page, self.url, user)
            self.pages[user.pk] = page
        return self.pages[user.pk]

    def leave(self) -> None:
        for context in self.contexts:
            context.close()
        self.contexts, self.pages = [], {}
        if self.traveller is not None:
            self.traveller.stop()
            self.traveller = None


@pytest.fixture
def office(browser: Any, live_server: Any) -> Iterator[Office]:
    o = Office(browser, live_server)
    yield o
    o.leave()


def login(page: Any, url: str, user: Any) -> None:
    page.goto(f"{url}/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{url}/")


def iso(d: date) -> str:
    return d.isoformat()


def state(page: Any) -> str:
    return str(page.get_by_test_id("state").inner_text()).strip()


def messages(page: Any) -> str:
    return str(page.locator(".messages").inner_text()) if page.locator(".messages").count() else ""


def act(
    page: Any,
    code: str,
    *,
    fill: dict[str, str] | None = None,
    check: tuple[str, ...] = (),
    select: dict[str, str] | None = None,
    ok: bool = True,
    shot: str = "",
) -> None:
    """Open the action's panel on the case page, fill it by its labels and confirm it."""
    form = page.locator(f"form[data-action={code}]")
    form.locator("xpath=..").locator("summary").click()
    for label, value in (fill or {}).items():
        form.get_by_label(label, exact=True).fill(value)
    for label in check:
        form.get_by_label(label, exact=True).check()
    for label, value in (select or {}).items():
        form.get_by_label(label).select_option(label=value)
    if shot:
        page.screenshot(path=f"{SHOTS}/{shot}.png", full_page=True)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    if ok:
        assert "操作成功" in messages(page), messages(page) or page.content()[:3000]


def decide_in_worklist(page: Any, url: str, task: str, *, agree: bool = True, comment: str = "") -> None:
    """From 我的待办: open the task whose title starts with `task`, give the opinion, submit."""
    page.goto(f"{url}/worklist/")
    page.get_by_role("link", name=re.compile("^" + re.escape(task))).first.click()
    page.wait_for_url("**/worklist/approvals/*/")
    page.get_by_label("同意" if agree else "不同意", exact=True).check()
    if comment:
        page.get_by_label("说明（不同意时必填）").fill(comment)
    with page.expect_navigation():
        page.get_by_role("button", name="提交").click()
    assert "审批意见已提交" in messages(page), messages(page)


def open_case(page: Any, url: str, number: str) -> None:
    page.goto(f"{url}/cases/?q={number}")
    page.get_by_role("link", name=number).click()
    page.wait_for_url("**/cases/*/")


def table_text(page: Any, heading: str) -> str:
    return str(page.locator("section.card", has=page.get_by_role("heading", name=heading)).inner_text())


def deadline(page: Any, title: str) -> str:
    """The deadline row's 起算, 届满 and 状态 cells, tab-separated."""
    row = page.locator("section.card", has=page.get_by_role("heading", name="期限")).locator(
        "tr", has=page.locator("td", has_text=re.compile("^" + re.escape(title) + "$"))
    )
    cells = [str(c).strip() for c in row.locator("td").all_inner_texts()]
    return "\t".join(cells[1:4])


def fits_the_screen(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= 390"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_general_procedure_from_registration_to_archive_with_a_hearing_and_legal_review(
    office: Office, live_server: Any, case_world: Any
) -> None:
    w, url = case_world, live_server.url
    start = timezone.localdate() + timedelta(days=1)

    def day(n: int) -> date:
        return start + timedelta(days=n)

    # Day 0. 承办人 registers the case and asks for it to be opened.
    office.day(day(0))
    officer = office.of(w.user_a)
    officer.goto(f"{url}/cases/new/")
    officer.get_by_label("程序").select_option(label="一般程序")
    officer.get_by_label("当事人编号").fill(str(w.party.pk))
    officer.get_by_label("案由").fill("销售超过保质期的食品")
    officer.get_by_label("违法行为发生日").fill(iso(day(-20)))
    officer.get_by_label("发现日").fill(iso(day(-3)))
    officer.get_by_label("违法地点").fill("罗湖区东门中路1号")
    officer.get_by_label(re.compile("李四")).check()
    with officer.expect_navigation():
        officer.get_by_role("button", name="登记", exact=True).click()
    assert "已登记" in messages(officer)
    assert state(officer) == "登记"
    number = re.search(r"已登记 (\S+)", messages(officer)).group(1)  # type: ignore[union-attr]
    info = table_text(officer, "基本信息")
    assert "张三（主办人" in info
    assert "李四（协办人" in info
    case_url = officer.url
    act(officer, "open")
    assert state(officer) == "立案审批中"
    assert "立案审批" in table_text(officer, "审批")
    assert officer.locator("form[data-action=open]").count() == 0  # pending: not offered twice

    # 承办机构负责人, then 行政机关负责人, approve the opening from their 我的待办.
    leader, head = office.of(w.leader), office.of(w.head)
    decide_in_worklist(leader, url, "立案审批：承办机构负责人审核")
    assert leader.get_by_test_id("status").inner_text() == "审批中"
    decide_in_worklist(head, url, "立案审批：行政机关负责人审批")
    assert head.get_by_test_id("status").inner_text() == "已批准"
    officer.goto(case_url)
    assert state(officer) == "调查取证"
    assert re.search(r"立案日\s*" + iso(day(0)), table_text(officer, "基本信息"))
    assert "立案审批表" in table_text(officer, "文书")
    assert deadline(officer, "作出处罚决定期限").startswith(iso(day(0)))  # 第60条: 90 days

    # Day 1. 调查终结 with a fine that carries the right to a hearing (广东: ≥ 100,000 元 for an
    # organisation), 提交审核, the leader passes it.
    office.day(day(1))
    officer, leader = office.of(w.user_a), office.of(w.leader)
    officer.goto(case_url)
    act(
        officer,
        "conclude_investigation",
        fill={
            "违法事实": "当事人于店内销售超过保质期的预包装食品12箱",
            "拟罚款（元）": "150000",
            "证据摘要": "现场检查笔录、询问笔录、进货单据、现场照片",
            "违法依据（空：取权责清单）": "《中华人民共和国食品安全法》第三十四条第（十）项",
            "处罚依据（空：取权责清单）": "《中华人民共和国食品安全法》第一百二十四条第一款第（五）项",
        },
        check=("罚款",),
    )
    assert state(officer) == "调查终结"
    assert "调查终结报告" in table_text(officer, "文书")
    act(officer, "submit_review")
    assert state(officer) == "审核中"
    decide_in_worklist(leader, url, "案件审核：承办机构负责人审核")
    officer.goto(case_url)
    assert state(officer) == "审核通过"

    # Day 2. 告知 with the right to a hearing, served in person.
    office.day(day(2))
    officer = office.of(w.user_a)
    officer.goto(case_url)
    act(officer, "notify", fill={"告知书送达日": iso(day(2))}, select={"送达方式": "直接送达"})
    assert state(officer) == "已告知"
    assert re.search(r"听证权利\s*有", table_text(officer, "基本信息"))
    assert "听证告知书" in table_text(officer, "文书")
    assert deadline(officer, "陈述、申辩期限").startswith(iso(day(2)))

    # Day 3: the party asks for a hearing (within 5 working days). Day 4: the 听证通知书 is served
    # for a hearing three weeks later (≥ 7 working days).
    office.day(day(3))
    officer = office.of(w.user_a)
    officer.goto(case_url)
    act(officer, "request_hearing", fill={"申请听证日": iso(day(3))})
    assert state(officer) == "已申请听证"
    office.day(day(4))
    officer = office.of(w.user_a)
    officer.goto(case_url)
    act(
        officer,
        "schedule_hearing",
        fill={"听证通知送达日": iso(day(4)), "听证日期": iso(day(25)), "听证地点": "本局听证室"},
        select={"送达方式": "直接送达"},
    )
    assert state(officer) == "已通知听证"
    assert "听证通知书" in table_text(officer, "文书")

    # Day 25: the hearing is held; 法制审核 is asked for, returned with a reason, asked again, passed.
    office.day(day(25))
    officer, reviewer = office.of(w.user_a), office.of(w.reviewer)
    officer.goto(case_url)
    act(officer, "hold_hearing", fill={"听证结束日": iso(day(25))})
    assert state(officer) == "已听证"
    act(officer, "submit_legal_review", fill={"说明/意见": "听证已结束，提请法制审核"})
    decide_in_worklist(reviewer, url, "法制审核：法制审核", agree=False, comment="请补充进货单据原件")
    officer.goto(case_url)
    assert state(officer) == "已听证"
    timeline = table_text(officer, "办理过程")
    assert "法制审核退回" in timeline
    assert "请补充进货单据原件" in timeline
    act(officer, "submit_legal_review", fill={"说明/意见": "已补充进货单据原件"})
    decide_in_worklist(reviewer, url, "法制审核：法制审核")
    officer.goto(case_url)
    assert "法制审核通过" in table_text(officer, "办理过程")
    assert "法制审核意见书" in table_text(officer, "文书")

    # Day 26: 提请决定; the leader, then the head, approve; the decision document is issued.
    office.day(day(26))
    officer, leader, head = office.of(w.user_a), office.of(w.leader), office.of(w.head)
    officer.goto(case_url)
    act(
        officer,
        "submit_decision",
        select={"拟作出的决定": "给予行政处罚"},
        fill={"说明/意见": "经听证，维持告知的处罚"},
        shot="cases_submit_decision",
    )
    assert state(officer) == "决定审批中"
    officer.screenshot(path=f"{SHOTS}/cases_deciding.png", full_page=True)
    leader.goto(f"{url}/worklist/")
    leader.get_by_role("link", name=re.compile("^行政处罚决定审批")).first.click()
    summary = str(leader.locator("dl.fields").inner_text())
    assert re.search(r"拟作出决定\s*给予行政处罚", summary), summary
    assert "不予处罚情形" not in summary  # the ground is asked only for a no-penalty decision
    decide_in_worklist(leader, url, "行政处罚决定审批：承办机构负责人审核")
    decide_in_worklist(head, url, "行政处罚决定审批：行政机关负责人审批")
    officer.goto(case_url)
    assert state(officer) == "已决定"
    info = table_text(officer, "基本信息")
    assert re.search(r"拟处罚\s*罚款 · 罚款金额 150000.00 元", info), info
    assert re.search(r"处罚决定\s*给予行政处罚：罚款 · 罚款金额 150000.00 元", info), info
    assert deadline(officer, "陈述、申辩期限").endswith("已完成")
    assert deadline(officer, "送达行政处罚决定书期限").startswith(iso(day(26)))
    documents = officer.locator("section.card", has=officer.get_by_role("heading", name="文书"))
    decision_row = documents.locator("tr", has_text="行政处罚决定书")
    assert decision_row.count() == 1
    pdf = decision_row.get_by_role("link", name="PDF")
    response = officer.request.get(url + str(pdf.get_attribute("href")))
    assert response.ok
    assert response.body()[:5] == b"%PDF-"
    officer.screenshot(path=f"{SHOTS}/cases_decided.png", full_page=True)

    # Day 27: the decision is served in person; day 28: paid, 提请结案, the leader approves, 归档.
    office.day(day(27))
    officer = office.of(w.user_a)
    officer.goto(case_url)
    act(officer, "serve_decision", fill={"送达日": iso(day(27))}, select={"送达方式": "直接送达"})
    assert state(officer) == "已送达"
    assert "送达回证" in table_text(officer, "文书")
    assert deadline(officer, "送达行政处罚决定书期限").endswith("已完成")
    assert deadline(officer, "缴纳罚款期限").startswith(iso(day(27)))
    office.day(day(28))
    officer, leader = office.of(w.user_a), office.of(w.leader)
    open_case(officer, url, number)  # from the case list, by its number
    act(officer, "record_payment", fill={"缴款日": iso(day(28)), "金额（元）": "150000"})
    assert state(officer) == "执行完毕"
    act(officer, "submit_close", fill={"说明/意见": "罚款已缴清，提请结案"})
    assert state(officer) == "结案审批中"
    decide_in_worklist(leader, url, "结案审批：承办机构负责人审核")
    officer.goto(case_url)
    assert state(officer) == "已结案"
    assert "结案审批表" in table_text(officer, "文书")
    officer.screenshot(path=f"{SHOTS}/cases_closed.png", full_page=True)
    timeline = table_text(officer, "办理过程")
    steps = [
        "登记",
        "提请立案",
        "批准立案",
        "调查终结",
        "提交审核",
        "审核通过",
        "告知当事人",
        "当事人申请听证",
        "通知听证",
        "听证结束",
        "提请法制审核",
        "法制审核退回",
        "法制审核通过",
        "提请决定",
        "作出处罚决定",
        "决定书送达",
        "登记缴款/履行",
        "提请结案",
        "结案",
    ]
    missing = [s for s in steps if s not in timeline]
    assert not missing, missing

    # 归档: the officer asks, the leader approves 归档审批 (SAMR程序规定第78条).
    act(officer, "submit_archive", ok=False)
    assert "操作成功" in messages(officer), messages(officer)
    decide_in_worklist(leader, url, "归档审批：承办机构负责人审核归档")
    officer.goto(case_url)
    assert state(officer) == "已归档"
    assert "当前没有您可以办理的操作" in table_text(officer, "可办理的操作")
    assert "归档" in table_text(officer, "办理过程").split("结案")[-1]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_summary_procedure_on_a_390px_phone(phone_page: Any, live_server: Any, case_world: Any) -> None:
    w, url, page = case_world, live_server.url, phone_page
    today = timezone.localdate()
    phrase_create(actor=Actor.system(), organisation=None, category="facts", text="未经许可占用道路摆摊经营")
    login(page, url, w.user_a)
    page.goto(f"{url}/cases/new/")
    assert fits_the_screen(page)
    page.get_by_label("查找当事人").fill("王某")  # the officer searches instead of typing an id
    with page.expect_navigation():
        page.get_by_role("button", name="查找", exact=True).click()
    assert page.get_by_label(re.compile("王某")).is_checked()
    page.get_by_label("程序").select_option(label="简易程序")
    page.get_by_label("案由").fill("占道经营")
    page.get_by_label(re.compile("李四")).check()
    with page.expect_navigation():
        page.get_by_role("button", name="登记", exact=True).click()
    assert "已登记" in messages(page)
    assert state(page) == "登记"
    assert fits_the_screen(page)

    # 常用语: choosing a phrase inserts it into the facts (zhifa/cases/static/cases/phrases.js).
    form = page.locator("form[data-action=decide_on_spot]")
    form.locator("xpath=..").locator("summary").click()
    form.get_by_label("常用语").select_option(label="未经许可占用道路摆摊经营")
    assert form.get_by_label("违法事实", exact=True).input_value() == "未经许可占用道路摆摊经营"
    form.locator("xpath=..").locator("summary").click()  # close: act() opens it again
    act(
        page,
        "decide_on_spot",
        fill={
            "决定日": today.isoformat(),
            "违法事实": "在人行道上摆摊占道经营",
            "证据": "执法记录仪视频、现场照片",
            "违反规定": "《深圳市市容和环境卫生管理条例》第二十条",
            "处罚依据": "《深圳市市容和环境卫生管理条例》第七十二条",
            "罚款（元）": "200",
        },
        check=("罚款",),
        shot="cases_phone_deciding",
    )
    assert state(page) == "已送达"
    assert page.get_by_text("操作成功", exact=True).count() == 1  # shown once, not twice
    assert re.search(r"处罚决定\s*给予行政处罚：罚款 · 罚款金额 200.00 元", table_text(page, "基本信息"))
    documents = table_text(page, "文书")
    assert "当场行政处罚决定书" in documents
    assert "送达回证" in documents
    assert deadline(page, "缴纳罚款期限").startswith(today.isoformat())
    assert fits_the_screen(page)
    page.screenshot(path=f"{SHOTS}/cases_phone_served.png", full_page=True)

    act(page, "record_payment", fill={"缴款日": today.isoformat()})
    assert state(page) == "执行完毕"
    assert deadline(page, "缴纳罚款期限").endswith("已完成")
    assert "登记缴款" in table_text(page, "办理过程")
    assert fits_the_screen(page)
    page.screenshot(path=f"{SHOTS}/cases_phone_executed.png", full_page=True)
