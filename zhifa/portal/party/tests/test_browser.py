"""Browser acceptance of issue #5 item 5 on a 390×844 phone: the party opens the portal with the
case number and the access code printed on the served decision, reads the decision (查阅 recorded)
and its remedies; with another case, in the 已告知 state within its window, requests a hearing; with
a third whose window has passed, is refused with a message naming the deadline.

The whole process — live server included — travels to Wed 2026-04-15 10:00 Beijing time: the
hearing case's 告知 was served Mon 04-13 (window to Mon 04-20, 处罚法第六十四条第一项), the late
one's Wed 04-01 (window to Thu 04-09, 清明 off)."""

from __future__ import annotations

import re
import tempfile
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from zhifa.cases.models import Case
from zhifa.documents.models import Document
from zhifa.portal.party.models import PartyDocumentRead, PartyRequest

from .conftest import notice_of, notified, printed_code, served

BEIJING = ZoneInfo("Asia/Shanghai")
SHOTS = tempfile.gettempdir()
D = date


@pytest.fixture(autouse=True)
def seeded_config(transactional_db: Any) -> None:
    """A transactional test flushes the migration seeds: put back the periods, thresholds and the
    holiday calendar (years past the package's last one counted as weekends only, as an
    administrator would set them)."""
    from zhifa.cases.models.config import seed_config
    from zhifa.core.audit import Actor
    from zhifa.core.calendar_seed import PACKAGE_LAST_YEAR, seed_holidays
    from zhifa.core.services import holiday_year_set

    seed_config()
    seed_holidays()
    last = (timezone.localdate() + timedelta(days=800)).year
    for year in range(PACKAGE_LAST_YEAR + 1, last + 1):
        holiday_year_set(actor=Actor.system(), year=year, complete=True, note="测试：按周末计")


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


def sign_in(page: Any, url: str, case: Case, code: str) -> None:
    page.goto(f"{url}/gs/party/")
    page.get_by_label("案件编号").fill(case.number)
    page.get_by_label("当事人查询码").fill(code)
    with page.expect_navigation():
        page.get_by_role("button", name="登录").click()
    assert page.get_by_test_id("case-number").inner_text() == case.number


def sign_out(page: Any) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="退出登录").click()
    assert "您已退出登录" in page.content()


def fits_the_screen(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= 390"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_party_reads_the_decision_requests_a_hearing_in_time_and_is_refused_after_the_window(
    phone_page: Any, live_server: Any, case_world: Any
) -> None:
    w, url, page = case_world, live_server.url, phone_page
    decided = served(w)  # decision served Mon 04-13
    hearing = notified(w, hearing=True, served_on=D(2026, 4, 13), cause="销售无标签预包装食品")
    late = notified(w, hearing=True, cause="超范围经营")
    decision = Document.objects.get(subject_type="cases.case", subject_id=decided.pk, type_code="08.02")

    with time_machine.travel(datetime(2026, 4, 15, 10, tzinfo=BEIJING), tick=True):
        # 1. The decision's own printed code opens its case; the party reads it.
        sign_in(page, url, decided, printed_code(decision))
        assert "处理决定已送达" in page.get_by_test_id("stage").inner_text()
        assert fits_the_screen(page)
        page.get_by_role("link", name="送达文书").click()
        page.wait_for_url("**/gs/party/documents/")
        link = page.get_by_test_id("pdf-08.02")
        pdf = page.request.get(url + str(link.get_attribute("href")))
        assert pdf.ok
        assert pdf.headers["content-type"] == "application/pdf"
        assert pdf.body().startswith(b"%PDF")
        page.reload()
        assert "已查阅" in page.get_by_test_id("read-08.02").inner_text()
        assert PartyDocumentRead.objects.filter(document=decision).count() == 1
        page.get_by_role("link", name="复议与诉讼").click()
        page.wait_for_url("**/gs/party/remedies/")
        assert page.get_by_test_id("review-body").inner_text() == decision.data["remedy"]["review_body"]
        assert "2026年6月12日" in page.get_by_test_id("remedies").inner_text()  # 60 days from 04-13
        page.screenshot(path=f"{SHOTS}/party-remedies.png", full_page=True)
        sign_out(page)

        # 2. A case in its hearing window: the request goes through.
        sign_in(page, url, hearing, printed_code(notice_of(hearing)))
        page.get_by_role("link", name="陈述申辩/听证").click()
        page.wait_for_url("**/gs/party/statement/")
        assert page.get_by_test_id("hearing-deadline").inner_text() == "2026年4月20日"
        page.get_by_label("补充说明（可不填）").fill("请求公开举行听证")
        with page.expect_navigation():
            page.get_by_test_id("request-hearing").click()
        assert "听证申请已提交" in page.locator(".messages").inner_text()
        assert "2026年4月15日申请听证" in page.get_by_test_id("hearing-requested").inner_text()
        assert fits_the_screen(page)
        page.screenshot(path=f"{SHOTS}/party-hearing.png", full_page=True)
        sign_out(page)

        # 3. A case whose window has passed: refused, the message names the deadline.
        sign_in(page, url, late, printed_code(notice_of(late)))
        page.get_by_role("link", name="陈述申辩/听证").click()
        page.wait_for_url("**/gs/party/statement/")
        with page.expect_navigation():
            page.get_by_test_id("request-hearing").click()
        message = page.get_by_role("alert").inner_text()
        assert re.search(r"申请听证的期限已于2026年04月09日届满（行政处罚法第六十四条第一项", message), (
            message
        )
        page.screenshot(path=f"{SHOTS}/party-hearing-late.png", full_page=True)

    hearing.refresh_from_db()
    late.refresh_from_db()
    assert (hearing.state, hearing.hearing_requested_on) == ("hearing_requested", D(2026, 4, 15))
    assert (late.state, late.hearing_requested_on) == ("notified", None)
    assert list(PartyRequest.objects.values_list("case_id", "kind")) == [(hearing.pk, "hearing")]
