"""The case engine: registration, transitions through the general procedure, gates that change
nothing when they fail, stale versions, scopes and the available actions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from zhifa.cases.choices import CaseState as S
from zhifa.cases.models import Case, CaseEvent
from zhifa.cases.selectors import CaseFilters, case_get_for_user, case_list_for_user
from zhifa.cases.services import case_available_actions, case_transition
from zhifa.core.audit import Actor
from zhifa.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from zhifa.core.models import AuditEvent

pytestmark = pytest.mark.django_db
D = date


APRIL_1 = D(2026, 4, 1)
ON_SPOT = {
    "facts": "在人行道上摆摊占道经营",
    "evidence_summary": "执法记录仪视频、现场照片",
    "basis_violation": "《深圳市市容和环境卫生管理条例》第二十条",
    "basis_penalty": "《深圳市市容和环境卫生管理条例》第七十二条",
}


def to_notified(w: Any, case: Case, *, fine: str = "8000", served_on: date = APRIL_1) -> Case:
    w.act(w.user_a, case, "open", D(2026, 3, 10))
    w.approve_all(case, D(2026, 3, 10), w.leader, w.head)
    w.act(
        w.user_a,
        case,
        "conclude_investigation",
        D(2026, 3, 20),
        facts="销售超过保质期的食品12箱",
        evidence_summary="现场检查笔录、询问笔录、进货单据",
        basis_violation="《中华人民共和国食品安全法》第三十四条第（十）项",
        basis_penalty="《中华人民共和国食品安全法》第一百二十四条第一款第（五）项",
        proposed_kinds=["fine", "confiscate_illegal_gains"],
        proposed_fine=fine,
        proposed_confiscation="600",
    )
    w.act(w.user_a, case, "submit_review", D(2026, 3, 20))
    w.approve(w.leader, case, D(2026, 3, 23))
    return w.act(w.user_a, case, "notify", served_on, served_on=served_on.isoformat())


def test_registration_numbers_cases_gap_free_and_pins_the_procedure_version(case_world: Any) -> None:
    first, second = case_world.register(), case_world.register(cause="无照经营")
    prefix = case_world.unit.short_name or case_world.unit.name
    assert first.number == f"{prefix}案字〔2026〕1号"
    assert second.number == f"{prefix}案字〔2026〕2号"
    assert first.procedure_version == "2021.1"
    assert first.handlers.count() == 2
    assert AuditEvent.objects.filter(action="cases.case.register").count() == 2


def test_registration_refuses_bad_input_and_writes_nothing(case_world: Any) -> None:
    with pytest.raises(ValidationError, match="请填写案由"):
        case_world.register(cause=" ")
    with pytest.raises(ValidationError, match="不能晚于发现日"):
        case_world.register(act_on=D(2026, 3, 9), discovered_on=D(2026, 3, 1))
    assert Case.objects.count() == 0


def test_general_procedure_from_registration_to_archive(case_world: Any) -> None:
    w = case_world
    case = to_notified(w, w.register())
    assert case.state == S.NOTIFIED
    assert case.hearing_right is False  # 8,000 元 fine, 600 元 confiscated: below Guangdong's 100,000 元
    # 告知 served Wed 04-01: Thu 2 (1), Fri 3 (2), 清明 Apr 4–6 off, Tue 7 (3), Wed 8 (4), Thu 9 (5).
    case = w.act(w.user_a, case, "submit_decision", D(2026, 4, 10), decided_fine="6000")
    case = w.approve_all(case, D(2026, 4, 10), w.leader, w.head)
    assert (case.state, case.decided_fine) == (S.DECIDED, Decimal("6000.00"))
    case = w.act(w.user_a, case, "serve_decision", D(2026, 4, 13), served_on="2026-04-13")
    case = w.act(w.user_a, case, "record_payment", D(2026, 4, 20), paid_on="2026-04-20")
    case = w.act(w.user_a, case, "submit_close", D(2026, 4, 21))
    case = w.approve(w.leader, case, D(2026, 4, 21))
    case = w.act(w.user_a, case, "submit_archive", D(2026, 4, 22))
    case = w.approve(w.leader, case, D(2026, 4, 22))
    assert case.state == S.ARCHIVED
    labels = list(CaseEvent.objects.filter(case=case).order_by("id").values_list("action", flat=True))
    assert labels[:3] == ["register", "open", "approve_open"]
    assert "decide" in labels
    assert "close" in labels
    assert labels[-1] == "archive"


def test_a_failed_gate_changes_nothing(case_world: Any) -> None:
    w = case_world
    case = to_notified(w, w.register())
    before = (case.state, case.version, CaseEvent.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError, match="陈述、申辩期限至2026年04月09日届满"):
        w.act(w.user_a, case, "submit_decision", D(2026, 4, 9))
    case.refresh_from_db()
    assert (case.state, case.version, CaseEvent.objects.count(), AuditEvent.objects.count()) == before


def test_limitation_blocks_opening_a_case_discovered_too_late(case_world: Any) -> None:
    w = case_world
    case = w.register(act_on=D(2024, 2, 20), discovered_on=D(2026, 3, 2), today=D(2026, 3, 9))
    with pytest.raises(ValidationError, match="已过追责时效"):
        w.act(w.user_a, case, "open", D(2026, 3, 10))


def test_a_decision_heavier_than_the_notice_is_refused_after_a_statement(case_world: Any) -> None:
    w = case_world
    case = to_notified(w, w.register())
    w.act(w.user_a, case, "record_statement", D(2026, 4, 2), note="当事人称已下架")
    with pytest.raises(ValidationError, match="第四十五条第二款"):  # refused when put to the head
        w.act(w.user_a, case, "submit_decision", D(2026, 4, 10), decided_fine="9000")
    case = w.act(w.user_a, case, "submit_decision", D(2026, 4, 10), decided_fine="8000")
    assert case.state == S.DECIDING


def test_hearing_request_after_5_working_days_is_refused(case_world: Any) -> None:
    w = case_world
    case = to_notified(w, w.register(), fine="150000")
    assert case.hearing_right is True
    with pytest.raises(ValidationError, match="五个工作日"):
        w.act(w.user_a, case, "request_hearing", D(2026, 4, 10), requested_on="2026-04-10")
    case = w.act(w.user_a, case, "request_hearing", D(2026, 4, 9), requested_on="2026-04-09")
    assert case.state == S.HEARING_REQUESTED


def test_mandatory_legal_review_needs_a_qualified_non_handler(case_world: Any) -> None:
    w = case_world
    case = w.register(complex_case=True)
    case = to_notified(w, case)
    with pytest.raises(ValidationError, match="须经法制审核"):
        w.act(w.user_a, case, "submit_decision", D(2026, 4, 10))
    with pytest.raises(PermissionDenied):  # only an approval run records the review
        w.act(w.reviewer, case, "legal_review_pass", D(2026, 4, 9), note="同意")
    case = w.act(w.user_a, case, "submit_legal_review", D(2026, 4, 9))
    with pytest.raises(PermissionDenied):  # a handler cannot decide the legal-review step
        w.approve(w.user_a, case, D(2026, 4, 9))
    case = w.approve(w.reviewer, case, D(2026, 4, 9), comment="事实清楚，证据确凿")
    assert (case.legal_reviewer_id, case.legal_reviewed_on) == (w.reviewer.pk, D(2026, 4, 9))
    assert w.act(w.user_a, case, "submit_decision", D(2026, 4, 10)).state == S.DECIDING


def test_a_stale_version_gets_a_conflict_and_changes_nothing(case_world: Any) -> None:
    w = case_world
    case = w.register()
    seen = case.version
    case_transition(
        actor=Actor.of(w.user_a),
        user=w.user_a,
        case_id=case.pk,
        action="open",
        version=seen,
        today=D(2026, 3, 10),
    )
    with pytest.raises(Conflict, match="已被他人更新"):
        case_transition(
            actor=Actor.of(w.user_b),
            user=w.user_b,
            case_id=case.pk,
            action="open",
            version=seen,
            today=D(2026, 3, 10),
        )
    assert CaseEvent.objects.filter(case=case, action="open").count() == 1


def test_scope_officers_see_their_own_cases_and_other_agencies_nothing(
    case_world: Any, make_user: Any
) -> None:
    w = case_world
    case = w.register()
    stranger_same_unit = make_user(w.unit, "officer")
    assert list(case_list_for_user(w.user_b)) == [case]
    assert list(case_list_for_user(stranger_same_unit)) == []  # 本人: not a handler
    assert list(case_list_for_user(w.leader, CaseFilters(open_only=True))) == [case]  # 本单位及下级
    assert list(case_list_for_user(w.outsider)) == []
    with pytest.raises(NotFound):
        case_get_for_user(w.outsider, case.pk)
    with pytest.raises(NotFound):
        case_transition(
            actor=Actor.of(w.outsider),
            user=w.outsider,
            case_id=case.pk,
            action="open",
            version=None,
            today=D(2026, 3, 10),
        )


def test_available_actions_follow_state_permission_and_scope(case_world: Any) -> None:
    w = case_world
    case = w.register()
    assert [a.code for a in case_available_actions(w.user_a, case)] == ["open", "request_lead_extension"]
    assert {a.code for a in case_available_actions(w.leader, case)} == {
        "decline",
        "withdraw",
    }  # 移送 goes through zhifa.transfers
    assert case_available_actions(w.outsider, case) == []
    case = w.act(w.user_a, case, "open", D(2026, 3, 10))
    assert case_available_actions(w.user_a, case) == []
    assert "approve_open" not in {a.code for a in case_available_actions(w.leader, case)}  # 待办 only


def _deadlines(case: Case) -> dict[str, tuple[str, date]]:
    from zhifa.worklist.models import Deadline

    rows = Deadline.objects.filter(subject_type="cases.case", subject_id=case.pk)
    return {d.rule_code: (d.state, d.due_on) for d in rows}


def test_clocks_start_pause_for_a_hearing_and_are_met(case_world: Any) -> None:
    w = case_world
    case = to_notified(w, w.register(), fine="150000")
    clocks = _deadlines(case)
    assert clocks["penalty.decision"][1] == D(2026, 6, 8)  # 立案 03-10 + 90 days (第60条)
    assert clocks["penalty.statement"][1] == D(2026, 4, 9)  # 5 WD across 清明
    w.act(w.user_a, case, "request_hearing", D(2026, 4, 3), requested_on="2026-04-03")
    w.act(
        w.user_a,
        case,
        "schedule_hearing",
        D(2026, 4, 7),
        notice_served_on="2026-04-07",
        hearing_on="2026-04-17",
    )
    assert _deadlines(case)["penalty.decision"][0] == "suspended"
    w.act(w.user_a, case, "hold_hearing", D(2026, 4, 17), concluded_on="2026-04-17")
    state, due = _deadlines(case)["penalty.decision"]
    assert state != "suspended"  # colour is judged against the real date by the worklist
    assert due == D(2026, 6, 8) + (D(2026, 4, 17) - D(2026, 4, 7))  # hearing time not counted
    case = w.act(w.user_a, case, "submit_decision", D(2026, 4, 20))
    case = w.approve_all(case, D(2026, 4, 21), w.leader, w.head)
    clocks = _deadlines(case)
    assert clocks["penalty.decision"][0] == "met"
    assert clocks["penalty.service"][1] == D(2026, 4, 30)  # 7 WD (第61条)
    case = w.act(w.user_a, case, "serve_decision", D(2026, 4, 22), served_on="2026-04-22")
    assert _deadlines(case)["penalty.payment"][1] == D(2026, 5, 7)  # 15 days → 05-07 (劳动节 ends 05-05)


def test_withdrawing_a_case_cancels_its_running_clocks(case_world: Any) -> None:
    w = case_world
    case = w.register()
    w.act(w.user_a, case, "open", D(2026, 3, 10))
    case = w.approve_all(case, D(2026, 3, 10), w.leader, w.head)
    case = w.act(w.leader, case, "withdraw", D(2026, 3, 11), note="违法主体认定错误")
    assert _deadlines(case)["penalty.decision"][0] == "cancelled"


def test_summary_procedure_on_the_spot_within_art51_and_cash_only_up_to_100(case_world: Any) -> None:
    w = case_world
    case = w.register(procedure="summary", party=w.person, cause="占道经营", today=D(2026, 3, 9))
    with pytest.raises(ValidationError, match="不得超过200元"):
        w.act(
            w.user_a,
            case,
            "decide_on_spot",
            D(2026, 3, 9),
            **ON_SPOT,
            decided_on="2026-03-09",
            decided_kinds=["fine"],
            decided_fine="300",
        )
    with pytest.raises(ValidationError, match="第六十八条"):
        w.act(
            w.user_a,
            case,
            "decide_on_spot",
            D(2026, 3, 9),
            **ON_SPOT,
            decided_on="2026-03-09",
            decided_kinds=["fine"],
            decided_fine="150",
            cash_collected=True,
        )
    case = w.act(
        w.user_a,
        case,
        "decide_on_spot",
        D(2026, 3, 9),
        **ON_SPOT,
        decided_on="2026-03-09",
        decided_kinds=["fine"],
        decided_fine="150",
    )
    assert (case.state, case.decision_served_on) == (S.SERVED, D(2026, 3, 9))
    clocks = _deadlines(case)
    assert clocks["penalty.summary_filing"][1] == D(2026, 3, 18)  # 7 WD (SAMR 第70条, configured)
    assert clocks["penalty.payment"][1] == D(2026, 3, 24)  # 15 days from receipt on the spot
    case = w.act(w.user_a, case, "record_payment", D(2026, 3, 12), paid_on="2026-03-12")
    case = w.act(w.leader, case, "close", D(2026, 3, 13))
    assert _deadlines(case)["penalty.summary_filing"][0] == "met"
