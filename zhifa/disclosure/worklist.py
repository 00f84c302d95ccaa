"""公示 clocks on 我的待办: the publications the user may act on that are due to be published within
DUE_SOON_DAYS or overdue (P3/P4, SAMR Art. 9), and the revoked ones still to be withdrawn (D15).
The clocks are columns of the publication (a sweep creates thousands of rows at once: no Deadline
row per publication); the worklist's deadline source shows them in its own table, as transient
Deadline objects with the badge of their date."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from .models import Publication, PublicationState
from .permissions import PUBLISH_PERM_BY_KIND
from .rules import WITHDRAW_BASIS
from .selectors.officer import DUE_SOON_DAYS, scoped

LIMIT = 50


def _manageable(user: Any) -> Q:
    q = Q(pk__in=[])
    for kind, perm in PUBLISH_PERM_BY_KIND.items():
        q |= Q(kind=kind) & scoped(user, perm)
    return q


def my_publication_deadlines(user: Any) -> list[Any]:
    from zhifa.worklist.models import Deadline
    from zhifa.worklist.registry import MyDeadline
    from zhifa.worklist.rules import state_for

    if not getattr(user, "is_authenticated", False):
        return []
    today = timezone.localdate()
    horizon = today + timedelta(days=DUE_SOON_DAYS)
    open_states = (PublicationState.PENDING, PublicationState.PUBLISHED)
    rows = (
        Publication.objects.filter(_manageable(user))
        .filter(
            Q(state=PublicationState.PENDING, due_on__lte=horizon)
            | Q(state__in=open_states, withdraw_due_on__isnull=False)
        )
        .only("pk", "kind", "state", "number", "title", "party_name", "due_on", "withdraw_due_on")
        .order_by("due_on", "pk")[:LIMIT]
    )
    out = []
    for p in rows:
        withdraw = p.withdraw_due_on is not None
        due_on = p.withdraw_due_on or p.due_on
        clock = Deadline(
            pk=-p.pk,  # transient: never saved
            title="撤回公示（3个工作日）" if withdraw else "公示期限",
            basis=WITHDRAW_BASIS if withdraw else "",
            due_on=due_on,
            due_soon_days=DUE_SOON_DAYS,
            state=state_for(due_on, today, DUE_SOON_DAYS),
        )
        out.append(
            MyDeadline(
                deadline=clock,
                subject_title=f"{p.get_kind_display()}公示：{p.party_name}（{p.number or p.title}）",
                url=reverse("disclosure:detail", args=[p.pk]),
            )
        )
    return out
