"""Case approvals run through the worklist: 立案审批, 案件审核, 法制审核 (处罚法第58条), 决定审批
(第57条) and 结案审批, each decision signed, refusals and withdrawals sending the case back, per-unit
chains, and a decision gate failing at the last step undoing the approval decision."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from zhifa.cases.choices import CaseState as S
from zhifa.cases.choices import Outcome
from zhifa.cases.models import CaseEvent
from zhifa.cases.services import case_available_actions
from zhifa.core.audit import Actor
from zhifa.core.errors import ValidationError
from zhifa.worklist.models import ApprovalDecision, ApprovalRun
from zhifa.worklist.services.approvals import approval_chain_save, approval_verify, approval_withdraw

from .test_case_engine import to_notified

pytestmark = pytest.mark.django_db
D = date


def test_opening_needs_the_leader_and_the_head_and_every_decision_is_signed(case_world: Any) -> None:
    w = case_world
    case = w.act(w.user_a, w.register(), "open", D(2026, 3, 10))
    run = w.pending_run(case)
    assert [s["role"] for s in run.steps] == ["team_leader", "agency_head"]
    assert run.summary["案件编号"] == case.number
    case = w.approve(w.leader, case, D(2026, 3, 10))
    assert case.state == S.OPENING  # one step of two
    case = w.approve(w.head, case, D(2026, 3, 11))
    assert (case.state, case.opened_on) == (S.INVESTIGATING, D(2026, 3, 11))
    decisions = list(ApprovalDecision.objects.filter(run=run).order_by("step_index"))
    assert [d.decided_by_id for d in decisions] == [w.leader.pk, w.head.pk]
    assert all(approval_verify(d) for d in decisions)
    decisions[1].comment = "改动过的意见"
    assert approval_verify(decisions[1]) is False


def test_a_refused_opening_returns_the_case_with_the_reason(case_world: Any) -> None:
    w = case_world
    case = w.act(w.user_a, w.register(), "open", D(2026, 3, 10))
    with pytest.raises(ValidationError, match="不同意时须填写理由"):
        w.approve(w.leader, case, D(2026, 3, 10), decision="reject")
    case = w.approve(w.leader, case, D(2026, 3, 10), decision="reject", comment="违法主体不清，补充核查")
    assert case.state == S.REGISTERED
    event = CaseEvent.objects.filter(case=case).order_by("-id").first()
    assert event is not None
    assert (event.action, event.note) == ("reject_open", "违法主体不清，补充核查")
    expected = ["open", "request_lead_extension"]  # may submit again
    assert [a.code for a in case_available_actions(w.user_a, case)] == expected


def test_a_pending_approval_hides_the_request_and_a_withdrawal_returns_the_case(case_world: Any) -> None:
    w = case_world
    case = to_notified(w, w.register())
    case = w.act(w.user_a, case, "submit_legal_review", D(2026, 4, 2))
    pending = {"cases.legal_review"}
    codes = {a.code for a in case_available_actions(w.user_a, case, pending_approvals=pending)}
    assert "submit_legal_review" not in codes
    assert "record_statement" in codes
    approval_withdraw(actor=Actor.of(w.user_a), run=w.pending_run(case))
    case.refresh_from_db()
    assert case.legal_reviewed_on is None
    assert CaseEvent.objects.filter(case=case, action="return_legal_review", note="承办人撤回审批").exists()


def test_a_unit_configures_its_own_chain(case_world: Any) -> None:
    w = case_world
    approval_chain_save(
        actor=Actor.system(),
        organisation=w.unit,
        approval_type="cases.open",
        steps=[{"role": "agency_head", "label": "分管负责人批准立案"}],
    )
    case = w.act(w.user_a, w.register(), "open", D(2026, 3, 10))
    assert w.pending_run(case).steps == [{"role": "agency_head", "label": "分管负责人批准立案"}]
    assert w.approve(w.head, case, D(2026, 3, 10)).state == S.INVESTIGATING


def test_the_head_approves_a_no_penalty_decision_on_a_statutory_ground(case_world: Any) -> None:
    w = case_world
    case = to_notified(w, w.register())
    with pytest.raises(ValidationError, match="不予处罚的法定情形"):
        w.act(w.user_a, case, "submit_decision", D(2026, 4, 10), outcome="no_penalty", note="初次违法")
    case = w.act(
        w.user_a,
        case,
        "submit_decision",
        D(2026, 4, 10),
        outcome="no_penalty",
        no_penalty_ground="first_violation",
        note="初次违法且危害后果轻微并及时改正（第三十三条第一款）",
    )
    assert w.pending_run(case).summary["拟作出决定"] == "不予行政处罚"
    case = w.approve_all(case, D(2026, 4, 13), w.leader, w.head)
    assert (case.state, case.outcome, case.decided_on) == (S.DECIDED, Outcome.NO_PENALTY, D(2026, 4, 13))
    assert case.decided_fine is None


def test_a_decision_gate_failing_at_the_last_step_undoes_that_approval(case_world: Any) -> None:
    """集体讨论 (第57条第2款) is required for a serious violation; the head's approval without it is
    refused and the run stays at the head's step, the case unchanged."""
    w = case_world
    case = to_notified(w, w.register(serious_violation=True))
    case = w.act(w.user_a, case, "submit_decision", D(2026, 4, 10))
    case = w.approve(w.leader, case, D(2026, 4, 10))
    before = (case.state, case.version)
    with pytest.raises(ValidationError, match="集体讨论"):
        w.approve(w.head, case, D(2026, 4, 10))
    case.refresh_from_db()
    run = w.pending_run(case)
    assert (case.state, case.version) == before
    assert run.current_step == 1
    assert ApprovalDecision.objects.filter(run=run).count() == 1
    case = w.act(
        w.head, case, "record_collective_discussion", D(2026, 4, 13), discussed_on="2026-04-13", note="同意"
    )
    case = w.approve(w.head, case, D(2026, 4, 13))
    assert (case.state, case.outcome) == (S.DECIDED, Outcome.PENALTY)


def test_closing_goes_through_the_closing_approval_and_a_refusal_returns_it(case_world: Any) -> None:
    w = case_world
    case = to_notified(w, w.register())
    case = w.act(w.user_a, case, "submit_decision", D(2026, 4, 10))
    case = w.approve_all(case, D(2026, 4, 10), w.leader, w.head)
    case = w.act(w.user_a, case, "serve_decision", D(2026, 4, 13), served_on="2026-04-13")
    case = w.act(w.user_a, case, "record_payment", D(2026, 4, 20), paid_on="2026-04-20")
    case = w.act(w.user_a, case, "submit_close", D(2026, 4, 21))
    assert case.state == S.CLOSING
    case = w.approve(w.leader, case, D(2026, 4, 21), decision="reject", comment="缺少缴款凭证")
    assert case.state == S.EXECUTED
    case = w.act(w.user_a, case, "submit_close", D(2026, 4, 22))
    case = w.approve(w.leader, case, D(2026, 4, 22))
    assert (case.state, case.closed_on) == (S.CLOSED, D(2026, 4, 22))
    assert ApprovalRun.objects.filter(subject_id=case.pk, approval_type="cases.close").count() == 2
