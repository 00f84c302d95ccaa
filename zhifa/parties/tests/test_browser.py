"""Browser: an officer registers a party on a phone (inline error kept, then saved); a city justice
admin reveals the full ID number with the button, and the reveal is audited."""

from __future__ import annotations

from typing import Any

import pytest

from zhifa.core.models import AuditEvent
from zhifa.parties.choices import PartyKind

from .factories import make_party, make_resident_id, make_uscc

PASSWORD = "Zhifa-test-2026"


def login(page: Any, live_server: Any, username: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_officer_registers_a_company_on_a_phone_after_fixing_the_code(
    phone_page: Any, live_server: Any, org_world: Any, make_user: Any
) -> None:
    page = phone_page
    officer = make_user(org_world.agency, "officer")
    login(page, live_server, officer.username)
    page.goto(f"{live_server.url}/parties/new/")
    page.select_option("#id_kind", "legal_person")
    page.fill("#id_name", "深圳市手机登记测试有限公司")
    page.fill("#id_uscc", "91440300MA00000010")
    page.fill("#id_legal_rep_name", "王五")
    page.get_by_role("button", name="保存").click()
    assert "校验位错误" in page.locator("form.card").inner_text()
    assert page.input_value("#id_name") == "深圳市手机登记测试有限公司"  # typed values kept
    page.fill("#id_uscc", make_uscc())
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/parties/*/")
    assert page.locator("h1").inner_text().startswith("深圳市手机登记测试有限公司")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_admin_reveals_full_id_number_with_the_button_and_it_is_audited(
    page: Any, live_server: Any, org_world: Any, make_user: Any
) -> None:
    admin = make_user(org_world.agency, "city_justice_admin")
    number = make_resident_id(area="440303", birth="19800808")
    party = make_party(org_world.agency, kind=PartyKind.NATURAL_PERSON, name="诸葛明", id_number=number)
    login(page, live_server, admin.username)
    page.goto(f"{live_server.url}/parties/{party.pk}/")
    assert number not in page.content()
    assert page.get_by_test_id("masked-id").inner_text() == number[:4] + "*" * 10 + number[-4:]
    page.get_by_role("button", name="查看完整证件号").first.click()
    page.wait_for_load_state()
    assert page.get_by_test_id("revealed").inner_text() == number
    assert AuditEvent.objects.filter(action="parties.party.view_identity", actor_id=admin.pk).count() == 1
