"""What the party files through the portal: a hearing request in its window (refused after, naming
the deadline), a statement, a deferral or instalment application — each recorded, audited and
turned into a 待办 of the handling officer."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from zhifa.cases.choices import CaseState as S
from zhifa.cases.models import Case, CaseEvent
from zhifa.core.errors import Conflict, ValidationError
from zhifa.core.models import AuditEvent
from zhifa.portal.party.models import PartyAccess, PartyRequest
from zhifa.portal.party.services import (
    party_apply_deferral,
    party_apply_instalments,
    party_request_hearing,
    party_submit_statement,
)
from zhifa.worklist.models import Task

from .conftest import notified, served

pytestmark = pytest.mark.django_db
D = date


def access_of(case: Case) -> PartyAccess:
    return PartyAccess.objects.select_related("case").get(case=case)


def test_a_hearing_requested_in_time_moves_the_case_and_gives_the_lead_officer_a_task(
    case_world: Any,
) -> None:
    w = case_world
    case = notified(w, hearing=True)
    request = party_request_hearing(
        access=access_of(case), ip="10.0.0.5", note="请求公开听证", today=D(2026, 4, 8)
    )
    case.refresh_from_db()
    assert (case.state, case.hearing_requested_on) == (S.HEARING_REQUESTED, D(2026, 4, 8))
    assert (request.kind, request.window_ends_on, request.ip) == ("hearing", D(2026, 4, 9), "10.0.0.5")
    assert request.task is not None
    task = request.task
    assert (task.assignee_id, task.kind, task.status) == (w.user_a.pk, "party_portal.hearing", "open")
    assert task.url == f"/cases/{case.pk}/#party-portal"
    event = CaseEvent.objects.get(case=case, action="request_hearing")
    assert event.actor_label.startswith("当事人（查询码登录）")
    assert AuditEvent.objects.filter(action="party_portal.request.hearing", ip="10.0.0.5").count() == 1


def test_a_hearing_requested_after_the_window_is_refused_naming_the_deadline_and_nothing_is_recorded(
    case_world: Any,
) -> None:
    case = notified(case_world, hearing=True)
    with pytest.raises(ValidationError, match="申请听证的期限已于2026年04月09日届满"):
        party_request_hearing(access=access_of(case), today=D(2026, 4, 10))
    case.refresh_from_db()
    assert case.state == S.NOTIFIED
    assert not PartyRequest.objects.exists()
    assert not Task.objects.filter(kind="party_portal.hearing").exists()


def test_a_statement_is_recorded_on_the_timeline_and_handed_to_the_officer_for_review(
    case_world: Any,
) -> None:
    w = case_world
    case = notified(w)
    request = party_submit_statement(
        access=access_of(case), text="首次违法且已整改，请求减轻处罚", today=D(2026, 4, 2)
    )
    case.refresh_from_db()
    assert case.statement_made
    assert (
        CaseEvent.objects.get(case=case, action="record_statement").note == "首次违法且已整改，请求减轻处罚"
    )
    assert request.task is not None
    assert request.task.title.startswith("当事人提出陈述、申辩意见")
    assert request.task.assignee_id == w.user_a.pk


def test_a_deferral_must_reach_past_the_due_date_and_is_recorded_once_for_the_officer(
    case_world: Any,
) -> None:
    w = case_world
    case = served(w)  # served Mon 04-13: pay by Tue 04-28 (处罚法第六十七条第三款)
    access = access_of(case)
    with pytest.raises(ValidationError, match="应晚于原缴款期限2026年04月28日"):
        party_apply_deferral(access=access, deferred_to=D(2026, 4, 20), reason="资金周转困难")
    with pytest.raises(ValidationError, match="请说明申请理由"):
        party_apply_deferral(access=access, deferred_to=D(2026, 6, 30), reason=" ")
    request = party_apply_deferral(
        access=access, deferred_to=D(2026, 6, 30), reason="资金周转困难", ip="10.0.0.6"
    )
    assert (request.kind, request.deferred_to, request.window_ends_on) == (
        "deferral",
        D(2026, 6, 30),
        D(2026, 4, 28),
    )
    assert request.task is not None
    assert request.task.kind == "party_portal.deferral"
    assert "2026年06月30日" in request.task.title
    with pytest.raises(Conflict, match="正在审查"):
        party_apply_instalments(access=access, plan_text="2026-05-31 3000\n2026-06-30 3000", reason="困难")
    case.refresh_from_db()
    assert case.payment_deferred_to is None  # only the head's approval defers (第六十六条第二款)


def test_an_instalment_plan_is_checked_by_the_cases_rules(case_world: Any) -> None:
    case = served(case_world)
    access = access_of(case)
    with pytest.raises(ValidationError, match=r"应等于罚款6000\.00元"):
        party_apply_instalments(access=access, plan_text="2026-05-31 3000\n2026-06-30 2000", reason="困难")
    with pytest.raises(ValidationError, match="第1行格式"):
        party_apply_instalments(access=access, plan_text="五月 3000", reason="困难")
    request = party_apply_instalments(
        access=access, plan_text="2026-05-31 3000\n2026-06-30 3000", reason="经营困难"
    )
    assert request.instalments == [
        {"due_on": "2026-05-31", "amount": "3000.00"},
        {"due_on": "2026-06-30", "amount": "3000.00"},
    ]
    assert request.task is not None
    assert request.task.title.startswith("当事人申请分2期缴纳罚款")


def test_no_payment_application_before_the_decision_is_served(case_world: Any) -> None:
    case = notified(case_world)
    with pytest.raises(Conflict, match="没有待缴纳的罚款"):
        party_apply_deferral(access=access_of(case), deferred_to=D(2026, 6, 30), reason="困难")
