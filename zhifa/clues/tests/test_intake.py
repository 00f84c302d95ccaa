"""Registration (numbering, reporters kept apart), screening, acceptance via approval, assignment."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from zhifa.clues.models import Clue, ClueReporter, ScreeningRule
from zhifa.clues.services import (
    DEADLINE_RULE_CODE,
    ReporterInput,
    clue_accept,
    clue_apply_suggestion,
    clue_assign,
    clue_assign_officer,
    clue_screen,
    clue_submit,
)
from zhifa.core.audit import Actor
from zhifa.core.crypto_fields import decrypt_identity
from zhifa.core.errors import Conflict, ValidationError
from zhifa.worklist.models import ApprovalRun, Deadline, Task
from zhifa.worklist.services import approval_decide

from .conftest import ClueWorld, at

pytestmark = pytest.mark.django_db


def test_registration_numbers_gap_free_per_unit_and_year_with_kind_xian(
    world: ClueWorld, org_world: Any
) -> None:
    first, second = world.register(), world.register(violation="无照经营")
    other_unit = world.register(organisation=org_world.sibling, actor=Actor.of(world.other_manager))
    assert first.number.endswith("1号")
    assert "线" in first.number
    assert "2026" in first.number
    assert second.number.endswith("2号")
    assert other_unit.number.endswith("1号")
    assert first.state == "registered"
    assert first.region_code == "4403"


def test_registration_is_atomic_on_bad_input(world: ClueWorld) -> None:
    with pytest.raises(ValidationError):
        world.register(violation=" ")
    with pytest.raises(ValidationError):
        world.register(reporters=[ReporterInput(channel="email")])
    assert Clue.objects.count() == 0
    assert ClueReporter.objects.count() == 0
    assert world.register().number.endswith("1号")  # the failed attempts gave their numbers back


def test_reporter_id_number_is_encrypted_and_masked(world: ClueWorld) -> None:
    from zhifa.clues.services import ReporterInput
    from zhifa.parties.tests.factories import make_resident_id

    number = make_resident_id()
    clue = world.register(reporters=[ReporterInput(name="王五", phone="13900001111", id_number=number)])
    reporter = clue.reporters.get()
    assert number not in reporter.id_number_masked
    assert "*" in reporter.id_number_masked
    assert reporter.id_number_cipher is not None
    assert bytes(reporter.id_number_cipher) != number.encode()
    assert decrypt_identity(reporter.id_number_cipher, context="clues.reporter.id_number") == number


def test_screening_rule_suggests_unit_domain_and_priority_on_registration(world: ClueWorld) -> None:
    ScreeningRule.objects.create(
        organisation=world.agency,
        name="生态类",
        sort_order=1,
        keywords=["排污"],
        suggest_domain="environment",
    )
    ScreeningRule.objects.create(
        organisation=world.agency,
        name="罗湖食品投诉",
        sort_order=2,
        channels=["complaint", "hotline_12345"],
        keywords=["食品", "牛奶"],
        region_prefix="440303",
        suggest_unit=world.child,
        suggest_domain="market",
        suggest_priority="high",
    )
    clue = world.register(domain="", place_region_code="440303001")
    assert clue.suggestion["rule_name"] == "罗湖食品投诉"
    assert clue.suggestion["unit_id"] == world.child.pk
    assert clue.suggestion["priority"] == "high"
    assert clue.domain == ""
    assert clue.priority == "normal"
    clue = clue_apply_suggestion(actor=Actor.of(world.manager), clue=clue)
    assert (clue.domain, clue.priority) == ("market", "high")
    # Another region, another channel: no rule applies.
    assert clue_screen(world.register(place_region_code="440304")) is None
    assert clue_screen(world.register(channel="media", place_region_code="440303")) is None


def _decide(world: ClueWorld, clue: Clue, decision: str, comment: str = "") -> Clue:
    run = ApprovalRun.objects.get(subject_type="clues.clue", subject_id=clue.pk, status="pending")
    approval_decide(
        actor=Actor.of(world.approver), user=world.approver, run=run, decision=decision, comment=comment
    )
    clue.refresh_from_db()
    return clue


def test_acceptance_goes_through_the_team_leader_approval(world: ClueWorld) -> None:
    clue = world.register()
    run = clue_submit(actor=Actor.of(world.manager), clue=clue)
    assert run.approval_type == "clues.acceptance"
    assert run.steps[0]["role"] == "team_leader"
    assert Task.objects.filter(
        approval_run=run, queue_role="team_leader", queue_organisation=world.agency
    ).exists()
    with pytest.raises(Conflict):
        clue_submit(actor=Actor.of(world.manager), clue=clue)
    clue = _decide(world, clue, "approve")
    assert clue.state == "accepted"
    assert clue.accepted_at is not None


def test_refused_approval_rejects_the_clue_with_the_reason(world: ClueWorld) -> None:
    clue = world.register()
    clue_submit(actor=Actor.of(world.manager), clue=clue)
    clue = _decide(world, clue, "reject", "不属于本机关管辖")
    assert clue.state == "rejected"
    assert clue.reject_reason == "不属于本机关管辖"
    with pytest.raises(Conflict):
        clue_accept(actor=Actor.of(world.manager), clue=clue)


def test_assignment_starts_the_samr_art_18_clock_across_labour_day(world: ClueWorld) -> None:
    """SAMR 处罚程序规定 第十八条: 15 working days from receiving the materials. Received Tue
    2026-04-28; 1–5 May are holidays and Sat 9 May a make-up working day → due Thu 2026-05-21
    (weekends alone would give 05-19)."""
    clue = clue_accept(actor=Actor.of(world.manager), clue=world.register())
    clue = clue_assign(actor=Actor.of(world.manager), clue=clue, unit=world.child)
    assert clue.state == "assigned"
    assert clue.handling_unit == world.child
    deadline = Deadline.objects.get(
        subject_type="clues.clue", subject_id=clue.pk, rule_code=DEADLINE_RULE_CODE
    )
    assert deadline.started_on == date(2026, 4, 28)
    assert (deadline.amount, deadline.unit) == (15, "wd")
    assert deadline.due_on == date(2026, 5, 21)
    assert "第十八条" in deadline.basis
    assert deadline.organisation == world.child
    assert Task.objects.filter(
        subject_id=clue.pk, kind="clue_assign", queue_organisation=world.child
    ).exists()
    clue = clue_assign_officer(actor=Actor.of(world.child_leader), clue=clue, officer=world.officer)
    assert clue.handler_user == world.officer_user
    assert Task.objects.get(subject_id=clue.pk, kind="clue_handle").assignee == world.officer_user
    assert Task.objects.get(subject_id=clue.pk, kind="clue_assign").status == "cancelled"


def test_assignment_time_limit_is_configurable(world: ClueWorld) -> None:
    clue = clue_accept(actor=Actor.of(world.manager), clue=world.register(received_at=at(2026, 6, 1)))
    clue = clue_assign(actor=Actor.of(world.manager), clue=clue, unit=world.child, time_limit_days=5)
    deadline = Deadline.objects.get(subject_id=clue.pk, subject_type="clues.clue")
    assert deadline.amount == 5
    assert deadline.due_on == date(2026, 6, 8)


def test_assigned_officer_must_belong_to_the_handling_unit(world: ClueWorld, org_world: Any) -> None:
    from zhifa.orgs.tests.factories import OfficerFactory

    clue = clue_accept(actor=Actor.of(world.manager), clue=world.register())
    clue = clue_assign(actor=Actor.of(world.manager), clue=clue, unit=world.child)
    stranger: Any = OfficerFactory(organisation=org_world.sibling)
    with pytest.raises(ValidationError):
        clue_assign_officer(actor=Actor.of(world.child_leader), clue=clue, officer=stranger)
