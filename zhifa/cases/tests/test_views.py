"""Case pages: register through the form, act through the page, see only the offered actions."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from zhifa.cases.choices import CaseState as S
from zhifa.cases.models import Case

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_an_officer_registers_and_opens_a_case_through_the_pages(case_world: Any) -> None:
    w = case_world
    officer = client_for(w.user_a)
    response = officer.post(
        "/cases/new/",
        {
            "procedure": "general",
            "party": w.party.pk,
            "cause": "销售过期食品",
            "source": "inspection",
            "act_on": "2026-11-02",
            "discovered_on": "2026-11-03",
            "officers": [w.officer_b.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()
    case = Case.objects.get()
    assert response["Location"] == f"/cases/{case.pk}/"
    page = officer.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-action="open"' in page
    assert 'data-action="approve_open"' not in page
    assert f'href="/dossier/cases.case/{case.pk}/"' in page  # 电子卷宗
    assert f"/dossier/qr/cases.case/{case.pk}.svg" in page  # the case QR for body cameras and folders
    officer.post(f"/cases/{case.pk}/act/open/", {"version": case.version})
    case.refresh_from_db()
    assert case.state == S.OPENING
    leader_page = client_for(w.leader).get(f"/cases/{case.pk}/").content.decode()
    assert 'data-action="approve_open"' not in leader_page  # approving happens in the worklist
    assert 'data-approval="cases.open"' in leader_page
    worklist = client_for(w.leader).get("/worklist/").content.decode()
    assert "立案审批" in worklist
    assert case.number in worklist


def test_a_stale_form_shows_the_conflict_and_changes_nothing(case_world: Any) -> None:
    w = case_world
    case = w.register()
    officer = client_for(w.user_a)
    officer.post(f"/cases/{case.pk}/act/open/", {"version": case.version})
    response = client_for(w.user_b).post(
        f"/cases/{case.pk}/act/open/", {"version": case.version}, follow=True
    )
    assert "案件已被他人更新" in response.content.decode()
    assert Case.objects.get().version == case.version + 1


def test_another_agency_gets_404_and_the_list_hides_the_case(case_world: Any) -> None:
    w = case_world
    case = w.register()
    outsider = client_for(w.outsider)
    assert outsider.get(f"/cases/{case.pk}/").status_code == 404
    assert case.number not in outsider.get("/cases/").content.decode()
    assert case.number in client_for(w.user_b).get("/cases/").content.decode()


def test_the_officers_home_is_the_worklist_with_the_deadlines_of_their_cases(case_world: Any) -> None:
    w = case_world
    case = w.act(w.user_a, w.register(), "open", date(2026, 3, 10))
    w.approve_all(case, date(2026, 3, 10), w.leader, w.head)
    officer = client_for(w.user_a)
    page = officer.get("/").content.decode()  # the home page opens on 我的待办
    mine = page.split('data-testid="my-deadlines"')[1]
    assert case.number in mine
    assert "2026-06-08" in mine  # 作出处罚决定 within 90 days of 立案 (处罚法第60条)
    assert 'data-days-left="-' in mine  # overdue (red) as of today's real date
    assert case.number in client_for(w.user_b).get("/worklist/").content.decode()  # the co-handler too
    stranger = client_for(w.outsider).get("/worklist/").content.decode()
    assert case.number not in stranger


def test_common_phrases_are_offered_in_the_case_forms(case_world: Any) -> None:
    """常用语 of the unit and its superiors are offered while entering facts and opinions."""
    from zhifa.core.audit import Actor
    from zhifa.documents.services import phrase_create

    w = case_world
    phrase_create(
        actor=Actor.system(), organisation=w.unit.parent, category="facts", text="销售超过保质期的食品"
    )
    phrase_create(actor=Actor.system(), organisation=None, category="opinion", text="事实清楚，证据确凿")
    case = w.act(w.user_a, w.register(), "open", date(2026, 3, 10))
    w.approve_all(case, date(2026, 3, 10), w.leader, w.head)
    page = client_for(w.user_a).get(f"/cases/{case.pk}/").content.decode()
    assert 'data-phrases-for="facts"' in page
    assert "<option>销售超过保质期的食品</option>" in page
    assert "<option>事实清楚，证据确凿</option>" in page
    assert "cases/phrases.js" in page


def test_the_legal_reviewers_queue_lists_upcoming_pending_and_reviewed_cases(case_world: Any) -> None:
    """重大法制审核 (处罚法第58条): a complex case shows as upcoming, then pending with its approval,
    then reviewed; other roles have no such page; the page reads a fixed number of statements."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .test_case_engine import to_notified

    w = case_world
    case = to_notified(w, w.register(complex_case=True))
    reviewer = client_for(w.reviewer)
    page = reviewer.get("/cases/legal-review/").content.decode()
    assert case.number in page.split('data-testid="upcoming"')[1]
    case = w.act(w.user_a, case, "submit_legal_review", date(2026, 4, 2))
    page = reviewer.get("/cases/legal-review/").content.decode()
    pending = page.split('data-testid="pending"')[1].split('data-testid="upcoming"')[0]
    assert case.number in pending
    assert "/worklist/approvals/" in pending
    w.approve(w.reviewer, case, date(2026, 4, 2), comment="同意")
    page = reviewer.get("/cases/legal-review/").content.decode()
    assert case.number in page.split("我已审核")[1]
    assert client_for(w.user_a).get("/cases/legal-review/").status_code == 403
    for _ in range(2):  # more cases, same statements
        to_notified(w, w.register(complex_case=True))
    with CaptureQueriesContext(connection) as first:
        reviewer.get("/cases/legal-review/")
    to_notified(w, w.register(complex_case=True))
    with CaptureQueriesContext(connection) as second:
        reviewer.get("/cases/legal-review/")
    assert len(first) == len(second)
