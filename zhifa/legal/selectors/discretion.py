"""Reads of discretion standards (裁量基准), scoped by `legal.discretion.view`.

A user sees (union):
1. what the data scope of their roles grants (org_path="organisation_id", region_path="region_code",
   owner_path="created_by_id");
2. every standard of their own unit (a unit maintains and uses its own standards, spec/02 表10);
3. the *published* standards of their unit's ancestors — these are the ones a lower unit may claim
   (认领, spec/02 §2.2.4).
Without `legal.discretion.view` nothing is visible (fail closed).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Value

from zhifa.core.errors import NotFound
from zhifa.orgs.choices import OrganisationKind
from zhifa.orgs.models import Organisation
from zhifa.orgs.scopes import NOTHING, has_perm, organisation_ancestor_ids, scope_q

from ..models import (
    DiscretionChangeNotice,
    DiscretionClaim,
    DiscretionStandard,
    DiscretionStatus,
    DiscretionTier,
)
from ..permissions import LegalPerm
from .powers import org_in_scope

STANDARD_PATHS: dict[str, str | None] = {
    "org_path": "organisation_id",
    "region_path": "region_code",
    "owner_path": "created_by_id",
}


def ancestor_ids(organisation_id: int | None) -> list[int]:
    return [] if organisation_id is None else organisation_ancestor_ids(organisation_id)


def discretion_visible_q(user: Any) -> Q:
    if not has_perm(user, LegalPerm.DISCRETION_VIEW):
        return NOTHING
    q = scope_q(user, LegalPerm.DISCRETION_VIEW, **STANDARD_PATHS)
    if not q.children:
        return q  # 全部: Q() would be swallowed by the unions below (Q() | x == x)
    org_id = getattr(user, "organisation_id", None)
    if org_id:
        q |= Q(organisation_id=org_id)
        ancestors = ancestor_ids(org_id)
        if ancestors:
            q |= Q(organisation_id__in=ancestors, status=DiscretionStatus.PUBLISHED)
    return q


@dataclass(frozen=True)
class DiscretionFilters:
    organisation: int | None = None
    power: int | None = None
    status: str = ""
    keyword: str = ""
    category: str = ""
    include_superseded: bool = False
    claimable_only: bool = False


def discretion_list_for_user(
    user: Any, filters: DiscretionFilters | None = None
) -> QuerySet[DiscretionStandard]:
    f = filters or DiscretionFilters()
    qs = DiscretionStandard.objects.filter(discretion_visible_q(user)).select_related("organisation", "power")
    if f.organisation:
        qs = qs.filter(organisation_id=f.organisation)
    if f.power:
        qs = qs.filter(power_id=f.power)
    if f.status:
        qs = qs.filter(status=f.status)
    elif not f.include_superseded:
        qs = qs.exclude(status=DiscretionStatus.SUPERSEDED)
    if f.category:
        qs = qs.filter(category=f.category)
    if f.keyword:
        word = f.keyword.strip()
        qs = qs.filter(
            Q(violation__icontains=word)
            | Q(item_no__iexact=word)
            | Q(penalty_provision__icontains=word)
            | Q(category__icontains=word)
            | Q(power__name__icontains=word)
            | Q(power__code__iexact=word)
        )
    if f.claimable_only:
        qs = qs.filter(
            organisation_id__in=ancestor_ids(getattr(user, "organisation_id", None)),
            status=DiscretionStatus.PUBLISHED,
        )
    return qs.order_by("organisation_id", "category", "id")


def discretion_get_for_user(user: Any, pk: Any) -> DiscretionStandard:
    standard = (
        DiscretionStandard.objects.filter(discretion_visible_q(user), pk=pk)
        .select_related("organisation", "power", "supersedes", "created_by", "approved_by", "published_by")
        .prefetch_related(
            Prefetch("tiers", queryset=DiscretionTier.objects.order_by("order")),
            "factors",
            "penalty_articles",
            "violated_articles",
        )
        .first()
    )
    if standard is None:
        raise NotFound()
    return standard


def discretion_versions(standard: DiscretionStandard, user: Any) -> QuerySet[DiscretionStandard]:
    """Every version of the standard's series the user may see, newest first."""
    return (
        DiscretionStandard.objects.filter(discretion_visible_q(user), series=standard.series)
        .select_related("published_by", "approved_by")
        .order_by("-version")
    )


def can_edit(user: Any, standard: DiscretionStandard) -> bool:
    if not has_perm(user, LegalPerm.DISCRETION_EDIT):
        return False
    if standard.organisation_id == getattr(user, "organisation_id", None):
        return True
    return org_in_scope(user, LegalPerm.DISCRETION_EDIT, standard.organisation_id)


def can_edit_organisation(user: Any, organisation_id: int | None) -> bool:
    if organisation_id is None or not has_perm(user, LegalPerm.DISCRETION_EDIT):
        return False
    return organisation_id == getattr(user, "organisation_id", None) or org_in_scope(
        user, LegalPerm.DISCRETION_EDIT, organisation_id
    )


def supervises(user: Any, organisation: Organisation) -> bool:
    """The user's unit is a supervisory body (司法局) covering this unit: named as its 监督机关, or
    its region contains the unit's region."""
    own = getattr(user, "organisation", None)
    if own is None or own.kind != OrganisationKind.SUPERVISORY_BODY:
        return False
    return organisation.supervised_by_id == own.pk or organisation.region_code.startswith(own.region_code)


def can_approve(user: Any, standard: DiscretionStandard) -> bool:
    """裁量基准审核 (spec/02 §1.3.2): `legal.discretion.approve` over the owning unit, either through the
    role's data scope or as the supervising body; never the submitter (four-eyes)."""
    if not has_perm(user, LegalPerm.DISCRETION_APPROVE):
        return False
    if standard.submitted_by_id is not None and standard.submitted_by_id == user.pk:
        return False
    return org_in_scope(user, LegalPerm.DISCRETION_APPROVE, standard.organisation_id) or supervises(
        user, standard.organisation
    )


def can_manage(user: Any, standard: DiscretionStandard) -> bool:
    """Publish / withdraw: the role's edit scope covers the unit (unit administrators, 司法局), or the
    user may approve it. The own-unit rule of `can_edit` lets officers draft, not publish."""
    return org_in_scope(user, LegalPerm.DISCRETION_EDIT, standard.organisation_id) or can_approve(
        user, standard
    )


def can_claim(user: Any, standard: DiscretionStandard) -> bool:
    if not has_perm(user, LegalPerm.DISCRETION_CLAIM) or standard.status != DiscretionStatus.PUBLISHED:
        return False
    return standard.organisation_id in ancestor_ids(getattr(user, "organisation_id", None))


def active_claim(user: Any, standard: DiscretionStandard) -> DiscretionClaim | None:
    org_id = getattr(user, "organisation_id", None)
    if org_id is None:
        return None
    return DiscretionClaim.objects.filter(organisation_id=org_id, series=standard.series, active=True).first()


def discretion_available_actions(user: Any, standard: DiscretionStandard) -> set[str]:
    """The workflow buttons this user may press on this standard."""
    actions: set[str] = set()
    status = standard.status
    editable = can_edit(user, standard)
    if status == DiscretionStatus.DRAFT and editable:
        actions.update({"edit", "submit"})
    if status == DiscretionStatus.SUBMITTED and can_approve(user, standard):
        actions.update({"approve", "reject"})
    if status == DiscretionStatus.APPROVED and can_manage(user, standard):
        actions.add("publish")
    if status == DiscretionStatus.PUBLISHED:
        if editable:
            actions.add("revise")
        if can_manage(user, standard):
            actions.add("withdraw")
        if can_claim(user, standard):
            claim = active_claim(user, standard)
            if claim is None or claim.claimed_version < standard.version:
                actions.add("claim")
    if active_claim(user, standard) is not None and has_perm(user, LegalPerm.DISCRETION_CLAIM):
        actions.add("unclaim")
    return actions


def claims_for_user(user: Any) -> QuerySet[DiscretionClaim]:
    """Active claims of the user's unit."""
    org_id = getattr(user, "organisation_id", None)
    if org_id is None or not has_perm(user, LegalPerm.DISCRETION_VIEW):
        return DiscretionClaim.objects.none()
    return DiscretionClaim.objects.filter(organisation_id=org_id, active=True).select_related(
        "standard", "standard__organisation"
    )


def notice_visible_q(user: Any) -> Q:
    if not has_perm(user, LegalPerm.DISCRETION_VIEW):
        return NOTHING
    q = scope_q(
        user,
        LegalPerm.DISCRETION_VIEW,
        org_path="organisation_id",
        region_path="region_code",
        owner_path=None,
    )
    if not q.children:
        return q
    org_id = getattr(user, "organisation_id", None)
    if org_id:
        q |= Q(organisation_id=org_id)
    return q


def notice_list_for_user(user: Any, *, unread_only: bool = False) -> QuerySet[DiscretionChangeNotice]:
    """裁量基准变更提醒 of the user's unit (and of units in the user's scope)."""
    qs = DiscretionChangeNotice.objects.filter(notice_visible_q(user)).select_related(
        "organisation", "standard", "standard__organisation", "claim", "read_by"
    )
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-id")


def notice_get_for_user(user: Any, pk: Any) -> DiscretionChangeNotice:
    notice = notice_list_for_user(user).filter(pk=pk).first()
    if notice is None:
        raise NotFound()
    return notice


def with_claimed_flag(qs: QuerySet[DiscretionStandard], user: Any) -> QuerySet[DiscretionStandard]:
    """Annotate `claimed` (the user's unit holds an active claim on the series)."""
    org_id = getattr(user, "organisation_id", None)
    if org_id is None:
        return qs.annotate(claimed=Value(False))
    return qs.annotate(
        claimed=Exists(
            DiscretionClaim.objects.filter(organisation_id=org_id, series=OuterRef("series"), active=True)
        )
    )
