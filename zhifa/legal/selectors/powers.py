"""Reads of the power list (权责清单), scoped by `legal.power.view` on the owning organisation.

Paths: org_path="organisation_id", region_path="region_code", owner_path=None — a 本人 (self) scope
grants no power rows (powers belong to units, not people), so it fails closed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch, reverse

from zhifa.orgs.models import Organisation
from zhifa.orgs.scopes import access_object, has_perm, scope_filter, scope_q

from ..models import BatchState, Power, PowerBasis, PowerChangeBatch, PowerVersion
from ..permissions import LegalPerm

POWER_PATHS: dict[str, str | None] = {
    "org_path": "organisation_id",
    "region_path": "region_code",
    "owner_path": None,
}


def org_in_scope(user: Any, perm: str, organisation_id: int | None) -> bool:
    """Whether `user` holds `perm` with a data scope covering this organisation."""
    if organisation_id is None or not has_perm(user, perm):
        return False
    q = scope_q(user, perm, org_path="id", region_path="region_code", owner_path=None)
    return Organisation.objects.filter(q, pk=organisation_id).exists()


@dataclass(frozen=True)
class PowerFilters:
    code: str = ""
    name: str = ""
    kind: str = ""
    domain: int | None = None
    organisation: int | None = None
    status: str = ""
    may_involve_crime: bool | None = None


def power_list_for_user(user: Any, filters: PowerFilters | None = None) -> QuerySet[Power]:
    """职权查询: by code, name, kind and domain (spec/02 §1.3.2 行政职权查询)."""
    f = filters or PowerFilters()
    qs = scope_filter(
        Power.objects.select_related("organisation", "domain", "current_version"),
        user=user,
        perm=LegalPerm.POWER_VIEW,
        **POWER_PATHS,
    )
    if f.code:
        qs = qs.filter(code__icontains=f.code.strip())
    if f.name:
        qs = qs.filter(name__icontains=f.name.strip())
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.domain:
        qs = qs.filter(domain_id=f.domain)
    if f.organisation:
        qs = qs.filter(organisation_id=f.organisation)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.may_involve_crime is not None:
        qs = qs.filter(may_involve_crime=f.may_involve_crime)
    return qs.order_by("code")


def power_get_for_user(user: Any, pk: Any) -> Power:
    return access_object(
        Power.objects.select_related("organisation", "domain", "current_version"),
        user=user,
        perm=LegalPerm.POWER_VIEW,
        pk=pk,
        **POWER_PATHS,
    )


def power_versions(power: Power) -> QuerySet[PowerVersion]:
    return power.versions.select_related("batch", "created_by").order_by("-number")


def power_version_get_for_user(user: Any, pk: Any) -> PowerVersion:
    """A version of a power the user may see (cases cite versions)."""
    version = PowerVersion.objects.select_related("power").filter(pk=pk).first()
    if version is None:
        from zhifa.core.errors import NotFound

        raise NotFound()
    power_get_for_user(user, version.power_id)
    return version


def article_url(article_id: int | None) -> str | None:
    """The law library's article page (legal:article_detail), when that page exists."""
    if article_id is None:
        return None
    for name, kwargs in (
        ("legal:article_detail", {"article_id": article_id}),
        ("legal:article", {"pk": article_id}),
    ):
        try:
            return reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    return None


def basis_rows(version: PowerVersion | None) -> list[dict[str, Any]]:
    """The basis of a version with links into the law library (or text when not linked)."""
    if version is None:
        return []
    rows = []
    bases = version.bases.select_related("article", "paragraph", "item", "article__version__law")
    for basis in bases:
        text = basis.text or (basis.article.text if basis.article else "")
        rows.append(
            {"basis": basis, "url": article_url(basis.article_id), "label": basis_label(basis), "text": text}
        )
    return rows


def basis_label(basis: PowerBasis) -> str:
    title = basis.law_title
    if not title and basis.article:
        title = f"《{basis.article.version.law}》"
    provision = basis.provision or (basis.article.label if basis.article else "")
    if basis.paragraph and not basis.provision:
        provision += f"第{basis.paragraph.number}款"
    if basis.item and not basis.provision:
        provision += basis.item.label
    return f"{title}{provision}"


# --- change batches ------------------------------------------------------------------------------

BATCH_PATHS: dict[str, str | None] = {
    "org_path": "organisation_id",
    "region_path": "region_code",
    "owner_path": "created_by_id",
}


def power_batch_list_for_user(user: Any, *, state: str = "") -> QuerySet[PowerChangeBatch]:
    """Change batches are internal work of editors and approvers: those of the units in their edit
    or approval scope, plus the user's own batches. Readers of the (published) list see none."""
    if not (has_perm(user, LegalPerm.POWER_EDIT) or has_perm(user, LegalPerm.POWER_APPROVE)):
        return PowerChangeBatch.objects.none()
    q = (
        scope_q(user, LegalPerm.POWER_EDIT, **BATCH_PATHS)
        | scope_q(user, LegalPerm.POWER_APPROVE, **BATCH_PATHS)
        | Q(created_by_id=user.pk)
    )
    qs = PowerChangeBatch.objects.filter(q).select_related(
        "organisation", "created_by", "submitted_by", "decided_by"
    )
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("-created_at", "-id")


def power_batch_get_for_user(user: Any, pk: Any) -> PowerChangeBatch:
    batch = power_batch_list_for_user(user).filter(pk=pk).first()
    if batch is None:
        from zhifa.core.errors import NotFound

        raise NotFound()
    return batch


def power_batch_available_actions(user: Any, batch: PowerChangeBatch) -> set[str]:
    """Buttons to show: add / submit (editors of the unit); approve / reject (approvers other than
    the submitter)."""
    actions: set[str] = set()
    if batch.state == BatchState.DRAFT and org_in_scope(user, LegalPerm.POWER_EDIT, batch.organisation_id):
        actions.add("add")
        if batch.drafts.exists():
            actions.add("submit")
    if (
        batch.state == BatchState.SUBMITTED
        and batch.submitted_by_id != user.pk
        and org_in_scope(user, LegalPerm.POWER_APPROVE, batch.organisation_id)
    ):
        actions.update({"approve", "reject"})
    return actions
