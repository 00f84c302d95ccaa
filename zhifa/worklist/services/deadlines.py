"""Writes of legal clocks (ARCHITECTURE §5). Every due date comes from `rules.compute_due`; every
write is atomic and audited; a working-day count in a year without a holiday schedule raises
`CalendarYearUnknown` and nothing is written (RULES rule 6)."""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from zhifa.core.audit import Actor, audit_append
from zhifa.core.errors import CalendarYearUnknown, Conflict, ValidationError
from zhifa.core.workdays import PeriodUnit
from zhifa.orgs.models import Organisation

from ..models import (
    OPEN_STATES,
    Deadline,
    DeadlineAlertSetting,
    DeadlineExtension,
    DeadlineState,
    DeadlineSuspension,
)
from ..rules import DeadlineRule, Interval, PeriodSpec, compute_due, state_for
from .common import subject_columns, subject_ref

logger = logging.getLogger("zhifa.worklist.deadlines")

RUNNING_STATES = (DeadlineState.RUNNING, DeadlineState.DUE_SOON, DeadlineState.OVERDUE)


def _payload(deadline: Deadline, **extra: Any) -> dict[str, Any]:
    return {
        "subject": f"{deadline.subject_type}:{deadline.subject_id}",
        "rule_code": deadline.rule_code,
        "due_on": deadline.due_on.isoformat(),
        "state": deadline.state,
        **extra,
    }


def _lock(deadline: Deadline) -> Deadline:
    return Deadline.objects.select_for_update().get(pk=deadline.pk)


def _require_open(deadline: Deadline) -> None:
    if deadline.state not in OPEN_STATES:
        raise Conflict(f"期限“{deadline.title}”已{deadline.get_state_display()}，不能再变更")


def _recompute(deadline: Deadline, *, today: date | None = None) -> None:
    """Set due_on / provisional / state of an open deadline from its rows (no save)."""
    today = today or timezone.localdate()
    result = compute_due(
        amount=deadline.amount,
        unit=deadline.unit,
        started_on=deadline.started_on,
        extensions=[PeriodSpec(e.amount, e.unit) for e in deadline.extensions.all()],
        suspensions=[Interval(s.started_on, s.ended_on) for s in deadline.suspensions.all()],
        today=today,
    )
    deadline.due_on = result.due_on
    deadline.provisional = result.provisional
    if result.suspended:
        deadline.state = DeadlineState.SUSPENDED
    else:
        deadline.state = state_for(result.due_on, today, deadline.due_soon_days)
    deadline.updated_at = timezone.now()


def _save(deadline: Deadline) -> None:
    deadline.save(update_fields=["due_on", "provisional", "state", "met_on", "updated_at"])


def open_deadline(subject: models.Model, rule_code: str) -> Deadline | None:
    ref = subject_ref(subject)
    return Deadline.objects.filter(
        subject_type=ref.subject_type, subject_id=ref.subject_id, rule_code=rule_code, state__in=OPEN_STATES
    ).first()


def deadlines_for_subject(subject: models.Model) -> list[Deadline]:
    ref = subject_ref(subject)
    return list(
        Deadline.objects.filter(subject_type=ref.subject_type, subject_id=ref.subject_id).order_by(
            "due_on", "pk"
        )
    )


def due_soon_days_for(rule: DeadlineRule) -> int:
    setting = DeadlineAlertSetting.objects.filter(rule_code=rule.code).values_list("due_soon_days", flat=True)
    return next(iter(setting), rule.due_soon_days)


def deadline_start(
    *, actor: Actor, subject: models.Model, organisation: Organisation, rule: DeadlineRule, started_on: date
) -> Deadline:
    """Start the clock of `rule` for `subject` triggered on `started_on` (the period runs from the day
    after). Idempotent: while one is open for this subject and rule, that one is returned unchanged."""
    existing = open_deadline(subject, rule.code)
    if existing is not None:
        return existing
    result = compute_due(amount=rule.amount, unit=rule.unit, started_on=started_on)  # fails closed
    today = timezone.localdate()
    due_soon_days = due_soon_days_for(rule)
    try:
        with transaction.atomic():
            deadline = Deadline.objects.create(
                **subject_columns(subject, organisation),
                rule_code=rule.code,
                title=rule.title,
                basis=rule.basis,
                amount=rule.amount,
                unit=PeriodUnit(rule.unit).value,
                started_on=started_on,
                due_on=result.due_on,
                provisional=result.provisional,
                due_soon_days=due_soon_days,
                state=state_for(result.due_on, today, due_soon_days),
            )
            audit_append(
                actor=actor,
                action="worklist.deadline.start",
                subject=deadline,
                payload=_payload(
                    deadline,
                    started_on=started_on.isoformat(),
                    amount=rule.amount,
                    unit=str(rule.unit),
                    basis=rule.basis,
                ),
            )
    except IntegrityError:  # started concurrently: the partial unique index kept one open clock
        existing = open_deadline(subject, rule.code)
        if existing is None:
            raise
        return existing
    return deadline


def deadline_suspend(*, actor: Actor, deadline: Deadline, reason: str, on: date) -> Deadline:
    """The period stops running from `on` (RULES 0.8: 中止, 听证, 公告, 检测 … are not counted)."""
    reason = reason.strip()
    if not reason:
        raise ValidationError("请填写中止原因", fields={"reason": ["必填"]})
    with transaction.atomic():
        deadline = _lock(deadline)
        _require_open(deadline)
        if deadline.state == DeadlineState.SUSPENDED:
            raise Conflict(f"期限“{deadline.title}”已中止计算")
        if on < deadline.started_on:
            raise ValidationError("中止日不能早于起算日", fields={"on": [f"起算日为{deadline.started_on}"]})
        last = deadline.suspensions.order_by("-ended_on").values_list("ended_on", flat=True).first()
        if last is not None and on < last:
            raise ValidationError("中止日不能早于上次恢复日", fields={"on": [f"上次恢复日为{last}"]})
        DeadlineSuspension.objects.create(
            deadline=deadline, reason=reason[:200], started_on=on, created_by_id=actor.id
        )
        before = deadline.due_on
        _recompute(deadline)
        _save(deadline)
        audit_append(
            actor=actor,
            action="worklist.deadline.suspend",
            subject=deadline,
            payload=_payload(deadline, on=on.isoformat(), reason=reason, due_before=before.isoformat()),
        )
    return deadline


def deadline_resume(*, actor: Actor, deadline: Deadline, on: date) -> Deadline:
    """The period runs again from `on`; the due date moves by the time suspended."""
    with transaction.atomic():
        deadline = _lock(deadline)
        if deadline.state != DeadlineState.SUSPENDED:
            raise Conflict(f"期限“{deadline.title}”未处于中止状态")
        suspension = deadline.suspensions.filter(ended_on__isnull=True).order_by("-started_on").first()
        if suspension is None:  # pragma: no cover - state and rows agree by construction
            raise Conflict("未找到进行中的中止记录")
        if on < suspension.started_on:
            raise ValidationError("恢复日不能早于中止日", fields={"on": [f"中止日为{suspension.started_on}"]})
        suspension.ended_on = on
        suspension.save(update_fields=["ended_on"])
        before = deadline.due_on
        _recompute(deadline)
        _save(deadline)
        audit_append(
            actor=actor,
            action="worklist.deadline.resume",
            subject=deadline,
            payload=_payload(
                deadline,
                on=on.isoformat(),
                suspended_from=suspension.started_on.isoformat(),
                due_before=before.isoformat(),
            ),
        )
    return deadline


def deadline_extend(
    *, actor: Actor, deadline: Deadline, amount: int, unit: PeriodUnit, reason: str, basis: str
) -> Deadline:
    """An approved extension (e.g. SAMR Art. 64: +30 日 with the head's approval), approved_by = actor."""
    if amount <= 0:
        raise ValidationError("延长期限须为正数", fields={"amount": ["请输入大于0的数"]})
    if not reason.strip() or not basis.strip():
        raise ValidationError("请填写延长理由和依据", fields={"reason": ["必填"], "basis": ["必填"]})
    unit = PeriodUnit(unit)
    with transaction.atomic():
        deadline = _lock(deadline)
        _require_open(deadline)
        DeadlineExtension.objects.create(
            deadline=deadline,
            amount=amount,
            unit=unit.value,
            reason=reason.strip()[:200],
            basis=basis.strip()[:200],
            approved_by_id=actor.id,
        )
        before = deadline.due_on
        _recompute(deadline)
        _save(deadline)
        audit_append(
            actor=actor,
            action="worklist.deadline.extend",
            subject=deadline,
            payload=_payload(
                deadline,
                amount=amount,
                unit=unit.value,
                reason=reason,
                basis=basis,
                due_before=before.isoformat(),
            ),
        )
    return deadline


def deadline_meet(*, actor: Actor, deadline: Deadline, on: date) -> Deadline:
    """The act the clock waited for was done on `on` (in time or late: compare met_on with due_on)."""
    with transaction.atomic():
        deadline = _lock(deadline)
        _require_open(deadline)
        deadline.suspensions.filter(ended_on__isnull=True).update(ended_on=on)
        deadline.state = DeadlineState.MET
        deadline.met_on = on
        deadline.updated_at = timezone.now()
        _save(deadline)
        audit_append(
            actor=actor,
            action="worklist.deadline.meet",
            subject=deadline,
            payload=_payload(deadline, met_on=on.isoformat(), late=on > deadline.due_on),
        )
    return deadline


def deadline_cancel(*, actor: Actor, deadline: Deadline, reason: str) -> Deadline:
    with transaction.atomic():
        deadline = _lock(deadline)
        _require_open(deadline)
        deadline.state = DeadlineState.CANCELLED
        deadline.updated_at = timezone.now()
        _save(deadline)
        audit_append(
            actor=actor,
            action="worklist.deadline.cancel",
            subject=deadline,
            payload=_payload(deadline, reason=reason),
        )
    return deadline


def deadline_meet_rule(*, actor: Actor, subject: models.Model, rule_code: str, on: date) -> Deadline | None:
    deadline = open_deadline(subject, rule_code)
    return None if deadline is None else deadline_meet(actor=actor, deadline=deadline, on=on)


def deadline_cancel_rule(
    *, actor: Actor, subject: models.Model, rule_code: str, reason: str
) -> Deadline | None:
    deadline = open_deadline(subject, rule_code)
    return None if deadline is None else deadline_cancel(actor=actor, deadline=deadline, reason=reason)


def deadline_suspend_rule(
    *, actor: Actor, subject: models.Model, rule_code: str, reason: str, on: date
) -> Deadline | None:
    deadline = open_deadline(subject, rule_code)
    if deadline is None or deadline.state == DeadlineState.SUSPENDED:
        return deadline
    return deadline_suspend(actor=actor, deadline=deadline, reason=reason, on=on)


def deadline_resume_rule(
    *, actor: Actor, subject: models.Model, rule_code: str, on: date, reason: str = ""
) -> Deadline | None:
    deadline = open_deadline(subject, rule_code)
    if deadline is None or deadline.state != DeadlineState.SUSPENDED:
        return deadline
    return deadline_resume(actor=actor, deadline=deadline, on=on)


def deadline_alert_setting_set(*, actor: Actor, rule_code: str, due_soon_days: int) -> DeadlineAlertSetting:
    """Admin: the yellow lead of one rule; applies to its open deadlines at once (one UPDATE)."""
    if not 0 <= due_soon_days <= 365:
        raise ValidationError("提前提醒天数应在0–365之间", fields={"due_soon_days": ["0–365"]})
    with transaction.atomic():
        setting, _ = DeadlineAlertSetting.objects.update_or_create(
            rule_code=rule_code, defaults={"due_soon_days": due_soon_days, "updated_at": timezone.now()}
        )
        changed = Deadline.objects.filter(rule_code=rule_code, state__in=OPEN_STATES).update(
            due_soon_days=due_soon_days
        )
        audit_append(
            actor=actor,
            action="worklist.deadline_alert_setting.set",
            subject=setting,
            payload={"rule_code": rule_code, "due_soon_days": due_soon_days, "open_deadlines": changed},
        )
    return setting


# --- periodic jobs ----------------------------------------------------------------------------------


def deadlines_refresh(*, today: date | None = None) -> dict[str, Any]:
    """Set-based colour refresh of running clocks (no per-row loop): one UPDATE for overdue, then two
    per distinct yellow lead (a handful: rules share 3 days unless configured)."""
    today = today or timezone.localdate()
    now = timezone.now()
    running = Deadline.objects.filter(state__in=RUNNING_STATES)
    with transaction.atomic():
        counts = {"overdue": 0, "due_soon": 0, "running": 0}
        counts["overdue"] = (
            running.filter(due_on__lt=today)
            .exclude(state=DeadlineState.OVERDUE)
            .update(state=DeadlineState.OVERDUE, updated_at=now)
        )
        leads = sorted(set(running.order_by().values_list("due_soon_days", flat=True).distinct()))
        for lead in leads:
            group = running.filter(due_soon_days=lead)
            horizon = today + timedelta(days=lead)
            counts["due_soon"] += (
                group.filter(due_on__gte=today, due_on__lte=horizon)
                .exclude(state=DeadlineState.DUE_SOON)
                .update(state=DeadlineState.DUE_SOON, updated_at=now)
            )
            counts["running"] += (
                group.filter(due_on__gt=horizon)
                .exclude(state=DeadlineState.RUNNING)
                .update(state=DeadlineState.RUNNING, updated_at=now)
            )
        if any(counts.values()):
            audit_append(
                actor=Actor.system("scheduler"),
                action="worklist.deadline.refresh",
                payload={**counts, "today": today.isoformat()},
            )
    return {**counts, "today": today.isoformat()}


def deadlines_recompute(*, year: int | None = None, today: date | None = None) -> int:
    """Recompute due dates of open deadlines after a holiday-calendar change (only those whose span
    touches `year` when given). Returns how many due dates moved. A row whose working-day count now
    hits an uncovered year is left unchanged (fail closed) and logged."""
    qs = Deadline.objects.filter(state__in=OPEN_STATES).prefetch_related("extensions", "suspensions")
    if year is not None:
        qs = qs.filter(started_on__lte=date(year, 12, 31), due_on__gte=date(year - 1, 1, 1))
    moved = 0
    for deadline in qs.order_by("pk"):
        before = (deadline.due_on, deadline.state, deadline.provisional)
        try:
            _recompute(deadline, today=today)
        except CalendarYearUnknown as exc:
            logger.warning("期限%s无法重算：%s", deadline.pk, exc.message)
            continue
        if (deadline.due_on, deadline.state, deadline.provisional) == before:
            continue
        with transaction.atomic():
            _save(deadline)
            audit_append(
                actor=Actor.system("calendar"),
                action="worklist.deadline.recompute",
                subject=deadline,
                payload=_payload(deadline, due_before=before[0].isoformat()),
            )
        moved += before[0] != deadline.due_on
    return moved


def deadlines_recompute_if_calendar_changed() -> int | None:
    """Recompute when core's CalendarVersion token moved since the last look (None: unchanged)."""
    from zhifa.core.models import CalendarVersion

    from ..models import WorklistCalendarSeen

    token = CalendarVersion.objects.filter(pk=1).values_list("token", flat=True).first() or ""
    seen, _ = WorklistCalendarSeen.objects.get_or_create(pk=1)
    if seen.token == token:
        return None
    moved = deadlines_recompute()
    WorklistCalendarSeen.objects.filter(pk=1).update(token=token, recomputed_at=timezone.now())
    return moved
