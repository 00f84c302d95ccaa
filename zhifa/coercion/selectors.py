"""Reads of coercive measures, each scoped (fails closed): the unit's measures by the data scope of
coercion.measure.view; an officer (本人) sees the measures they started or whose case they handle."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import CharField, F, Q, QuerySet, Value
from django.utils import timezone

from zhifa.cases.models import CaseHandler
from zhifa.cases.permissions import CasePerm
from zhifa.core.errors import NotFound
from zhifa.orgs.scopes import scope_q

from .models import Enforcement, EnforcementKind, EnforcementState, Measure, MeasureKind, MeasureState
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


# --- 行政强制执行 -------------------------------------------------------------------------------


def _enforcement_owned(user: Any) -> Q:
    return Q(created_by_id=user.pk) | Q(
        case_id__in=CaseHandler.objects.filter(user_id=user.pk).values("case_id")
    )


def _enforcement_visible(user: Any) -> Q:
    """coercion.measure.view by its data scope; a legal reviewer (cases.legal_review.perform) also sees
    the enforcements of the units in the reviewer's scope, to review the major decisions."""
    view = scope_q(
        user,
        CoercionPerm.VIEW,
        org_path="organisation_id",
        region_path="region_code",
        owner_path=_enforcement_owned,
    )
    review = scope_q(
        user, CasePerm.LEGAL_REVIEW, org_path="organisation_id", region_path="region_code", owner_path=None
    )
    return view | review


def enforcement_list_for_user(
    user: Any, *, kind: str = "", state: str = "", organisation: int | None = None
) -> QuerySet[Enforcement]:
    qs = Enforcement.objects.filter(_enforcement_visible(user)).select_related("organisation")
    if kind:
        qs = qs.filter(kind=kind)
    if state:
        qs = qs.filter(state=state)
    if organisation:
        qs = qs.filter(organisation_id=organisation)
    return qs.order_by("-id")


def enforcement_get_for_user(user: Any, pk: Any) -> Enforcement:
    row = (
        Enforcement.objects.filter(_enforcement_visible(user))
        .select_related("organisation", "case", "party", "created_by", "legal_reviewer")
        .filter(pk=pk)
        .first()
    )
    if row is None:
        raise NotFound()
    return row


def enforcements_for_case(case: Any) -> list[Enforcement]:
    return list(Enforcement.objects.filter(case=case).order_by("-id"))


# The coercion case list (spec/02 §1.1.7): measures and enforcements in one table, by kind, state and
# unit. Kinds and states carry the row type ("measure:seize", "enforcement:demanded").
LIST_KINDS = [(f"measure:{v}", label) for v, label in MeasureKind.choices] + [
    (f"enforcement:{v}", label) for v, label in EnforcementKind.choices
]
LIST_STATES = [(f"measure:{v}", f"强制措施·{label}") for v, label in MeasureState.choices] + [
    (f"enforcement:{v}", f"强制执行·{label}") for v, label in EnforcementState.choices
]


def coercion_case_list_for_user(
    user: Any, *, kind: str = "", state: str = "", organisation: int | None = None
) -> QuerySet[Any]:
    """One union over both tables (each scoped), newest first, as dicts for the list page."""
    text = CharField()
    wanted = {part.split(":", 1)[0] for part in (kind, state) if part}
    if len(wanted) > 1:
        return Measure.objects.none().values("pk")
    measures = Measure.objects.filter(_visible(user))
    enforcements = Enforcement.objects.filter(_enforcement_visible(user))
    if organisation:
        measures = measures.filter(organisation_id=organisation)
        enforcements = enforcements.filter(organisation_id=organisation)
    for value in (kind, state):
        if not value:
            continue
        table, code = value.split(":", 1) if ":" in value else ("", value)
        column = "kind" if value == kind else "state"
        if table == "measure":
            measures = measures.filter(**{column: code})
            enforcements = enforcements.none()
        elif table == "enforcement":
            enforcements = enforcements.filter(**{column: code})
            measures = measures.none()
    columns = ("row_type", "pk", "party_name", "case_number", "kind", "state", "org_name", "started")
    m = measures.annotate(
        row_type=Value("measure", output_field=text),
        org_name=F("organisation__name"),
        started=F("requested_at"),
    ).values_list(*columns)
    e = enforcements.annotate(
        row_type=Value("enforcement", output_field=text),
        org_name=F("organisation__name"),
        started=F("created_at"),
    ).values_list(*columns)
    return m.union(e, all=True).order_by("-started", "-pk")


LABELS = {
    "measure": (dict(MeasureKind.choices), dict(MeasureState.choices)),
    "enforcement": (dict(EnforcementKind.choices), dict(EnforcementState.choices)),
}


def coercion_row(values: tuple[Any, ...]) -> dict[str, Any]:
    row_type, pk, party_name, case_number, kind, state, org_name, started = values
    kinds, states = LABELS[row_type]
    return {
        "type": row_type,
        "type_label": "强制措施" if row_type == "measure" else "强制执行",
        "pk": pk,
        "party_name": party_name,
        "case_number": case_number,
        "kind": kinds.get(kind, kind),
        "state": states.get(state, state),
        "org_name": org_name,
        "started": started,
    }


def coercion_legal_review_queue_for_user(user: Any, *, limit: int = 50) -> list[tuple[Any, Enforcement]]:
    """Pending 法制审核 of major 强制执行决定 in the user's queue and scope: (approval run, enforcement)."""
    from zhifa.worklist.selectors import pending_approvals_for_user

    from .services import MAJOR_DECISION_APPROVAL

    runs = list(
        pending_approvals_for_user(user)
        .filter(approval_type=MAJOR_DECISION_APPROVAL, current_step=0)
        .order_by("started_at", "pk")[:limit]
    )
    rows = {
        e.pk: e
        for e in Enforcement.objects.filter(_enforcement_visible(user))
        .filter(pk__in=[r.subject_id for r in runs])
        .select_related("organisation")
    }
    return [(r, rows[r.subject_id]) for r in runs if r.subject_id in rows]


def pending_coercion_legal_reviews(user: Any, limit: int) -> list[Any]:
    """The coercion source of the 重大法制审核 list (zhifa.cases.legal_review)."""
    from django.urls import reverse

    from zhifa.cases.legal_review import LegalReviewItem

    return [
        LegalReviewItem(
            run_id=run.pk,
            started_at=run.started_at,
            kind_label="行政强制执行",
            title=f"{row.get_kind_display()}强制执行决定",
            number=row.case_number or row.decision_number,
            party_name=row.party_name,
            organisation_name=row.organisation.name,
            url=reverse("coercion:enforcement_detail", args=[row.pk]),
        )
        for run, row in coercion_legal_review_queue_for_user(user, limit=limit)
    ]
