"""审批 chains: lookup (own unit, nearest ancestor, registered default), deciding step by step with
signed decisions, refusals (wrong role, eligibility, reject without reason), stale and concurrent
decisions (exactly one wins), withdrawal."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from zhifa.core.audit import Actor
from zhifa.core.errors import Conflict, PermissionDenied, ValidationError
from zhifa.core.gm import installation_sm2_keypair
from zhifa.core.models import AuditEvent
from zhifa.worklist.models import ApprovalDecision, ApprovalRun, Task, TaskStatus
from zhifa.worklist.selectors import approval_runs_for_subject, pending_approvals_for_user, task_list_for_user
from zhifa.worklist.services import approval_decide, approval_start, approval_verify, approval_withdraw
from zhifa.worklist.services.approvals import approval_chain_save, approval_chain_steps

pytestmark = pytest.mark.django_db

SYSTEM = Actor(id=None, label="test")
SUMMARY = {"proposed_penalty": "罚款5000元", "amount": 5000}


def start(org: Any, **kw: Any) -> ApprovalRun:
    return approval_start(
        actor=SYSTEM, subject=org, organisation=org, approval_type="test.approval", summary=SUMMARY
    )


def decide(user: Any, run: ApprovalRun, decision: str = "approve", comment: str = "") -> ApprovalRun:
    return approval_decide(actor=Actor.of(user), user=user, run=run, decision=decision, comment=comment)


def test_chain_lookup_prefers_own_unit_then_nearest_ancestor_then_default(org_world: Any, hooks: Any) -> None:
    child, parent = org_world.agency_child, org_world.agency
    assert [s["role"] for s in approval_chain_steps(child, "test.approval")] == [
        "team_leader",
        "legal_reviewer",
    ]
    approval_chain_save(
        actor=SYSTEM,
        organisation=parent,
        approval_type="test.approval",
        steps=[{"role": "legal_reviewer", "label": "法制审核"}],
    )
    assert approval_chain_steps(child, "test.approval") == [{"role": "legal_reviewer", "label": "法制审核"}]
    own = approval_chain_save(
        actor=SYSTEM,
        organisation=child,
        approval_type="test.approval",
        steps=[{"role": "team_leader", "label": "队长审核"}, {"role": "legal_reviewer", "label": "法制审核"}],
    )
    assert [s["label"] for s in approval_chain_steps(child, "test.approval")] == ["队长审核", "法制审核"]
    approval_chain_save(
        actor=SYSTEM,
        organisation=child,
        approval_type="test.approval",
        steps=own.steps,
        is_active=False,
        chain=own,
    )
    assert [s["label"] for s in approval_chain_steps(child, "test.approval")] == ["法制审核"]
    assert [s["role"] for s in approval_chain_steps(org_world.sibling, "test.approval")] == [
        "team_leader",
        "legal_reviewer",
    ]
    with pytest.raises(ValidationError):
        approval_chain_save(
            actor=SYSTEM,
            organisation=child,
            approval_type="test.approval",
            steps=[{"role": "nobody", "label": "x"}],
        )


def test_happy_path_two_steps_signed_and_finished(org_world: Any, make_user: Any, hooks: Any) -> None:
    org = org_world.agency_child
    leader = make_user(org, "team_leader")
    legal = make_user(org_world.agency, "legal_reviewer")  # 本单位及下级 at the parent unit
    run = start(org)
    assert run.subject_title == org.name
    assert [r.pk for r in pending_approvals_for_user(leader)] == [run.pk]
    assert list(pending_approvals_for_user(legal)) == []

    run = decide(leader, run, comment="同意")
    assert (run.status, run.current_step, run.version) == ("pending", 1, 1)
    assert list(pending_approvals_for_user(leader)) == []
    [legal_task] = task_list_for_user(legal)
    assert (legal_task.queue_role, legal_task.approval_step) == ("legal_reviewer", 1)

    run = decide(legal, run, comment="符合法定程序")
    assert run.status == "approved"
    assert run.finished_at is not None
    assert hooks.finished == [(run.pk, "approved")]
    decisions = list(run.decisions.order_by("step_index"))
    assert [(d.role, d.decided_by_id) for d in decisions] == [
        ("team_leader", leader.pk),
        ("legal_reviewer", legal.pk),
    ]
    assert all(approval_verify(d) for d in decisions)
    assert decisions[0].public_key == installation_sm2_keypair().public_key
    assert Task.objects.filter(approval_run=run, status=TaskStatus.OPEN).count() == 0
    assert AuditEvent.objects.filter(action="worklist.approval.decide").count() == 2
    assert [r.pk for r in approval_runs_for_subject(org)] == [run.pk]


def test_a_changed_byte_of_the_comment_fails_verification(org_world: Any, make_user: Any, hooks: Any) -> None:
    leader = make_user(org_world.agency, "team_leader")
    decide(leader, start(org_world.agency), comment="同意")
    decision = ApprovalDecision.objects.get()
    assert approval_verify(decision) is True
    ApprovalDecision.objects.filter(pk=decision.pk).update(comment="同意。")
    assert approval_verify(ApprovalDecision.objects.get(pk=decision.pk)) is False
    ApprovalDecision.objects.filter(pk=decision.pk).update(comment="同意")
    ApprovalRun.objects.filter(pk=decision.run_id).update(summary={**SUMMARY, "amount": 500})
    assert approval_verify(ApprovalDecision.objects.get(pk=decision.pk)) is False  # the summary is signed too


def test_wrong_role_or_wrong_unit_is_refused(org_world: Any, make_user: Any, hooks: Any) -> None:
    run = start(org_world.agency)
    officer = make_user(org_world.agency, "officer")
    child_leader = make_user(org_world.agency_child, "team_leader")  # below, not above
    other_leader = make_user(org_world.sibling, "team_leader")
    for user in (officer, child_leader, other_leader):
        with pytest.raises(PermissionDenied, match="承办机构负责人审核"):
            decide(user, run)
    assert ApprovalRun.objects.get(pk=run.pk).version == 0
    assert ApprovalDecision.objects.count() == 0


def test_eligibility_hook_refuses_with_its_reason(org_world: Any, make_user: Any, hooks: Any) -> None:
    leader = make_user(org_world.agency, "team_leader", "legal_reviewer")
    hooks.ineligible_user_ids.add(leader.pk)
    with pytest.raises(PermissionDenied, match="本案承办人不得进行本案的法制审核"):
        decide(leader, start(org_world.agency))


def test_reject_needs_a_reason_and_ends_the_run(org_world: Any, make_user: Any, hooks: Any) -> None:
    leader = make_user(org_world.agency, "team_leader")
    run = start(org_world.agency)
    with pytest.raises(ValidationError, match="不同意时须填写理由"):
        decide(leader, run, "reject", "  ")
    run = decide(leader, run, "reject", "事实不清，证据不足")
    assert run.status == "rejected"
    assert hooks.finished == [(run.pk, "rejected")]
    assert Task.objects.filter(approval_run=run).values_list("status", flat=True).get() == "done"
    assert start(org_world.agency).pk != run.pk  # a new run may start after the end


def test_one_pending_run_per_subject_and_type(org_world: Any, hooks: Any) -> None:
    start(org_world.agency)
    with pytest.raises(Conflict, match="已有进行中的“测试审批”"):
        start(org_world.agency)


def test_stale_decision_is_refused_and_changes_nothing(org_world: Any, make_user: Any, hooks: Any) -> None:
    a = make_user(org_world.agency, "team_leader")
    b = make_user(org_world.agency, "team_leader")
    run = start(org_world.agency)
    seen_by_a = ApprovalRun.objects.get(pk=run.pk)
    seen_by_b = ApprovalRun.objects.get(pk=run.pk)
    decide(a, seen_by_a)
    with pytest.raises(Conflict, match="该审批已由他人处理，请刷新"):
        decide(b, seen_by_b, "reject", "不同意")
    assert ApprovalDecision.objects.count() == 1
    assert ApprovalRun.objects.get(pk=run.pk).current_step == 1


def test_withdraw_cancels_the_open_step(org_world: Any, make_user: Any, hooks: Any) -> None:
    leader = make_user(org_world.agency, "team_leader")
    run = approval_withdraw(actor=SYSTEM, run=start(org_world.agency))
    assert run.status == "withdrawn"
    assert hooks.finished == []
    assert list(task_list_for_user(leader)) == []
    with pytest.raises(Conflict):
        decide(leader, run)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_people_deciding_at_once_exactly_one_wins(org_world: Any, make_user: Any, hooks: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks across threads need PostgreSQL")
    installation_sm2_keypair()  # create the key before the race
    users = [make_user(org_world.agency, "team_leader") for _ in range(2)]
    run = start(org_world.agency)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []
    lock = threading.Lock()

    def worker(user: Any) -> None:
        from django.db import connection as conn

        stale = ApprovalRun.objects.get(pk=run.pk)
        barrier.wait()
        try:
            decide(user, stale, "approve", "同意")
            result = "won"
        except Conflict:
            result = "conflict"
        finally:
            conn.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=worker, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(outcomes) == ["conflict", "won"]
    assert ApprovalDecision.objects.filter(run_id=run.pk).count() == 1
    fresh = ApprovalRun.objects.get(pk=run.pk)
    assert (fresh.version, fresh.current_step) == (1, 1)
    assert Task.objects.filter(approval_run_id=run.pk, status="open").count() == 1  # the next step only
