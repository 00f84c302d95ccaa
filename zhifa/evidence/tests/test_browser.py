from __future__ import annotations

from typing import Any

import pytest

from .conftest import jpeg_bytes

PASSWORD = "Zhifa-test-2026"


def login(page: Any, live_server: Any, username: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def fits_the_screen(page: Any) -> bool:
    """Nothing wider than the 390 px phone (a mobile browser widens its layout viewport instead
    of overflowing, so compare with the device width, not innerWidth)."""
    return bool(page.evaluate("document.documentElement.scrollWidth <= 390"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_officer_records_a_photo_on_a_390px_phone(phone_page: Any, live_server: Any, world: Any) -> None:
    page = phone_page
    login(page, live_server, world.owner.username)
    page.goto(f"{live_server.url}/evidence/orgs.organisation/{world.subject.pk}/")
    assert fits_the_screen(page)
    assert page.locator("#id_capture").get_attribute("capture") == "environment"
    assert not page.locator("[data-kind-group=audiovisual]").is_visible()
    page.select_option("#id_kind", "audiovisual")
    assert page.locator("[data-kind-group=audiovisual]").is_visible()
    assert not page.locator("[data-kind-group=physical]").is_visible()
    page.get_by_label("证据名称").fill("现场照片")
    page.get_by_label("采集设备").fill("执法记录仪 DSJ-01")
    page.set_input_files(
        "#id_files", files=[{"name": "IMG_0001.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()}]
    )
    page.get_by_role("button", name="登记证据").click()
    page.wait_for_load_state()
    assert "已登记证据1：现场照片" in page.locator(".messages").inner_text()
    assert fits_the_screen(page)
    page.get_by_role("link", name="现场照片").click()
    page.wait_for_url("**/evidence/*/")
    assert page.get_by_test_id("chain-state").inner_text() == "链条完整"
    image = page.locator("[data-testid=evidence-file] img")
    image.scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelector('[data-testid=evidence-file] img').naturalWidth > 0")
    assert image.evaluate("img => img.naturalWidth") == 320
    assert "执法记录仪 DSJ-01" in page.locator("dl.fields").inner_text()
    assert fits_the_screen(page)
