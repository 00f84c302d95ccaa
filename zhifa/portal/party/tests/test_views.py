"""The pages: the party reads the served decision (查阅 recorded), files through the forms and sees
the outcome in Chinese; the officer's block on the case page and the regenerate action; no script,
no external resource."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, cast
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from zhifa.cases.models import Case
from zhifa.documents.models import Document
from zhifa.portal.party.models import PartyAccess, PartyDocumentRead, PartyRequest

from .conftest import notice_of, notified, printed_code, served

pytestmark = pytest.mark.django_db
BEIJING = ZoneInfo("Asia/Shanghai")
PAGES = ("summary", "documents", "statement", "payment", "consent", "remedies")


def party_client(case: Case) -> Client:
    client = Client()
    response = client.post("/gs/party/", {"case_number": case.number, "code": printed_code(notice_of(case))})
    assert response.status_code == 302
    return client


def at(day: int, month: int = 4) -> Any:
    return time_machine.travel(datetime(2026, month, day, 10, tzinfo=BEIJING), tick=False)


def test_the_party_reads_the_served_decision_and_the_read_is_recorded(case_world: Any) -> None:
    case = served(case_world)
    client = party_client(case)
    decision = Document.objects.get(subject_type="cases.case", subject_id=case.pk, type_code="08.02")
    page = client.get(reverse("party_portal:documents")).content.decode()
    assert "行政处罚决定书" in page
    assert "送达回证" not in page  # the receipt and internal papers are not the party's documents
    response = client.get(reverse("party_portal:document_pdf", args=[decision.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(cast(Any, response).streaming_content).startswith(b"%PDF")
    read = PartyDocumentRead.objects.get(document=decision)
    assert read.read_count == 1
    assert 'data-testid="read-08.02"' in client.get(reverse("party_portal:documents")).content.decode()
    internal = Document.objects.get(subject_type="cases.case", subject_id=case.pk, type_code="05.01")
    assert client.get(reverse("party_portal:document_pdf", args=[internal.pk])).status_code == 404


def test_every_page_renders_without_scripts_or_external_resources(case_world: Any) -> None:
    case = served(case_world)
    client = party_client(case)
    for name in PAGES:
        response = client.get(reverse(f"party_portal:{name}"))
        assert response.status_code == 200, name
        assert response["Cache-Control"] == "no-store"
        html = response.content.decode()
        assert "<script" not in html, name
        assert not re.search(r'(src|href)="(https?:)?//', html.replace('href="https://pay.invalid', "")), name
        assert 'name="viewport"' in html


def test_the_hearing_form_accepts_in_time_and_refuses_late_naming_the_deadline(case_world: Any) -> None:
    w = case_world
    in_time = notified(w, hearing=True)
    late = notified(w, hearing=True, cause="无照经营")
    with at(8):
        client = party_client(in_time)
        page = client.get(reverse("party_portal:statement")).content.decode()
        assert "2026年4月9日" in page
        response = client.post(reverse("party_portal:statement"), {"what": "hearing"}, follow=True)
        assert "听证申请已提交" in response.content.decode()
    in_time.refresh_from_db()
    assert in_time.state == "hearing_requested"
    with at(10):
        client = party_client(late)
        response = client.post(reverse("party_portal:statement"), {"what": "hearing"})
        body = response.content.decode()
        assert "申请听证的期限已于2026年04月09日届满" in body
        assert "第六十四条第一项" in body
    late.refresh_from_db()
    assert late.state == "notified"


def test_the_payment_form_files_a_deferral_and_keeps_the_input_on_error(case_world: Any) -> None:
    case = served(case_world)
    client = party_client(case)
    url = reverse("party_portal:payment")
    page = client.get(url).content.decode()
    assert "6000.00 元" in page
    bad = client.post(url, {"what": "deferral", "deferred_to": "2026-04-20", "reason": "资金周转困难"})
    assert "应晚于原缴款期限2026年04月28日" in bad.content.decode()
    assert "资金周转困难" in bad.content.decode()
    good = client.post(
        url, {"what": "deferral", "deferred_to": "2026-06-30", "reason": "资金周转困难"}, follow=True
    )
    assert "延期缴纳申请已提交" in good.content.decode()
    assert PartyRequest.objects.get().kind == "deferral"


def test_the_consent_form_records_and_withdraws(case_world: Any) -> None:
    case = notified(case_world)
    client = party_client(case)
    url = reverse("party_portal:consent")
    client.post(url, {"what": "give", "channel": "email", "address": "legal@example.com", "agreed": "on"})
    assert "legal@example.com" in client.get(url).content.decode()
    client.post(url, {"what": "withdraw"})
    assert 'data-testid="consent-current"' not in client.get(url).content.decode()


def test_the_case_page_shows_the_officer_the_portal_block_and_regeneration_shows_the_new_code_once(
    case_world: Any,
) -> None:
    w = case_world
    case = notified(w)
    party_client(case).post(reverse("party_portal:statement"), {"what": "statement", "text": "请求从轻处罚"})
    officer = Client()
    officer.force_login(w.user_a)
    page = officer.get(reverse("cases:detail", args=[case.pk])).content.decode()
    block = page[page.index('data-testid="party-portal"') :]
    assert "已生成（第1版" in block
    assert "陈述、申辩" in block
    assert "请求从轻处罚" in block
    old = printed_code(notice_of(case))
    assert old not in page
    response = officer.post(reverse("party_portal:officer_regenerate", args=[case.pk]))
    new = re.search(r'data-testid="new-code">([0-9A-Z-]{9})<', response.content.decode())
    assert new is not None
    assert new.group(1) != old
    assert response["Cache-Control"] == "no-store"
    assert PartyAccess.objects.get(case=case).generation == 2
    assert new.group(1) not in officer.get(reverse("cases:detail", args=[case.pk])).content.decode()


def test_an_officer_of_another_agency_cannot_regenerate(case_world: Any) -> None:
    w = case_world
    case = notified(w)
    outsider = Client()
    outsider.force_login(w.outsider)
    assert outsider.post(reverse("party_portal:officer_regenerate", args=[case.pk])).status_code == 404
    assert PartyAccess.objects.get(case=case).generation == 1


def test_the_officer_marks_a_filing_dealt_with_and_the_party_may_apply_again(case_world: Any) -> None:
    w = case_world
    case = served(w)
    party = party_client(case)
    url = reverse("party_portal:payment")
    party.post(url, {"what": "deferral", "deferred_to": "2026-06-30", "reason": "资金周转困难"})
    filed = PartyRequest.objects.get()
    assert "审查中" in party.get(url).content.decode()
    officer = Client()
    officer.force_login(w.user_a)
    page = officer.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert f'data-testid="done-{filed.pk}"' in page
    response = officer.post(reverse("party_portal:officer_request_done", args=[filed.pk]))
    assert response["Location"] == f"/cases/{case.pk}/#party-portal"
    filed.refresh_from_db()
    assert filed.task is not None
    assert (filed.task.status, filed.task.completed_by_id) == ("done", w.user_a.pk)
    assert "已处理" in party.get(url).content.decode()
    again = party.post(
        url, {"what": "deferral", "deferred_to": "2026-07-31", "reason": "仍有困难"}, follow=True
    )
    assert "延期缴纳申请已提交" in again.content.decode()
    outsider = Client()
    outsider.force_login(w.outsider)
    assert outsider.post(reverse("party_portal:officer_request_done", args=[filed.pk])).status_code == 404
