"""文号 allocation: gap-free per organisation, 字 and year (RECORDS §4.1), inside the issuing
transaction. The sequence row is created race-safely (INSERT … ON CONFLICT DO NOTHING) and then
locked with SELECT … FOR UPDATE; on SQLite the IMMEDIATE transaction already serialises writers.
A rollback later in the transaction (render failure, signing failure) gives the number back."""

from __future__ import annotations

from django.db.models import Q

from zhifa.orgs.models import Organisation

from ..models import DEFAULT_NUMBER_PATTERN, DocumentNumberSequence, NumberingFormat


def allocate_seq(*, organisation: Organisation, number_kind: str, year: int) -> int:
    """Next 序号; call inside transaction.atomic()."""
    DocumentNumberSequence.objects.bulk_create(
        [DocumentNumberSequence(organisation=organisation, number_kind=number_kind, year=year, last_seq=0)],
        ignore_conflicts=True,
    )
    row = DocumentNumberSequence.objects.select_for_update().get(
        organisation=organisation, number_kind=number_kind, year=year
    )
    row.last_seq += 1
    row.save(update_fields=["last_seq"])
    return row.last_seq


def number_pattern(organisation: Organisation, number_kind: str) -> str:
    """Most specific NumberingFormat: (unit, 字) → (unit, any) → (default, 字) → (default, any)."""
    rows = NumberingFormat.objects.filter(
        Q(organisation=organisation) | Q(organisation__isnull=True), number_kind__in=[number_kind, ""]
    ).values_list("organisation_id", "number_kind", "pattern")
    best: tuple[int, str] | None = None
    for org_id, kind, pattern in rows:
        rank = (0 if org_id else 2) + (0 if kind else 1)
        if best is None or rank < best[0]:
            best = (rank, pattern)
    return best[1] if best else DEFAULT_NUMBER_PATTERN


def format_number(organisation: Organisation, number_kind: str, year: int, seq: int) -> str:
    pattern = number_pattern(organisation, number_kind)
    return pattern.format(
        org_abbr=organisation.short_name or organisation.name,
        kind=number_kind,
        year=year,
        seq=seq,
        seq3=f"{seq:03d}",
    )
