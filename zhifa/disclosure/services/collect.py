"""The sweeps run by the scheduler: collect new publications (set-based, idempotent) and take down
those whose period has ended."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from zhifa.core.audit import Actor, audit_append
from zhifa.core.errors import ApplicationError

from ..config import ConfigCache
from ..models import Publication, PublicationChange, PublicationState
from ..planning import build_publication
from ..sources import SOURCES

logger = logging.getLogger("zhifa.disclosure")

BATCH = 500
AUDIT_IDS_CAP = 1000  # an audit payload lists at most this many ids (the count is always exact)
TAKE_DOWN_NOTE = "公示期满，自动撤下"
SYSTEM = Actor.system("disclosure")


def publication_collect(
    *,
    actor: Actor = SYSTEM,
    today: date | None = None,
    labels: tuple[str, ...] | None = None,
    batch_size: int = BATCH,
) -> dict[str, Any]:
    """Create the publication of every source record that has taken effect and has none yet:
    PENDING for an officer's review (with its deadline: P3/P4, SAMR Art. 9), or EXEMPT with the
    rule that excludes it (minors, warning-only and summary under SAMR Art. 2, 轻微 under 36号令, a
    period already over). Set-based: one query finds the candidates of a batch, a few read their
    documents and names, one bulk INSERT writes them; the unique (subject_type, subject_id)
    constraint makes a concurrent or repeated sweep harmless. One audit event per sweep.

    Returns {"created": n, "pending": n, "exempt": n, "by_source": {label: n}, "provisional": n}."""
    today = today or timezone.localdate()
    cache = ConfigCache()
    counts: dict[str, Any] = {"created": 0, "pending": 0, "exempt": 0, "provisional": 0, "errors": 0}
    counts.update(messages=[], by_source={})
    first_id = Publication.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    for label, source in SOURCES.items():
        if labels is not None and label not in labels:
            continue
        made = 0
        last_pk = 0
        while True:
            rows = list(source.candidates().filter(pk__gt=last_pk).order_by("pk")[:batch_size])
            if not rows:
                break
            last_pk = rows[-1].pk
            publications = []
            for record in source.records(rows):
                try:
                    publications.append(build_publication(record, cache, today=today))
                except (ApplicationError, LookupError) as exc:  # a gap in the configuration
                    counts["errors"] += 1
                    if len(counts["messages"]) < 5:
                        counts["messages"].append(f"{record.subject_type}:{record.subject_id} {exc}")
            with transaction.atomic():
                Publication.objects.bulk_create(publications, ignore_conflicts=True)
            made += len(publications)
            for p in publications:
                counts["pending" if p.state == PublicationState.PENDING else "exempt"] += 1
                counts["provisional"] += int(p.due_provisional)
        counts["by_source"][label] = made
        counts["created"] += made
    if counts["created"]:
        new_ids = list(
            Publication.objects.filter(pk__gt=first_id)
            .order_by("pk")
            .values_list("pk", flat=True)[:AUDIT_IDS_CAP]
        )
        with transaction.atomic():
            audit_append(
                actor=actor,
                action="disclosure.publication.collect",
                payload={**counts, "today": today.isoformat(), "ids": new_ids},
            )
    if counts["errors"]:
        logger.error("公示信息生成失败%s条（配置缺失）：%s", counts["errors"], counts["messages"])
    if cache.report.uncovered_years:
        logger.warning("公示时限按周末估算的年份：%s", sorted(cache.report.uncovered_years))
    return counts


def publication_take_down_expired(*, today: date | None = None, actor: Actor = SYSTEM) -> dict[str, Any]:
    """Take down every published row whose period ended before `today` (58号令/36号令: publication
    stops automatically at the maximum; SAMR 公示规定 Art. 13), in one UPDATE; one audit event and
    one PublicationChange per row (set-based INSERT … SELECT via bulk_create of the ids)."""
    today = today or timezone.localdate()
    now = timezone.now()
    with transaction.atomic():
        due = Publication.objects.select_for_update().filter(
            state=PublicationState.PUBLISHED, public_until__lt=today
        )
        ids = list(due.values_list("pk", flat=True))
        if not ids:
            return {"expired": 0}
        Publication.objects.filter(pk__in=ids).update(
            state=PublicationState.EXPIRED,
            ended_at=now,
            end_note=TAKE_DOWN_NOTE,
            updated_at=now,
            version=F("version") + 1,
        )
        PublicationChange.objects.bulk_create(
            [
                PublicationChange(
                    publication_id=pk,
                    field="state",
                    before=PublicationState.PUBLISHED.label,
                    after=PublicationState.EXPIRED.label,
                    reason=TAKE_DOWN_NOTE,
                    actor_id=actor.id,
                    actor_label=actor.label,
                    changed_at=now,
                )
                for pk in ids
            ]
        )
        audit_append(
            actor=actor,
            action="disclosure.publication.expire",
            payload={"expired": len(ids), "today": today.isoformat(), "ids": ids[:AUDIT_IDS_CAP]},
        )
    return {"expired": len(ids)}


def publication_recompute_provisional(*, actor: Actor = SYSTEM) -> int:
    """Recount the deadlines counted in a year without a holiday schedule (weekends only) once that
    year is loaded (RULES rule 6: a provisional date is never left standing)."""
    rows = list(
        Publication.objects.filter(due_provisional=True, state=PublicationState.PENDING).values_list(
            "pk", "kind", "decided_on", "region_code", "sector", "due_on"
        )
    )
    if not rows:
        return 0
    cache = ConfigCache()
    moved = 0
    by_due: dict[Any, list[int]] = {}  # one UPDATE per new due date, not per row
    for pk, kind, decided_on, region_code, sector, due_on in rows:
        spec = cache.deadline(kind, decided_on, region_code, sector)
        new_due, provisional = cache.due_on(decided_on, spec.amount, spec.unit)
        if provisional:
            continue
        by_due.setdefault(new_due, []).append(pk)
        moved += int(new_due != due_on)
    with transaction.atomic():
        now = timezone.now()
        for new_due, pks in by_due.items():
            Publication.objects.filter(pk__in=pks, due_provisional=True).update(
                due_on=new_due, due_provisional=False, updated_at=now
            )
        if moved:
            audit_append(actor=actor, action="disclosure.publication.recompute", payload={"moved": moved})
    return moved
