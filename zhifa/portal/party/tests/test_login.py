"""Signing in: the same answer for a wrong number and a wrong code, lockout after 5 failures for a
number, a rate limit per address, sessions limited to their case, idle expiry, logout."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from zhifa.core.models import AuditEvent
from zhifa.portal.party.errors import PartyLoginFailed, PartyLoginLocked
from zhifa.portal.party.models import PartyLoginFailure
from zhifa.portal.party.services import party_login
from zhifa.portal.party.session import COOKIE

from .conftest import notice_of, notified, printed_code, served

pytestmark = pytest.mark.django_db
BEIJING = ZoneInfo("Asia/Shanghai")
LOGIN = "/gs/party/"


def login_page(client: Client, number: str, code: str) -> Any:
    return client.post(LOGIN, {"case_number": number, "code": code})


def test_a_wrong_number_and_a_wrong_code_get_the_same_answer(case_world: Any) -> None:
    w = case_world
    case = notified(w)
    unserved = w.register(cause="无照经营")  # exists, but no code was ever issued
    answers = []
    for number in (case.number, "不存在的案件编号〔2026〕99号", unserved.number):
        with pytest.raises(PartyLoginFailed) as exc:
            party_login(case_number=number, code="ABCD-EFGH", ip="10.0.0.9")
        answers.append((exc.value.code, exc.value.message))
    assert len(set(answers)) == 1
    pages = []
    for number in (case.number, "不存在的案件编号〔2026〕99号"):
        response = login_page(Client(), number, "ABCD-EFGH")
        assert response.status_code == 401
        page = response.content.decode().replace(number, "N")
        pages.append(re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page))
    assert pages[0] == pages[1]  # byte for byte, once the typed number is taken out
    assert "案件编号或查询码不正确" in pages[0]


def test_five_failures_lock_the_number_even_for_the_right_code_until_they_age_out(case_world: Any) -> None:
    case = notified(case_world)
    code = printed_code(notice_of(case))
    start = datetime(2026, 4, 2, 9, 0, tzinfo=BEIJING)
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            with pytest.raises(PartyLoginFailed):
                party_login(case_number=case.number, code="WRNG-CODE", ip="10.0.0.1")
        with pytest.raises(PartyLoginLocked, match="15分钟后再试"):
            party_login(case_number=case.number, code=code, ip="10.0.0.2")
    with time_machine.travel(start + timedelta(minutes=16), tick=False):
        _, access = party_login(case_number=case.number, code=code, ip="10.0.0.2")
    assert access.case_id == case.pk
    assert not PartyLoginFailure.objects.filter(case_number=case.number).exists()  # cleared on success
    assert AuditEvent.objects.filter(action="party_portal.login_failed").count() == 5
    assert AuditEvent.objects.filter(action="party_portal.login_locked").count() == 1
    assert AuditEvent.objects.filter(action="party_portal.login").count() == 1


def test_an_unknown_number_locks_exactly_like_a_known_one(case_world: Any) -> None:
    """Lockout counts the number typed, so it tells nothing about whether the case exists."""
    for _ in range(5):
        with pytest.raises(PartyLoginFailed):
            party_login(case_number="虚构〔2026〕1号", code="ABCD-EFGH")
    with pytest.raises(PartyLoginLocked):
        party_login(case_number="虚构〔2026〕1号", code="ABCD-EFGH")


def test_twenty_failures_from_one_address_refuse_it_for_any_number(case_world: Any) -> None:
    case = notified(case_world)
    code = printed_code(notice_of(case))
    for i in range(20):
        with pytest.raises(PartyLoginFailed):
            party_login(case_number=f"猜测〔2026〕{i}号", code="ABCD-EFGH", ip="203.0.113.7")
    with pytest.raises(PartyLoginLocked):
        party_login(case_number=case.number, code=code, ip="203.0.113.7")
    _, access = party_login(case_number=case.number, code=code, ip="198.51.100.1")  # another address
    assert access.case_id == case.pk


def test_the_code_is_forgiving_about_case_dashes_and_spaces(case_world: Any) -> None:
    case = notified(case_world)
    code = printed_code(notice_of(case))
    typed = " " + code.lower().replace("-", " ") + " "
    _, access = party_login(case_number=f" {case.number} ", code=typed)
    assert access.case_id == case.pk


def test_a_code_for_case_a_never_shows_case_b(case_world: Any) -> None:
    w = case_world
    a = served(w)
    b = served(w, cause="无照经营", party=w.person)
    code_a = printed_code(notice_of(a))
    with pytest.raises(PartyLoginFailed):
        party_login(case_number=b.number, code=code_a)  # A's code does not open B
    client = Client()
    assert login_page(client, a.number, code_a).status_code == 302
    b_decision = notice_of(b)
    assert client.get(reverse("party_portal:document_pdf", args=[b_decision.pk])).status_code == 404
    for name in ("summary", "documents", "statement", "payment", "consent", "remedies"):
        body = client.get(reverse(f"party_portal:{name}")).content.decode()
        assert a.number in body, name
        assert b.number not in body, name
        assert b.party_name not in body, name


def test_pages_need_a_session_and_a_tampered_cookie_is_no_session(case_world: Any) -> None:
    case = notified(case_world)
    client = Client()
    response = client.get(reverse("party_portal:summary"))
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    login_page(client, case.number, printed_code(notice_of(case)))
    assert client.get(reverse("party_portal:summary")).status_code == 200
    signed = client.cookies[COOKIE].value
    client.cookies[COOKIE] = signed[:-2] + ("AA" if not signed.endswith("AA") else "BB")
    assert client.get(reverse("party_portal:summary")).status_code == 302


def test_the_session_cookie_is_http_only_same_site_and_scoped_to_the_portal(case_world: Any) -> None:
    case = notified(case_world)
    response = login_page(Client(), case.number, printed_code(notice_of(case)))
    cookie = response.cookies[COOKIE]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == LOGIN


def test_an_idle_session_ends_and_logout_ends_it_for_good(case_world: Any) -> None:
    case = notified(case_world)
    code = printed_code(notice_of(case))
    start = datetime(2026, 4, 2, 9, 0, tzinfo=BEIJING)
    client = Client()
    with time_machine.travel(start, tick=False):
        login_page(client, case.number, code)
    with time_machine.travel(start + timedelta(minutes=10), tick=False):
        assert client.get(reverse("party_portal:summary")).status_code == 200
    with time_machine.travel(start + timedelta(minutes=26), tick=False):  # 16 minutes idle
        response = client.get(reverse("party_portal:summary"))
        assert response["Location"] == f"{LOGIN}?ended=idle"
        assert "长时间未操作" in client.get(response["Location"]).content.decode()
    second = Client()
    login_page(second, case.number, code)
    kept = second.cookies[COOKIE].value
    response = second.post(reverse("party_portal:logout"))
    assert response["Location"] == f"{LOGIN}?ended=logout"
    second.cookies[COOKIE] = kept  # replaying the old cookie after logout
    assert second.get(reverse("party_portal:summary")).status_code == 302
    assert AuditEvent.objects.filter(action="party_portal.session.end").count() == 2
