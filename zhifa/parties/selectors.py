"""Reads on the party library. Every read is scoped (zhifa.orgs.scopes) and fails closed."""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Q, QuerySet

from zhifa.core.crypto_fields import blind_index, normalise_identity
from zhifa.core.scopes import DataScope
from zhifa.orgs.scopes import access_object, has_perm, scope_filter, scope_kinds

from .choices import PartyStatus
from .models import SCOPE_PATHS, Party
from .permissions import PartyPerm
from .search import filter_name_contains, result_cap

_CODE_LIKE = re.compile(r"^[0-9A-Za-z\-\s]{8,30}$")
LIST_FIELDS_DEFERRED = ("id_number_cipher", "legal_rep_id_cipher", "name_grams")
MAX_CODE_HITS = 200  # one person can represent many companies


def looks_like_code(q: str) -> bool:
    """A search box entry that is a code (USCC, ID number, 注册号 …) rather than a name."""
    return bool(_CODE_LIKE.match(q.strip())) and any(c.isdigit() for c in q)


def scoped_parties(user: Any, perm: str = PartyPerm.VIEW) -> QuerySet[Party]:
    return scope_filter(Party.objects.all(), user=user, perm=perm, **SCOPE_PATHS)


def code_match(code: str) -> Q | None:
    """Exact match on the code columns the input's shape can fill (None: not a code).

    USCC (18 characters, validated), ID number (blind index, party or legal representative —
    any document type), 工商注册号 (13/15 digits historically; any input but an 18-character one,
    which is a USCC or an ID number) and 组织机构代码 (9 characters, validated). The mostly empty
    registration columns repeat their partial index's condition so the index serves them."""
    value = normalise_identity(code)
    if not value:
        return None
    index = blind_index(value)
    match = Q(id_number_index=index) | Q(legal_rep_id_index=index)
    if len(value) == 18:
        match |= Q(uscc=value)
    else:
        match |= Q(business_reg_no=value) & ~Q(business_reg_no="")
    if len(value) == 9:
        match |= Q(org_code=value) & ~Q(org_code="")
    return match


def code_q(qs: QuerySet[Party], code: str) -> QuerySet[Party]:
    """`qs` restricted to the parties holding `code` (see code_match).

    The code is looked up on the whole table first (each OR branch has its own index, a handful of
    rows at most) and `qs` (scope, filters) applies to those rows by primary key — so no planner
    ever walks a big scope (本人 of an importing account …) to test the OR."""
    match = code_match(code)
    if match is None:
        return qs.none()
    return qs.filter(pk__in=Party.objects.filter(match).values("pk")[:MAX_CODE_HITS])


def _broad(user: Any, perm: str) -> bool:
    """The user's scope for `perm` spans much of the table (全部, 本区域)."""
    return bool(scope_kinds(user, perm) & {DataScope.ALL, DataScope.REGION})


def party_result_cap(q: str | None) -> int | None:
    """How many of a name search's matches the lists show and count: the newest `result_cap(q)`
    (None: no name search — a code lookup or no `q`)."""
    if not q or not q.strip() or looks_like_code(q):
        return None
    return result_cap(q)


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
    (or, when it looks like a code, an exact code lookup); `region` a GB/T 2260 prefix.

    A name search is ordered by the search itself (do not re-order it); callers list and count
    at most `party_result_cap(q)` rows of it."""
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
    qs = qs.order_by("-id")
    if q and q.strip():
        if looks_like_code(q):
            qs = code_q(qs, q)
        else:
            # A region filter or narrower scope makes the newest matches sparse: walk the scope.
            broad = _broad(user, perm) and not (region or "").strip()
            qs = filter_name_contains(qs, q, broad=broad)
    return qs


def party_export_for_user(user: Any, **filters: Any) -> QuerySet[Party]:
    """Rows for the CSV export: within both the view and the export scope (PermissionDenied
    without parties.party.export)."""
    from zhifa.orgs.scopes import require_perm

    require_perm(user, PartyPerm.EXPORT)
    qs = party_list_for_user(user, **filters)
    return qs.filter(pk__in=scoped_parties(user, PartyPerm.EXPORT).values("pk"))


def party_find_by_code(user: Any, code: str) -> Party | None:
    """Exact lookup by USCC, identity number (blind index) or registration code within the
    user's view scope; an active party wins over a merged one, then the oldest. One query: with
    全部 the code indexes are the scope; otherwise code_q looks the code up before the scope
    applies. The few matches are ranked here (an ORDER BY costs more to compile than to run)."""
    if not has_perm(user, PartyPerm.VIEW):
        return None
    match = code_match(code)
    if match is None:
        return None
    if DataScope.ALL in scope_kinds(user, PartyPerm.VIEW):
        qs = Party.objects.filter(match)
    else:
        qs = code_q(scoped_parties(user), code)
    found = list(qs.select_related("organisation").order_by()[:MAX_CODE_HITS])
    return min(found, key=lambda p: (p.status, p.pk), default=None)


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
