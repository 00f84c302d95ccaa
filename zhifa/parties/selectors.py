"""Reads on the party library. Every read is scoped (zhifa.orgs.scopes) and fails closed."""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Q, QuerySet

from zhifa.core.crypto_fields import blind_index, normalise_identity
from zhifa.orgs.scopes import access_object, has_perm, scope_filter

from .choices import PartyStatus
from .models import SCOPE_PATHS, Party
from .permissions import PartyPerm
from .search import filter_name_contains

_CODE_LIKE = re.compile(r"^[0-9A-Za-z\-\s]{8,30}$")
LIST_FIELDS_DEFERRED = ("id_number_cipher", "legal_rep_id_cipher")
MAX_CODE_HITS = 200  # one person can represent many companies


def looks_like_code(q: str) -> bool:
    """A search box entry that is a code (USCC, ID number, 注册号 …) rather than a name."""
    return bool(_CODE_LIKE.match(q.strip())) and any(c.isdigit() for c in q)


def scoped_parties(user: Any, perm: str = PartyPerm.VIEW) -> QuerySet[Party]:
    return scope_filter(Party.objects.all(), user=user, perm=perm, **SCOPE_PATHS)


def code_q(qs: QuerySet[Party], code: str) -> QuerySet[Party]:
    """Exact match on any indexed code: USCC, ID number (blind index, party or legal
    representative), 工商注册号, 组织机构代码.

    The code is looked up on the whole table first (each OR branch has its own index, a handful of
    rows at most), then `qs` (scope, filters) is applied to those rows by primary key — so no
    planner ever scans a big scope to test the OR."""
    value = normalise_identity(code)
    if not value:
        return qs.none()
    index = blind_index(value)
    candidates = list(
        Party.objects.filter(
            Q(uscc=value)
            | Q(id_number_index=index)
            | Q(legal_rep_id_index=index)
            | Q(business_reg_no=value)
            | Q(org_code=value)
        ).values_list("pk", flat=True)[:MAX_CODE_HITS]
    )
    return qs.filter(pk__in=candidates)


def party_list_for_user(
    user: Any,
    *,
    q: str | None = None,
    code: str | None = None,
    kind: str | None = None,
    region: str | None = None,
    enterprise_status: str | None = None,
    source: str | None = None,
    industry: str | None = None,
    include_merged: bool = False,
    perm: str = PartyPerm.VIEW,
) -> QuerySet[Party]:
    """Parties `user` may see under `perm`, filtered; newest first. `q` is a name substring
    (or, when it looks like a code, an exact code lookup); `region` a GB/T 2260 prefix."""
    qs = scoped_parties(user, perm).defer(*LIST_FIELDS_DEFERRED).select_related("organisation")
    if not include_merged:
        qs = qs.filter(status=PartyStatus.ACTIVE)
    if code and code.strip():
        qs = code_q(qs, code)
    if kind:
        qs = qs.filter(kind=kind)
    if region:
        qs = qs.filter(region_code__startswith=region.strip())
    if enterprise_status:
        qs = qs.filter(enterprise_status=enterprise_status)
    if source:
        qs = qs.filter(source=source)
    if industry:
        qs = qs.filter(industry_code__startswith=industry.strip().upper())
    if q and q.strip():  # last: the SQLite name search looks at the already-filtered set
        qs = code_q(qs, q) if looks_like_code(q) else filter_name_contains(qs, q)
    return qs.order_by("-id")


def party_export_for_user(user: Any, **filters: Any) -> QuerySet[Party]:
    """Rows for the CSV export: within both the view and the export scope (PermissionDenied
    without parties.party.export)."""
    from zhifa.orgs.scopes import require_perm

    require_perm(user, PartyPerm.EXPORT)
    qs = party_list_for_user(user, **filters)
    return qs.filter(pk__in=scoped_parties(user, PartyPerm.EXPORT).values("pk"))


def party_find_by_code(user: Any, code: str) -> Party | None:
    """Exact lookup by USCC or identity number (blind index) within the user's view scope;
    an active party wins over a merged one."""
    if not has_perm(user, PartyPerm.VIEW):
        return None
    qs = code_q(scoped_parties(user), code).select_related("organisation")
    return qs.order_by("status", "pk").first()


def party_detail_for_user(user: Any, pk: Any) -> Party:
    """One party the user may view (NotFound when missing or outside scope)."""
    return access_object(
        Party.objects.select_related("organisation", "merged_into", "region"),
        user=user,
        perm=PartyPerm.VIEW,
        pk=pk,
        **SCOPE_PATHS,
    )


def party_for_manage(user: Any, pk: Any) -> Party:
    """One party the user may edit or merge (parties.party.manage within scope)."""
    return access_object(
        Party.objects.select_related("organisation"), user=user, perm=PartyPerm.MANAGE, pk=pk, **SCOPE_PATHS
    )


def can_view_identity(user: Any, party: Party | None = None) -> bool:
    """Holds parties.party.view_identity (and, with a party, has it in scope)."""
    if not has_perm(user, PartyPerm.VIEW_IDENTITY):
        return False
    if party is None:
        return True
    return scoped_parties(user, PartyPerm.VIEW_IDENTITY).filter(pk=party.pk).exists()


def identity_visible_ids(user: Any, parties: list[Party]) -> set[int]:
    """Of `parties`, those whose names/contacts the user may see unmasked (view_identity in scope)."""
    if not parties or not has_perm(user, PartyPerm.VIEW_IDENTITY):
        return set()
    ids = [p.pk for p in parties]
    return set(scoped_parties(user, PartyPerm.VIEW_IDENTITY).filter(pk__in=ids).values_list("pk", flat=True))
