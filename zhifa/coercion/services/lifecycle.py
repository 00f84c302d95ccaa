"""A measure in force: the one extension (强制法第二十五条第一款、第二款; 冻结: 第三十二条), testing time
that does not count (第二十五条第三款) and the release (第二十八条; 冻结: 第三十三条)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhifa.core.audit import Actor
from zhifa.core.errors import Conflict, ValidationError
from zhifa.core.workdays import PeriodUnit
from zhifa.worklist.models import ApprovalDecision, ApprovalRun
from zhifa.worklist.services import (
    approval_start,
    deadline_extend,
    deadline_meet_rule,
    deadline_resume_rule,
    deadline_suspend_rule,
    open_deadline,
)

from .. import rules
from ..models import Measure, MeasureKind, MeasureState, ReleaseGround
from .common import locked, require_handler, save
from .measure_papers import issue_extension_notice, issue_release_decision

IN_FORCE = (MeasureState.IN_FORCE, MeasureState.EXTENDED)


def _sync_end(measure: Measure) -> None:
    term = open_deadline(measure, rules.SEIZURE_TERM.code)
    if term is not None:
        measure.ends_on = term.due_on


def measure_extend(*, actor: Actor, user: Any, measure: Measure, reason: str) -> Measure:
    """提请延长: 情况复杂的，经行政机关负责人批准，可以延长，但是延长期限不得超过三十日 — once
    (第二十五条第一款; 冻结: 第三十二条第一款). Put to the head ("coercion.extension")."""
    from .measures import EXTENSION_APPROVAL

    with transaction.atomic():
        row = locked(measure, *IN_FORCE)
        require_handler(user, row)
        if row.extended or row.state != MeasureState.IN_FORCE:
            raise ValidationError("强制措施期限只能延长一次（行政强制法第二十五条第一款）")
        if not reason.strip():
            raise ValidationError("请填写延长理由（情况复杂的具体情形）")
        if row.testing_open:
            raise ValidationError("检测、检验期间期限不计算，请在检测结束后再提请延长")
        today = timezone.localdate()
        if row.ends_on and today > row.ends_on:
            raise ValidationError(
                "强制措施期限已届满，不能延长，应当解除（行政强制法第二十八条第一款第四项）"
            )
        row.extension_reason, row.extension_requested_at = reason.strip(), timezone.now()
        approval_start(
            actor=actor,
            subject=row,
            organisation=row.organisation,
            approval_type=EXTENSION_APPROVAL,
            summary={
                "措施": MeasureKind(row.kind).label,
                "当事人": row.party_name,
                "原届满日": row.ends_on.isoformat() if row.ends_on else "",
                "延长期限": f"{rules.EXTENSION_DAYS}日",
                "延长理由": row.extension_reason,
            },
        )
        return save(actor, row, "extend_request", reason=row.extension_reason)


def extension_finished(*, run: ApprovalRun, actor: Actor) -> None:
    """Approved: the term grows by 30 days (the worklist continues it from its unrolled end) and the
    party is told in writing with the reasons (第二十五条第二款: 延长查封、扣押的决定应当及时书面告知
    当事人，并说明理由) — recorded as notified_on, the day of the decision."""
    last = ApprovalDecision.objects.filter(run=run).order_by("-step_index").first()
    at = last.decided_at if last else timezone.now()
    measure = Measure.objects.select_for_update().select_related("organisation").get(pk=run.subject_id)
    if run.status != "approved":
        measure.extension_requested_at = None
        save(actor, measure, "extend_refuse", reason=last.comment if last else "")
        return
    term = open_deadline(measure, rules.SEIZURE_TERM.code)
    if term is None:
        raise Conflict("强制措施期限已结束，不能延长")
    original_ends_on = measure.ends_on
    term = deadline_extend(
        actor=actor,
        deadline=term,
        amount=rules.EXTENSION_DAYS,
        unit=PeriodUnit.CALENDAR_DAYS,
        reason=measure.extension_reason or "情况复杂",
        basis=rules.EXTENSION_BASIS[MeasureKind(measure.kind)],
    )
    measure.ends_on = term.due_on
    measure.extended, measure.state = True, MeasureState.EXTENDED
    measure.notified_on = timezone.localtime(at).date()
    save(
        actor, measure, "extend", ends_on=term.due_on.isoformat(), notified_on=measure.notified_on.isoformat()
    )
    issue_extension_notice(actor, measure, original_ends_on)  # 04.07, served on the party (第二十五条第二款)


def extension_withdrawn(*, run: ApprovalRun, actor: Actor) -> None:
    measure = Measure.objects.select_for_update().get(pk=run.subject_id)
    measure.extension_requested_at = None
    save(actor, measure, "extend_withdraw")


def measure_testing_start(
    *, actor: Actor, user: Any, measure: Measure, what: str, on: date | None = None
) -> Measure:
    """检测、检验、检疫或者技术鉴定: its time is not counted in the term (第二十五条第三款); the period
    must be told to the party in writing (SAMR程序规定第三十八条第三款). The term's clock stops."""
    on = on or timezone.localdate()
    with transaction.atomic():
        row = locked(measure, *IN_FORCE)
        require_handler(user, row)
        if not what.strip():
            raise ValidationError("请填写检测、检验、检疫或者技术鉴定事项")
        if row.testing_open:
            raise Conflict("已有进行中的检测、检验期间")
        if row.started_at and on < timezone.localtime(row.started_at).date():
            raise ValidationError("检测开始日不能早于强制措施实施日")
        deadline_suspend_rule(
            actor=actor,
            subject=row,
            rule_code=rules.SEIZURE_TERM.code,
            reason=f"检测、检验：{what.strip()}（行政强制法第二十五条第三款）"[:200],
            on=on,
        )
        row.testing_periods = [
            *row.testing_periods,
            {"what": what.strip()[:200], "started_on": on.isoformat(), "ended_on": None},
        ]
        _sync_end(row)
        return save(actor, row, "testing_start", what=what.strip(), on=on.isoformat())


def measure_testing_end(*, actor: Actor, user: Any, measure: Measure, on: date | None = None) -> Measure:
    """The testing ends: the term runs again and its last day moves by the days it stood still."""
    on = on or timezone.localdate()
    with transaction.atomic():
        row = locked(measure, *IN_FORCE)
        require_handler(user, row)
        if not row.testing_open:
            raise Conflict("没有进行中的检测、检验期间")
        periods = [dict(p) for p in row.testing_periods]
        current = periods[-1]
        if on < date.fromisoformat(current["started_on"]):
            raise ValidationError("检测结束日不能早于开始日")
        current["ended_on"] = on.isoformat()
        row.testing_periods = periods
        deadline_resume_rule(actor=actor, subject=row, rule_code=rules.SEIZURE_TERM.code, on=on)
        _sync_end(row)
        return save(
            actor,
            row,
            "testing_end",
            on=on.isoformat(),
            ends_on=row.ends_on.isoformat() if row.ends_on else None,
        )


def measure_release(
    *, actor: Actor, user: Any, measure: Measure, ground: str, note: str = "", on: date | None = None
) -> Measure:
    """解除 (第二十八条第一款; 冻结: 第三十三条): the date and the ground recorded; the term's clock (and,
    after a refused after-the-fact approval, the release-now clock of 第十九条) is met."""
    on = on or timezone.localdate()
    with transaction.atomic():
        row = locked(measure, *IN_FORCE, MeasureState.REFUSED_AFTER)
        require_handler(user, row)
        if ground not in ReleaseGround.values:
            raise ValidationError("请选择解除理由（行政强制法第二十八条）")
        if row.started_at and on < timezone.localtime(row.started_at).date():
            raise ValidationError("解除日期不能早于实施日期")
        if row.testing_open:
            periods = [dict(p) for p in row.testing_periods]
            periods[-1]["ended_on"] = on.isoformat()
            row.testing_periods = periods
        for code in (rules.SEIZURE_TERM.code, rules.RELEASE_NOW.code):
            deadline_meet_rule(actor=actor, subject=row, rule_code=code, on=on)
        row.state, row.released_on = MeasureState.RELEASED, on
        row.release_reason, row.release_note = ground, note.strip()
        save(actor, row, "release", ground=ground, on=on.isoformat())
        issue_release_decision(actor, row)  # 04.09 解除决定书
        return row
