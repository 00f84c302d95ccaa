"""Reads of the core kernel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import AuditEvent
from .permissions import CorePerm


@dataclass(frozen=True)
class AuditFilters:
    action: str = ""
    subject: str = ""  # "type:id", a subject id or a subject type
    actor: str = ""
    date_from: date | None = None
    date_to: date | None = None


def audit_event_list_for_user(user: Any, filters: AuditFilters | None = None) -> QuerySet[AuditEvent]:
    """Audit events the user may read under `core.audit.view`, newest first.

    Scope (zhifa.orgs.scopes): 全部 sees every event; 本单位 / 本单位及下级 / 自定义 see events whose
    acting user's organisation is in that set; 本人 sees the user's own events. Fails closed.
    """
    from zhifa.orgs.scopes import require_perm, scope_filter

    require_perm(user, CorePerm.AUDIT_VIEW)
    qs = scope_filter(
        AuditEvent.objects.all(),
        user=user,
        perm=CorePerm.AUDIT_VIEW,
        org_path="organisation_id",
        region_path=None,
        owner_path="actor_id",
    )
    f = filters or AuditFilters()
    if f.action:
        qs = qs.filter(action__startswith=f.action)
    if f.subject:
        kind, sep, ident = f.subject.partition(":")
        if sep:
            qs = qs.filter(subject_type=kind.strip(), subject_id=ident.strip())
        else:
            qs = qs.filter(Q(subject_id=f.subject) | Q(subject_type=f.subject))
    if f.actor:
        qs = qs.filter(actor_label=f.actor)
    tz = timezone.get_current_timezone()
    if f.date_from:
        qs = qs.filter(occurred_at__gte=datetime.combine(f.date_from, time.min, tzinfo=tz))
    if f.date_to:
        qs = qs.filter(occurred_at__lt=datetime.combine(f.date_to + timedelta(days=1), time.min, tzinfo=tz))
    return qs.order_by("-seq")
