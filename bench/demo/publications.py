"""The demo city's 执法公示: run the disclosure sweep over the demo caseload (and any demo
inspections or coercion) exactly as the hourly job would, then publish — through the publish
service, masking check included — the pending publications whose deadline has come, as the units'
officers would have done on the day each was due (the publication time is set to that day, so the
portal's newest-first order is the decisions' order), then take down what has expired since. The
newest decisions stay pending (待审核公示) for the officer pages.

Natural persons are about a fifth of the demo parties (bench.demo.people.KIND_WEIGHTS), so part of
the published penalties are on natural persons and appear masked (张**, 4403**********0014).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from zhifa.core.audit import Actor
from zhifa.core.errors import ApplicationError
from zhifa.disclosure.models import Publication, PublicationChange, PublicationState
from zhifa.disclosure.services import publication_collect, publication_publish, publication_take_down_expired

ACTOR = Actor.system("seed_demo")
PUBLISH_LIMIT = (
    5000  # publish through the service at most this many (larger caseloads: the rest stay pending)
)
KEEP_PENDING_DAYS = 3  # decisions whose deadline is this close stay pending for review


def roles_sync(log: Callable[[str], None] = lambda _: None) -> dict[str, list[str]]:
    """Give seeded roles the disclosure codenames ROLE_SPECS grants them (a demo city built before
    the disclosure app has roles without them), through role_update (audited). Only adds."""
    from zhifa.orgs.models import Role
    from zhifa.orgs.roles import ROLE_SPECS
    from zhifa.orgs.services.roles import role_update

    added: dict[str, list[str]] = {}
    rows = {r.code: r for r in Role.objects.filter(code__in=[s.code for s in ROLE_SPECS])}
    for spec in ROLE_SPECS:
        row = rows.get(spec.code)
        if row is None:
            continue
        wanted = {str(p) for p in spec.permissions if str(p).startswith("disclosure.")}
        missing = sorted(wanted - set(row.permissions))
        if missing:
            role_update(actor=ACTOR, role=row, changes={"permissions": sorted({*row.permissions, *missing})})
            added[spec.code] = missing
            log(f"roles: {spec.code} gains {', '.join(missing)}")
    return added


def _date_publications(rows: list[tuple[int, dt.date]]) -> None:
    """Demo only: the publication time of each row (and its 操作记录 entry) on the day it was due,
    10:00 Beijing time, instead of the moment the seed ran — the portal lists newest first."""
    with transaction.atomic():
        for pk, day in rows:
            at = dt.datetime.combine(day, dt.time(10), tzinfo=ZoneInfo("Asia/Shanghai"))
            Publication.objects.filter(pk=pk).update(published_at=at)
            PublicationChange.objects.filter(publication_id=pk, field="state").update(changed_at=at)


def seed_publications(
    *, today: dt.date | None = None, limit: int = PUBLISH_LIMIT, log: Callable[[str], None] = lambda _: None
) -> dict[str, Any]:
    """Collect, then publish the due pending publications (oldest first, at most `limit`)."""
    today = today or timezone.localdate()
    started = time.perf_counter()
    with transaction.atomic():
        roles_sync(log)
    collected = publication_collect(actor=ACTOR, today=today)
    log(f"publications: {collected['created']} collected ({collected['pending']} pending)")
    cutoff = today + dt.timedelta(days=KEEP_PENDING_DAYS)
    due = Publication.objects.filter(state=PublicationState.PENDING, due_on__lt=cutoff).order_by(
        "due_on", "pk"
    )
    published, refused = [], 0
    for pk, due_on in list(due.values_list("pk", "due_on")[:limit]):
        try:  # reviewed and published on its due day, as a unit keeping its deadlines would have
            publication_publish(actor=ACTOR, publication_id=pk, version=None, today=min(due_on, today))
            published.append((pk, min(due_on, today)))
        except ApplicationError:
            refused += 1
    _date_publications(published)
    expired = publication_take_down_expired(actor=ACTOR, today=today)["expired"]
    log(f"publications: {len(published)} published, {expired} since expired")
    by_state = dict(Publication.objects.order_by().values_list("state").annotate(n=Count("id")))
    return {
        "collected": collected["created"],
        "published": len(published),
        "expired": expired,
        "refused": refused,
        "by_state": by_state,
        "seconds": round(time.perf_counter() - started, 1),
    }
