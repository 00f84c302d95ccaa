"""Browser acceptance (issue #5 item 4): a citizen on a phone (390 px) files a complaint with a photo
and a point clicked on the map and gets the tracking code; the complaint is a clue of the 市市场监管局
(accepted and assigned to the 罗湖监管局's officer through the clues services); the officer closes it
and answers the reporter on the clue's page; the citizen follows the code to the answer and rates it;
the rating is stored, the page thanks them and the officer reads it on the clue's page."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from zhifa.cases.tests.test_browser import login, messages, seeded_config
from zhifa.clues.services import clue_accept, clue_assign, clue_assign_officer
from zhifa.core.audit import Actor
from zhifa.portal.complaints.models import Complaint, ComplaintPhoto

from .conftest import LUOHU, ComplaintWorld, jpeg_with_exif

__all__ = ["seeded_config"]  # the fixture (holidays and seeds back after each flush), re-used

ANSWER = "经核查，该店销售过期牛奶属实，我局已责令其下架并立案调查。感谢您的监督！"


@pytest.fixture(autouse=True)
def _no_wait(settings: Any) -> None:
    settings.ZHIFA_COMPLAINT_FORM_MIN_SECONDS = 0


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_citizen_files_a_complaint_follows_it_to_the_reply_and_rates_it(
    browser: Any, phone_page: Any, live_server: Any, cw: ComplaintWorld
) -> None:
    url = live_server.url
    citizen = phone_page
    code = _file_complaint(citizen, url)
    complaint = Complaint.objects.select_related("clue").get()
    assert complaint.clue.channel == "complaint"
    assert complaint.clue.place_region_code == "440303"  # the map point lies in 罗湖区
    assert ComplaintPhoto.objects.filter(complaint=complaint).count() == 1
    (mailed,) = mail.outbox
    assert code in mailed.body

    # The back office: 受理 and 分派 through the clues services, to the officer of the handling unit.
    clue = clue_accept(actor=Actor.of(cw.approver), clue=complaint.clue)
    clue = clue_assign(actor=Actor.of(cw.manager), clue=clue, unit=cw.child)
    clue_assign_officer(actor=Actor.of(cw.child_leader), clue=clue, officer=cw.officer)

    citizen.goto(f"{url}/gs/complaints/track/")
    citizen.get_by_label("跟踪码").fill(code.lower())
    with citizen.expect_navigation():
        citizen.get_by_role("button", name="查询").click()
    assert citizen.get_by_test_id("status").inner_text() == "办理中"
    assert "暂无答复" in citizen.get_by_test_id("replies").inner_text()

    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800})
    try:
        officer = context.new_page()
        officer.set_default_timeout(15000)
        _officer_closes_and_replies(officer, url, cw, clue.pk)

        # The citizen follows the code to the answer and rates it.
        citizen.goto(f"{url}/gs/complaints/track/")
        citizen.get_by_label("跟踪码").fill(code)
        with citizen.expect_navigation():
            citizen.get_by_role("button", name="查询").click()
        assert citizen.get_by_test_id("status").inner_text() == "已办结"
        assert ANSWER in citizen.get_by_test_id("replies").inner_text()
        main = citizen.inner_text("main")
        assert "陈小明" not in main
        assert "13800138000" not in main
        citizen.get_by_label("5 分").check()
        citizen.get_by_label("意见或建议（选填）").fill("处理及时，谢谢")
        with citizen.expect_navigation():
            citizen.get_by_role("button", name="提交评价").click()
        assert "感谢您的评价" in citizen.get_by_test_id("thanks").inner_text()
        assert "满意度：5 分" in citizen.inner_text("main")
        assert _no_sideways_scroll(citizen)
        rated = Complaint.objects.get()
        assert (rated.rating, rated.rating_comment) == (5, "处理及时，谢谢")
        assert rated.rated_at is not None

        officer.reload()
        block = officer.get_by_test_id("public-complaint")
        assert "5 分（满分 5 分）" in block.get_by_test_id("rating").inner_text()
        assert "处理及时，谢谢" in block.inner_text()
    finally:
        context.close()  # before the live server's database is flushed


def _no_sideways_scroll(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def _file_complaint(page: Any, url: str) -> str:
    page.goto(f"{url}/gs/complaints/")
    assert page.viewport_size["width"] == 390
    assert _no_sideways_scroll(page)
    page.get_by_label("投诉类别").select_option(label="市场监管 · 食品安全")
    page.get_by_label("问题描述").fill("东门街道某食品店货架上有过期牛奶出售，生产日期为三个月前。")
    page.get_by_label("被投诉对象（选填）").fill("某某食品店")
    # The map: Shenzhen's districts drawn from the served GeoJSON, no tiles; tap a point in 罗湖.
    page.wait_for_selector("#map[data-ready='1']")
    x, y = page.evaluate(
        "([lat, lng]) => { const p = window.zhifaComplaintMap.latLngToContainerPoint([lat, lng]);"
        " return [p.x, p.y]; }",
        [float(LUOHU[0]), float(LUOHU[1])],
    )
    page.locator("#map").click(position={"x": x, "y": y})
    assert page.locator("#id_lat").input_value().startswith("22.5")
    assert "已选择位置" in page.locator("#map-status").inner_text()
    page.get_by_label("现场照片（选填）").set_input_files(
        files=[{"name": "现场.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_exif(640, 480)}]
    )
    page.get_by_label("姓名", exact=True).fill("陈小明")
    page.get_by_label("联系电话", exact=True).fill("13800138000")
    page.get_by_label("电子邮箱", exact=True).fill("chen@example.com")
    page.get_by_label("凭跟踪码网上查询").check()
    page.get_by_label("将跟踪码发送到我的电子邮箱").check()
    page.get_by_label("我已阅读并同意《个人信息处理说明》").check()
    with page.expect_navigation():
        page.get_by_role("button", name="提交投诉举报").click()
    assert page.get_by_role("heading", name="提交成功").is_visible()
    code = str(page.get_by_test_id("tracking-code").inner_text()).strip()
    assert len(code) == 14
    assert code.count("-") == 2
    assert _no_sideways_scroll(page)
    return code


def _officer_closes_and_replies(page: Any, url: str, cw: ComplaintWorld, clue_id: int) -> None:
    login(page, url, cw.officer_user)
    page.goto(f"{url}/clues/{clue_id}/")
    block = page.get_by_test_id("public-complaint")
    assert "网上投诉（公众服务平台）" in block.get_by_test_id("public-channel").inner_text()
    assert "尚未评价" in block.get_by_test_id("rating").inner_text()
    page.get_by_label("办理结果").select_option(label="核查后办结（不予立案）")
    page.get_by_label("办理说明").fill("现场核查属实，已责令下架，另案立案调查")
    with page.expect_navigation():
        page.get_by_role("button", name="办结").click()
    assert "线索已办结" in messages(page), messages(page)
    page.get_by_label("对外答复").fill(ANSWER)
    with page.expect_navigation():
        page.get_by_role("button", name="发送答复").click()
    assert "已向1名投诉举报人答复" in messages(page), messages(page)
