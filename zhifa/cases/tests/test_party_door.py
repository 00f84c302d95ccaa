"""The party's own door (services.party): the party — no user, no permission — requests a hearing
within 5 working days of the 告知 (处罚法第六十四条第一项、第八十五条) and states their case until the
decision (第四十五条、第六十二条); nothing else, and nothing written when refused."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from zhifa.cases.choices import CaseState as S
from zhifa.cases.models import CaseEvent
from zhifa.cases.services import case_party_request_hearing, case_party_statement
from zhifa.core.audit import Actor
from zhifa.core.errors import Conflict, ValidationError
from zhifa.core.models import AuditEvent

from .test_case_engine import to_notified

pytestmark = pytest.mark.django_db
D = date
PARTY = Actor(id=None, label="当事人（查询码登录）某某公司", ip="10.1.1.1")


def test_the_party_requests_a_hearing_on_the_last_day_of_the_window(case_world: Any) -> None:
    w = case_world
    case = to_notified(w, w.register(), fine="150000")  # ≥100,000 元 to a company: 听证 (第六十三条)
    assert case.hearing_right
    # 告知 served Wed 04-01: Thu 2, Fri 3, 清明 4–6 off, Tue 7, Wed 8, Thu 9 → last day Thu 04-09.
    case = case_party_request_hearing(actor=PARTY, case_id=case.pk, today=D(2026, 4, 9))
    assert (case.state, case.hearing_requested_on) == (S.HEARING_REQUESTED, D(2026, 4, 9))
    event = CaseEvent.objects.get(case=case, action="request_hearing")
    assert (event.actor_id, event.actor_label) == (None, PARTY.label)
    assert AuditEvent.objects.filter(action="cases.case.request_hearing", ip="10.1.1.1").count() == 1


def test_a_hearing_request_after_the_window_is_refused_naming_the_deadline_and_writes_nothing(
    case_world: Any,
) -> None:
    w = case_world
    case = to_notified(w, w.register(), fine="150000")
    version = case.version
    with pytest.raises(ValidationError, match="2026年04月09日届满") as exc:
        case_party_request_hearing(actor=PARTY, case_id=case.pk, today=D(2026, 4, 10))
    assert "第六十四条第一项" in exc.value.message
    case.refresh_from_db()
    assert (case.state, case.version, case.hearing_requested_on) == (S.NOTIFIED, version, None)


def test_a_case_without_the_right_to_a_hearing_refuses_the_request(case_world: Any) -> None:
    w = case_world
    case = to_notified(w, w.register())  # 8,000 元: below the threshold
    with pytest.raises(ValidationError, match="不属于听证范围"):
        case_party_request_hearing(actor=PARTY, case_id=case.pk, today=D(2026, 4, 2))


def test_the_statement_is_heard_until_the_decision_and_refused_after_naming_its_date(case_world: Any) -> None:
    w = case_world
    case = to_notified(w, w.register(), fine="150000")
    case = case_party_statement(
        actor=PARTY, case_id=case.pk, text="进货渠道合法，请求从轻处罚", today=D(2026, 4, 2)
    )
    assert (case.state, case.statement_made) == (S.NOTIFIED, True)
    case = case_party_request_hearing(actor=PARTY, case_id=case.pk, today=D(2026, 4, 3))
    case = case_party_statement(
        actor=PARTY, case_id=case.pk, text="补充：已下架全部过期食品", today=D(2026, 4, 7)
    )
    assert case.state == S.HEARING_REQUESTED  # recorded, no state change
    notes = list(
        CaseEvent.objects.filter(case=case, action="record_statement").values_list("note", flat=True)
    )
    assert notes == ["进货渠道合法，请求从轻处罚", "补充：已下架全部过期食品"]
    other = to_notified(w, w.register(cause="无照经营"))
    other = w.act(w.user_a, other, "submit_decision", D(2026, 4, 10), decided_fine="6000")
    other = w.approve_all(other, D(2026, 4, 10), w.leader, w.head)
    with pytest.raises(Conflict, match="处罚决定已于2026年04月10日作出"):
        case_party_statement(actor=PARTY, case_id=other.pk, text="迟到的意见", today=D(2026, 4, 13))


def test_an_empty_statement_is_refused(case_world: Any) -> None:
    w = case_world
    case = to_notified(w, w.register())
    with pytest.raises(ValidationError, match="请填写"):
        case_party_statement(actor=PARTY, case_id=case.pk, text="  ")
