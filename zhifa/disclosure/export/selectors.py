"""Reads of the 双公示 export: the penalty publications a user may export, and their CF records
built in chunks (one query for the publications, one for their parties, agencies cached)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import QuerySet

from zhifa.disclosure.models import Publication, PublicationKind, PublicationState
from zhifa.orgs.choices import OrganisationKind
from zhifa.orgs.models import Organisation
from zhifa.orgs.scopes import organisation_subtree_ids, require_perm, scope_filter
from zhifa.parties.models import Party

from .cf import CfRecord, agency_of, build_cf_record
from .permissions import ExportPerm

CHUNK_SIZE = 1000
# Publication rows scope by their agency (本单位/及下级/自定义) and their place (本区域); they have
# no owner, so 本人 grants nothing (fail closed).
SCOPE_PATHS: dict[str, Any] = {
    "org_path": "organisation_id",
    "region_path": "region_code",
    "owner_path": None,
}
PARTY_FIELDS = (
    "id",
    "kind",
    "name",
    "uscc",
    "business_reg_no",
    "org_code",
    "tax_reg_no",
    "institution_cert_no",
    "social_org_reg_no",
    "id_type",
    "id_number_masked",
    "legal_rep_name",
    "legal_rep_id_type",
    "legal_rep_id_masked",
)


def export_publications(
    *,
    user: Any | None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    organisation_ids: Iterable[int] | None = None,
) -> QuerySet[Publication]:
    """Published penalty publications decided in [date_from, date_to] (CF_JDRQ), of the given
    agencies, within `user`'s data scope for `disclosure.export.run` (user None: a system job,
    every agency). Withdrawn, expired, repaired and exempt rows are never exported."""
    qs = Publication.objects.filter(kind=PublicationKind.PENALTY, state=PublicationState.PUBLISHED)
    if user is not None:
        require_perm(user, ExportPerm.RUN)
        qs = scope_filter(qs, user=user, perm=ExportPerm.RUN, **SCOPE_PATHS)
    if date_from:
        qs = qs.filter(decided_on__gte=date_from)
    if date_to:
        qs = qs.filter(decided_on__lte=date_to)
    if organisation_ids is not None:
        qs = qs.filter(organisation_id__in=sorted(set(organisation_ids)))
    return qs.defer("search_grams")


def unit_ids(organisation_id: int, *, include_children: bool) -> list[int]:
    return organisation_subtree_ids(organisation_id) if include_children else [organisation_id]


def export_units_for_user(user: Any) -> QuerySet[Organisation]:
    """The agencies `user` may export (the unit picker): enforcement bodies in the data scope."""
    require_perm(user, ExportPerm.RUN)
    qs = Organisation.objects.exclude(kind=OrganisationKind.SUPERVISORY_BODY).filter(is_active=True)
    return scope_filter(
        qs, user=user, perm=ExportPerm.RUN, org_path="pk", region_path="region_code", owner_path=None
    ).order_by("region_code", "name")


def iter_sources(
    queryset: QuerySet[Publication], *, chunk_size: int = CHUNK_SIZE
) -> Iterator[tuple[Publication, Party | None, Organisation]]:
    """(publication, its party or None, its 处罚机关) for every row of `queryset`, in id order,
    `chunk_size` rows at a time (keyset on id: constant memory for any number of rows; one query
    for the parties of a chunk, agencies read once)."""
    agencies: dict[int, Organisation] = {}
    last = 0
    while True:
        chunk = list(queryset.filter(pk__gt=last).order_by("pk")[:chunk_size])
        if not chunk:
            return
        last = chunk[-1].pk
        party_ids = {p.party_id for p in chunk if p.party_id}
        parties = Party.objects.only(*PARTY_FIELDS).in_bulk(party_ids) if party_ids else {}
        missing = {p.organisation_id for p in chunk} - agencies.keys()
        if missing:
            for org in Organisation.objects.select_related("entrusted_by").filter(pk__in=missing):
                agencies[org.pk] = org
        for publication in chunk:
            party = parties.get(publication.party_id) if publication.party_id else None
            yield publication, party, agency_of(agencies[publication.organisation_id])


def iter_cf_records(
    queryset: QuerySet[Publication],
    *,
    data_source: Organisation | None = None,
    chunk_size: int = CHUNK_SIZE,
    today: dt.date | None = None,
) -> Iterator[CfRecord]:
    """Every publication of `queryset` as a validated CF record, in id order."""
    for publication, party, agency in iter_sources(queryset, chunk_size=chunk_size):
        yield build_cf_record(publication, party=party, agency=agency, data_source=data_source, today=today)
