"""Reads of coercive measures, each scoped (fails closed): the unit's measures by the data scope of
coercion.measure.view; an officer (本人) sees the measures they started or whose case they handle."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from zhifa.cases.models import CaseHandler
from zhifa.core.errors import NotFound
from zhifa.orgs.scopes import scope_q

from .models import Measure, MeasureState
from .permissions import CoercionPerm

EXPIRING_DAYS = 7  # "即将到期" filter of the list


def _owned(user: Any) -> Q:
    return Q(created_by_id=user.pk) | Q(
        case_id__in=CaseHandler.objects.filter(user_id=user.pk).values("case_id")
    )


def _visible(user: Any) -> Q:
    return scope_q(
        user, CoercionPerm.VIEW, org_path="organisation_id", region_path="region_code", owner_path=_owned
    )


def measure_list_for_user(
    user: Any, *, kind: str = "", state: str = "", expiring: bool = False, today: date | None = None
) -> QuerySet[Measure]:
    qs = Measure.objects.filter(_visible(user)).select_related("organisation")
    if kind:
        qs = qs.filter(kind=kind)
    if state:
        qs = qs.filter(state=state)
    if expiring:
        today = today or timezone.localdate()
        qs = qs.filter(
            state__in=(MeasureState.IN_FORCE, MeasureState.EXTENDED),
            ends_on__lte=today + timedelta(days=EXPIRING_DAYS),
        ).order_by("ends_on", "id")
        return qs
    return qs.order_by("-id")


def measure_get_for_user(user: Any, pk: Any) -> Measure:
    row = (
        Measure.objects.filter(_visible(user))
        .select_related("organisation", "case", "party")
        .filter(pk=pk)
        .first()
    )
    if row is None:
        raise NotFound()
    return row


def measures_for_case(case: Any) -> list[Measure]:
    return list(Measure.objects.filter(case=case).order_by("-id"))
