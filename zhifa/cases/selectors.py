"""Reads of penalty cases. Every read is scoped (zhifa.orgs.scopes) and fails closed; 本人 means the
cases the user handles (CaseHandler)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from zhifa.documents.models import Document
from zhifa.documents.selectors import documents_for_subject
from zhifa.orgs.scopes import access_object, scope_contains, scope_filter
from zhifa.worklist.models import ApprovalRun, Deadline
from zhifa.worklist.selectors import approval_runs_for_subject
from zhifa.worklist.services import deadlines_for_subject

from .choices import OPEN_STATES
from .legal_review import LegalReviewItem, legal_review_items
from .models import Case, CaseEvent, CaseHandler
from .permissions import CasePerm


def handled_by(user: Any) -> Q:
    """本人: the cases `user` handles (one indexed subquery, no join duplicates)."""
    return Q(pk__in=CaseHandler.objects.filter(user_id=user.pk).values("case_id"))


PATHS: dict[str, Any] = {
    "org_path": "organisation_id",
    "region_path": "region_code",
    "owner_path": handled_by,
}


@dataclass(frozen=True)
class CaseFilters:
    q: str = ""  # number, cause or party name
    state: str = ""
    procedure: str = ""
    open_only: bool = False
    organisation: int | None = None
    party: int | None = None
    supervision_flag: bool | None = None


# The columns the case lists show (one page, no deferred loads per row).
LIST_FIELDS = (
    "id",
    "number",
    "procedure",
    "state",
    "cause",
    "party_name",
    "party_kind",
    "organisation_id",
    "organisation__id",
    "organisation__name",
    "region_code",
    "opened_on",
    "decided_on",
    "discovered_on",
    "supervision_flag",
    "version",
    "decided_fine",
    "outcome",
)


def case_list_for_user(user: Any, filters: CaseFilters | None = None) -> QuerySet[Case]:
    f = filters or CaseFilters()
    qs = scope_filter(Case.objects.all(), user=user, perm=CasePerm.VIEW, **PATHS)
    qs = qs.select_related("organisation").only(*LIST_FIELDS)
    if f.q.strip():
        term = f.q.strip()
        qs = qs.filter(Q(number__contains=term) | Q(cause__contains=term) | Q(party_name__contains=term))
    if f.state:
        qs = qs.filter(state=f.state)
    if f.open_only:
        qs = qs.filter(state__in=sorted(OPEN_STATES))
    if f.procedure:
        qs = qs.filter(procedure=f.procedure)
    if f.organisation is not None:
        qs = qs.filter(organisation_id=f.organisation)
    if f.party is not None:
        qs = qs.filter(party_id=f.party)
    if f.supervision_flag is not None:
        qs = qs.filter(supervision_flag=f.supervision_flag)
    return qs.order_by("-id")


def case_get_for_user(user: Any, pk: Any) -> Case:
    """One case the user may view, with what the case page shows (handlers, timeline)."""
    qs = Case.objects.select_related("organisation", "party", "power").prefetch_related(
        Prefetch("handlers", queryset=CaseHandler.objects.select_related("officer").order_by("role", "id")),
        Prefetch("events", queryset=CaseEvent.objects.order_by("occurred_at", "id")),
    )
    return access_object(qs, user=user, perm=CasePerm.VIEW, pk=pk, **PATHS)


def discretion_tiers_for(case: Case) -> list[Any]:
    """The tiers a handler may choose for the case: published standards of its unit or a superior
    unit for the case's power (none without a power: the range is then entered by hand)."""
    from zhifa.legal.models import DiscretionTier
    from zhifa.legal.models.discretion import DiscretionStatus
    from zhifa.orgs.scopes import organisation_ancestor_ids

    if not case.power_id:
        return []
    units = [case.organisation_id, *organisation_ancestor_ids(case.organisation_id)]
    return list(
        DiscretionTier.objects.filter(
            standard__power_id=case.power_id,
            standard__status=DiscretionStatus.PUBLISHED,
            standard__organisation_id__in=units,
        )
        .select_related("standard")
        .order_by("standard_id", "order")
    )


MY_DEADLINES_LIMIT = 50


def my_case_deadlines(user: Any) -> list[Any]:
    """The open deadlines of the cases `user` handles (我的待办), soonest first; one query. Handlers
    are officers of the case's unit (case_register), so the unit's open deadlines are the rows to
    search: the (organisation, state) index keeps this to one unit, not the whole table."""
    from django.db.models import OuterRef, Subquery
    from django.urls import reverse

    from zhifa.worklist.models import Deadline
    from zhifa.worklist.models.deadlines import OPEN_STATES
    from zhifa.worklist.registry import MyDeadline

    cases = Case.objects.filter(pk=OuterRef("subject_id"))
    rows = (
        Deadline.objects.filter(
            organisation_id=user.organisation_id,
            subject_type="cases.case",
            subject_id__in=CaseHandler.objects.filter(user_id=user.pk).values("case_id"),
            state__in=OPEN_STATES,
        )
        .annotate(
            case_number=Subquery(cases.values("number")[:1]), case_cause=Subquery(cases.values("cause")[:1])
        )
        .order_by("due_on", "pk")[:MY_DEADLINES_LIMIT]
    )
    return [
        MyDeadline(
            deadline=d,
            subject_title=f"{d.case_cause}（{d.case_number}）",  # type: ignore[attr-defined]
            url=reverse("cases:detail", args=[d.subject_id]),
        )
        for d in rows
    ]


def case_in_scope(user: Any, case: Case, perm: str, *, handler_user_ids: set[int] | None = None) -> bool:
    owners = handler_user_ids
    if owners is None:
        owners = set(CaseHandler.objects.filter(case=case).values_list("user_id", flat=True))
    return scope_contains(
        user, perm, organisation_id=case.organisation_id, region_code=case.region_code, owner_ids=owners
    )


@dataclass
class CasePage:
    """Everything the case page shows, read in a fixed number of statements (no N+1)."""

    case: Case
    handlers: list[CaseHandler]
    events: list[CaseEvent]
    deadlines: list[Deadline]
    documents: list[Document]
    approvals: list[ApprovalRun] = field(default_factory=list)


def case_page_for_user(user: Any, pk: Any) -> CasePage:
    """The case page's data for a user who may view the case (NotFound otherwise)."""
    case = case_get_for_user(user, pk)
    return CasePage(
        case=case,
        handlers=list(case.handlers.all()),
        events=list(case.events.all()),
        deadlines=deadlines_for_subject(case),
        documents=list(documents_for_subject(case)),
        approvals=approval_runs_for_subject(case),
    )


@dataclass
class LegalReviewQueue:
    """重大法制审核 (处罚法第58条) for a legal reviewer: what waits on them, what will need them, and
    what they have reviewed."""

    pending: list[LegalReviewItem]  # steps the user may decide: cases and the registered sources
    upcoming: list[Case]  # cases with an Art. 58 ground, not yet reviewed, before the decision
    reviewed: list[Case]


UPCOMING_STATES = (
    "investigating",
    "investigation_concluded",
    "in_review",
    "reviewed",
    "notified",
    "hearing_requested",
    "hearing_scheduled",
    "hearing_held",
    "deciding",
)


def pending_case_legal_reviews(user: Any, limit: int) -> list[LegalReviewItem]:
    """The 处罚法第五十八条 reviews waiting on the user (the cases source of legal_review_items)."""
    from django.urls import reverse

    from zhifa.worklist.selectors import pending_approvals_for_user

    runs = list(pending_approvals_for_user(user).filter(approval_type="cases.legal_review")[:limit])
    cases = {
        c.pk: c
        for c in case_list_for_user(user)
        .filter(pk__in=[r.subject_id for r in runs])
        .select_related("organisation")
    }
    return [
        LegalReviewItem(
            run_id=r.pk,
            started_at=r.started_at,
            kind_label="行政处罚",
            title=cases[r.subject_id].cause,
            number=cases[r.subject_id].number,
            party_name=cases[r.subject_id].party_name,
            organisation_name=cases[r.subject_id].organisation.name,
            url=reverse("cases:detail", args=[r.subject_id]),
        )
        for r in runs
        if r.subject_id in cases
    ]


def legal_review_queue_for_user(user: Any, *, limit: int = 50) -> LegalReviewQueue:
    pending = legal_review_items(user, limit=limit)
    grounds = (
        Q(major_public_interest=True)
        | Q(complex_case=True)
        | Q(other_law_review=True)
        | Q(major_rights=True, hearing_concluded_on__isnull=False)
    )
    upcoming = list(
        case_list_for_user(user)
        .filter(grounds, legal_reviewed_on__isnull=True, state__in=UPCOMING_STATES)
        .order_by("opened_on", "id")[:limit]
    )
    reviewed = list(
        case_list_for_user(user)
        .filter(legal_reviewer_id=user.pk)
        .only(*LIST_FIELDS, "legal_reviewed_on")
        .order_by("-legal_reviewed_on", "-id")[:20]
    )
    return LegalReviewQueue(pending=pending, upcoming=upcoming, reviewed=reviewed)
