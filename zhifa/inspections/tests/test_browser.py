"""Browser acceptance (issue #4): an inspection executed on a 390×844 phone — the officer opens the
dispatched inspection from 我的检查, fills the checklist with one failed item, adds a finding and a
photo, signs, and finishes with 责令改正 and 立案: a case is opened carrying the findings, the
现场检查笔录 and the 责令改正通知书 are issued, and the page never scrolls sideways."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from typing import Any

import pytest
from django.utils import timezone
from PIL import Image

from zhifa.cases.tests.test_browser import login, media_root, messages, seeded_config
from zhifa.core.audit import Actor

from ..services import inspection_draw, plan_create, plan_dispatch
from .factories import make_checklist, make_officer_user, make_targets, market

__all__ = ["media_root", "seeded_config"]  # the fixtures, re-used

SHOTS = tempfile.gettempdir()  # screenshots to look at, not committed
NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


def _photo(tmp_path: Any) -> str:
    path = tmp_path / "现场.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 120, 40)).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return str(path)


def _dispatched(org_world: Any, make_user: Any) -> tuple[Any, Any]:
    org, dom = org_world.agency, market()
    leader = make_user(org, "team_leader")
    (officer, _), _ = make_officer_user(org, dom), make_officer_user(org, dom)
    make_targets(org, dom, ["red"])
    checklist = make_checklist(dom, ["食品经营许可证在有效期内", "从业人员持有健康证明", "进货查验记录完整"])
    today = timezone.localdate()
    plan = plan_create(
        actor=Actor.of(leader),
        organisation=org,
        domain=dom,
        name="食品经营双随机抽查",
        period_start=today,
        period_end=today + dt.timedelta(days=30),
        sample_size=1,
        checklist=checklist,
    )
    inspection_draw(actor=Actor.of(leader), plan=plan, seed=5)
    [inspection] = plan_dispatch(actor=Actor.of(leader), plan=plan)
    return officer, inspection


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_inspection_executed_on_a_phone_opens_a_case_and_issues_the_documents(
    phone_page: Any, live_server: Any, org_world: Any, make_user: Any, tmp_path: Any
) -> None:
    officer, inspection = _dispatched(org_world, make_user)
    try:
        _execute(phone_page, live_server.url, officer, inspection, _photo(tmp_path))
    finally:
        phone_page.context.close()  # closed before the live server's database is flushed
    _check_outcome(inspection)


def _execute(page: Any, url: str, officer: Any, inspection: Any, photo: str) -> None:
    login(page, url, officer)
    page.goto(f"{url}/inspections/mine/")
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    page.get_by_role("link", name=inspection.party_name).click()
    page.wait_for_url(f"**/inspections/{inspection.pk}/")
    page.get_by_role("link", name="开始/继续检查").click()
    page.wait_for_url(f"**/inspections/{inspection.pk}/execute/")
    assert page.evaluate(NO_SIDEWAYS_SCROLL)

    for position, answer in ((1, "符合"), (2, "不符合"), (3, "不适用")):
        card = page.get_by_test_id(f"item-{position}")
        toggle = card.get_by_text(answer, exact=True)
        toggle.click()
        box = toggle.bounding_box()
        assert box["height"] >= 44  # a thumb-sized toggle
        assert box["x"] + box["width"] <= 390
    page.get_by_test_id("item-2").get_by_label("说明").fill("两名从业人员未取得健康证明")
    page.get_by_label("检查发现", exact=True).fill("后厨两名员工无健康证明，正在从事直接入口食品工作。")
    page.get_by_label("拍照取证（现场照片）").set_input_files(photo)
    assert page.get_by_label("拍照取证（现场照片）").get_attribute("capture") == "environment"

    page.get_by_label("被检查人签名（姓名）").fill("王五")
    pad = page.get_by_test_id("sign-pad")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 40)
    page.mouse.down()
    for step in range(1, 8):
        page.mouse.move(box["x"] + 20 + step * 30, box["y"] + 40 + (step % 2) * 50)
    page.mouse.up()

    page.get_by_label("责令改正（出具并当场送达责令改正通知书）").check()
    due = timezone.localdate() + dt.timedelta(days=15)
    page.get_by_label("改正期限").fill(due.isoformat())
    page.get_by_label("立案调查（检查发现转为行政处罚案件）").check()
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    page.screenshot(path=f"{SHOTS}/inspection_phone_execute.png", full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name="完成检查").click()
    text = messages(page)
    assert "已立案处理" in text, text
    assert "已送达责令改正通知书" in text
    assert page.get_by_test_id("state").inner_text().strip() == "已立案处理"
    main = page.inner_text("main")
    assert "现场检查（勘验）笔录" in main
    assert "责令改正通知书" in main
    assert "现场照片" in main
    assert page.evaluate(NO_SIDEWAYS_SCROLL)


def _check_outcome(inspection: Any) -> None:
    from zhifa.cases.models import Case
    from zhifa.documents.models import Document
    from zhifa.evidence.models import Evidence

    inspection.refresh_from_db()
    assert inspection.state == "case_opened"
    case = Case.objects.get(pk=inspection.case_id)
    assert case.source == "inspection"
    assert "后厨两名员工无健康证明" in case.facts
    assert "两名从业人员未取得健康证明" in case.facts
    issued = set(
        Document.objects.filter(
            subject_type="inspections.inspection", subject_id=inspection.pk, status="issued"
        ).values_list("type_code", flat=True)
    )
    assert {"03.01", "03.11"} <= issued
    titles = set(
        Evidence.objects.filter(subject_type="inspections.inspection", subject_id=inspection.pk).values_list(
            "title", flat=True
        )
    )
    assert any(t.startswith("现场照片") for t in titles)
    assert "被检查人现场签名（手写）" in titles
    assert inspection.rectify_due_on is not None
