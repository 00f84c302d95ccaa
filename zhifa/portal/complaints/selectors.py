"""Reads of public complaints. The public status is always derived from the clue's state (of the
clue it was merged into, when it was: the reporter hears the outcome of the merged handling)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.utils import timezone

from zhifa.clues.models import Clue, ClueReply, ClueReporter
from zhifa.core.identifiers import mask_name, mask_phone

from .choices import PublicStatus
from .digests import secret_digest
from .models import Complaint, ComplaintService, Open311Client
from .rules import (
    API_KEY_CONTEXT,
    STATUS_EXPLANATIONS,
    TRACKING_CONTEXT,
    can_rate,
    normalise_tracking_code,
    public_status,
)

MAX_MERGE_HOPS = 20


def active_services() -> list[ComplaintService]:
    return list(ComplaintService.objects.filter(is_active=True).order_by("sort_order", "code"))


def complaint_by_tracking_code(code: str) -> Complaint | None:
    normalised = normalise_tracking_code(code)
    if not normalised:
        return None
    return (
        Complaint.objects.select_related("clue", "service", "reporter")
        .filter(tracking_index=secret_digest(normalised, context=TRACKING_CONTEXT))
        .first()
    )


def open311_client_for_key(api_key: str) -> Open311Client | None:
    key = (api_key or "").strip()
    if not key:
        return None
    return Open311Client.objects.filter(
        key_hash=secret_digest(key, context=API_KEY_CONTEXT), is_active=True
    ).first()


def effective_clues(clues: Iterable[Clue]) -> dict[int, Clue]:
    """clue id → the clue that now carries it (itself, or the end of its merged_into chain), in one
    query per hop (merges are rare and shallow)."""
    result = {c.pk: c for c in clues}
    pending = {pk: c.merged_into_id for pk, c in result.items() if c.merged_into_id}
    for _ in range(MAX_MERGE_HOPS):
        if not pending:
            break
        targets = Clue.objects.select_related("handling_unit", "organisation").in_bulk(set(pending.values()))
        nxt: dict[int, int] = {}
        for pk, target_id in pending.items():
            target = targets[target_id]
            result[pk] = target
            if target.merged_into_id:
                nxt[pk] = target.merged_into_id
        pending = nxt
    return result


def effective_clue(clue: Clue) -> Clue:
    return effective_clues([clue])[clue.pk]


def expected_dates(clues: Iterable[Clue]) -> dict[int, date]:
    """clue id → the day it is expected to be handled by: the due date of its handling clock
    (worklist Deadline of clues.handling, started on assignment); before assignment, the date the
    configured time limit gives, counted as clue_assign will count it (from the day received). Two
    queries for any number of clues: the deadlines, the time limits."""
    from zhifa.clues.services import DEADLINE_RULE_CODE, time_limit_rule
    from zhifa.core.errors import CalendarYearUnknown
    from zhifa.worklist.models import Deadline
    from zhifa.worklist.rules import compute_due

    clues = list(clues)
    found: dict[int, date] = {}
    rows = (
        Deadline.objects.filter(
            subject_type="clues.clue", subject_id__in=[c.pk for c in clues], rule_code=DEADLINE_RULE_CODE
        )
        .order_by("subject_id", "-pk")
        .values_list("subject_id", "due_on")
    )
    for subject_id, due_on in rows:
        found.setdefault(subject_id, due_on)
    rules: dict[str, Any] = {}
    computed: dict[tuple[str, date], date | None] = {}
    for clue in clues:
        if clue.pk in found or clue.state not in ("registered", "accepted"):
            continue
        if clue.domain not in rules:
            rules[clue.domain] = time_limit_rule(clue.domain)
        rule = rules[clue.domain]
        key = (clue.domain, timezone.localtime(clue.received_at).date())
        if key not in computed:
            try:
                computed[key] = compute_due(amount=rule.amount, unit=rule.unit, started_on=key[1]).due_on
            except CalendarYearUnknown:  # the calendar does not reach that far yet: say nothing
                computed[key] = None
        if computed[key] is not None:
            found[clue.pk] = computed[key]  # type: ignore[assignment]
    return found


def end_of_day(day: date | None) -> datetime | None:
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))


def reporters_reached_bulk(clue_ids: Iterable[int]) -> dict[int, list[ClueReporter]]:
    """clue id → the reporters of that clue and of every clue merged into it (as
    zhifa.clues.selectors.reporters_reached, for many clues in a few queries)."""
    roots = set(clue_ids)
    owner: dict[int, set[int]] = {pk: {pk} for pk in roots}  # clue → the roots it reports to
    frontier = set(roots)
    while frontier:
        merged = list(Clue.objects.filter(merged_into_id__in=frontier).values_list("pk", "merged_into_id"))
        frontier = set()
        for pk, into in merged:
            if pk not in owner:
                owner[pk] = set()
                frontier.add(pk)
            owner[pk] |= owner[into]
    found: dict[int, list[ClueReporter]] = {pk: [] for pk in roots}
    for reporter in ClueReporter.objects.filter(clue_id__in=list(owner)).order_by("clue_id", "pk"):
        for root in owner[reporter.clue_id]:
            found[root].append(reporter)
    return found


def replies_by_reporter(reporter_ids: Iterable[int]) -> dict[int, list[ClueReply]]:
    found: dict[int, list[ClueReply]] = {}
    for reply in ClueReply.objects.filter(reporter_id__in=list(reporter_ids)).order_by("created_at", "pk"):
        found.setdefault(reply.reporter_id, []).append(reply)
    return found


@dataclass(frozen=True)
class TimelineStep:
    label: str
    at: datetime | None


@dataclass(frozen=True)
class TrackingView:
    """What the holder of a tracking code reads: never the clue's internals, never anyone's
    identity but their own contact, masked."""

    complaint: Complaint
    status: PublicStatus
    explanation: str
    merged: bool
    replies: list[ClueReply]
    timeline: list[TimelineStep]
    expected_on: date | None
    can_rate: bool
    contact: str
    description: str

    @property
    def status_label(self) -> str:
        return str(self.status.label)


def _masked_contact(complaint: Complaint) -> str:
    reporter = complaint.reporter
    if reporter is None or reporter.anonymous:
        return "匿名"
    parts = [
        mask_name(reporter.name) if reporter.name else "",
        mask_phone(reporter.phone) if reporter.phone else "",
    ]
    if reporter.email:
        local, _, host = reporter.email.partition("@")
        parts.append(f"{local[:1]}***@{host}")
    return " ".join(p for p in parts if p) or "未留联系方式"


def tracking_view(complaint: Complaint) -> TrackingView:
    from zhifa.clues.selectors import redact_reporters, reporters_reached

    clue = complaint.clue
    current = effective_clue(clue)
    status = public_status(current.state)
    expected = expected_dates([current]).get(current.pk)
    timeline = [
        TimelineStep("提交", complaint.created_at),
        TimelineStep("受理", current.accepted_at),
        TimelineStep("分派办理", current.assigned_at),
        TimelineStep("不予受理" if status == PublicStatus.REJECTED else "办结", current.handled_at),
    ]
    if status == PublicStatus.REJECTED:
        timeline = [timeline[0], timeline[3]]
    reporter_id = complaint.reporter_id or 0
    replies = replies_by_reporter([reporter_id]).get(reporter_id, [])
    return TrackingView(
        complaint=complaint,
        status=status,
        explanation=STATUS_EXPLANATIONS[status],
        merged=current.pk != clue.pk,
        replies=replies,
        timeline=[s for s in timeline if s.at is not None],
        expected_on=expected if status not in (PublicStatus.REJECTED, PublicStatus.CLOSED) else None,
        can_rate=can_rate(status, complaint.rating is not None),
        contact=_masked_contact(complaint),
        description=redact_reporters(clue.content, reporters_reached(clue)),
    )


def complaint_for_clue(clue: Any) -> Complaint | None:
    return (
        Complaint.objects.select_related("service", "client", "reporter")
        .prefetch_related("photos")
        .filter(clue_id=clue.pk)
        .first()
    )
