"""线索分派: to a handling unit with a time limit (a worklist deadline), then to an officer."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from zhifa.core.audit import Actor, audit_append
from zhifa.core.errors import ValidationError
from zhifa.core.workdays import PeriodUnit
from zhifa.orgs.models import Officer, Organisation, User
from zhifa.worklist.rules import DeadlineRule
from zhifa.worklist.services import deadline_start, task_create, tasks_close_for_subject

from ..choices import ClueState
from ..models import Clue, ClueTimeLimit
from ..rules import DEFAULT_TIME_LIMIT
from .common import lock, require_state

DEADLINE_RULE_CODE = "clues.handling"


def time_limit_rule(domain: str, *, amount: int | None = None) -> DeadlineRule:
    """The clock for handling a clue: the domain's configured limit (ClueTimeLimit, seeded 市场监管
    15 WD per 市场监督管理行政处罚程序规定 第十八条), else the default row, else 15 WD; an explicit
    `amount` (working days) set by the assigner overrides the figure."""
    row = (
        ClueTimeLimit.objects.filter(domain=domain).first() if domain else None
    ) or ClueTimeLimit.objects.filter(domain="").first()
    figure, unit, basis = (row.amount, row.unit, row.basis) if row else DEFAULT_TIME_LIMIT
    if amount is not None:
        if amount < 1:
            raise ValidationError("办理时限须为正整数")
        figure, unit, basis = amount, PeriodUnit.WORKING_DAYS.value, f"分派时指定（参照{basis}）"
    return DeadlineRule(DEADLINE_RULE_CODE, "线索核查办理期限", figure, PeriodUnit(unit), basis)


def clue_assign(
    *,
    actor: Actor,
    clue: Clue,
    unit: Organisation,
    time_limit_days: int | None = None,
    started_on: date | None = None,
) -> Clue:
    """分派 an accepted clue to `unit`: starts the handling clock (from the day the clue was
    received — SAMR Art. 18 counts from 收到材料) and queues a task for the unit's 负责人."""
    started_on = started_on or timezone.localtime(clue.received_at).date()
    rule = time_limit_rule(clue.domain, amount=time_limit_days)
    with transaction.atomic():
        clue = lock(clue)
        require_state(clue, [ClueState.ACCEPTED], "分派")
        clue.handling_unit = unit
        clue.handling_region_code = unit.region_code
        clue.state = ClueState.ASSIGNED
        clue.assigned_at = timezone.now()
        clue.save(
            update_fields=["handling_unit", "handling_region_code", "state", "assigned_at", "updated_at"]
        )
        deadline = deadline_start(
            actor=actor, subject=clue, organisation=unit, rule=rule, started_on=started_on
        )
        task_create(
            actor=actor,
            subject=clue,
            organisation=unit,
            kind="clue_assign",
            title=f"线索待指定办理人：{clue.number} {clue.violation}"[:200],
            queue_role="team_leader",
            queue_organisation=unit,
            due_on=deadline.due_on,
            url=reverse("clues:detail", args=[clue.pk]),
        )
        audit_append(
            actor=actor,
            action="clues.clue.assign",
            subject=clue,
            payload={
                "unit": unit.pk,
                "amount": rule.amount,
                "unit_of_time": str(rule.unit),
                "basis": rule.basis,
                "due_on": deadline.due_on.isoformat(),
            },
        )
    return clue


def clue_assign_officer(*, actor: Actor, clue: Clue, officer: Officer) -> Clue:
    """The handling unit's 负责人 names the officer who handles the clue."""
    with transaction.atomic():
        clue = lock(clue)
        require_state(clue, [ClueState.ASSIGNED], "指定办理人")
        if officer.organisation_id != clue.handling_unit_id:
            raise ValidationError("办理人须为办理单位的执法人员")
        clue.handling_officer = officer
        clue.handler_user_id = officer.user_id
        clue.save(update_fields=["handling_officer", "handler_user", "updated_at"])
        tasks_close_for_subject(actor=actor, subject=clue, kind="clue_assign")
        if officer.user_id:
            assert clue.handling_unit is not None
            task_create(
                actor=actor,
                subject=clue,
                organisation=clue.handling_unit,
                kind="clue_handle",
                title=f"线索办理：{clue.number} {clue.violation}"[:200],
                assignee=User.objects.get(pk=officer.user_id),
                url=reverse("clues:detail", args=[clue.pk]),
            )
        audit_append(
            actor=actor, action="clues.clue.assign_officer", subject=clue, payload={"officer": officer.pk}
        )
    return clue
