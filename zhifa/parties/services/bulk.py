"""Fast path for millions of parties (demo city generator, 商事主体库 import).

Rows are validated with the same rules as `party_register` (unless `validate=False` for rows the
caller already produced valid), ciphertext, blind index and masked forms are precomputed, and
rows go in with `bulk_create` in batches. Duplicates (same USCC, or an active natural person with
the same ID number) are skipped by the database constraints. No per-row history is written; one
audit event records the batch.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import Max

from zhifa.core.audit import Actor, audit_append
from zhifa.orgs.models import Organisation, Region

from ..models import Party
from ..rules import CleanParty, clean_party
from .registration import apply_clean, region_code_from_uscc

_CLEAN_KEYS = frozenset(CleanParty.__dataclass_fields__)


def _region_lookup() -> dict[str, int]:
    return dict(Region.objects.values_list("code", "pk"))


def _region_for(
    clean: CleanParty, organisation: Organisation, regions: dict[str, int]
) -> tuple[int | None, str]:
    for code in (clean.region_code, region_code_from_uscc(clean.uscc)):
        for prefix in dict.fromkeys(code[:n] for n in (12, 9, 6, 4, 2) if len(code) >= n):
            if prefix in regions:
                return regions[prefix], prefix
    return organisation.region_id, organisation.region_code


def party_bulk_create(
    rows: Iterable[Mapping[str, Any]],
    *,
    organisation: Organisation,
    created_by: Any = None,
    actor: Actor | None = None,
    batch_size: int = 5000,
    validate: bool = True,
) -> int:
    """Insert parties from `rows` (dicts with the keys of `party_register`'s data: kind, name,
    uscc, id_type, id_number, legal_rep_*, address, phone, region_code, industry_code,
    enterprise_status, source …; unknown keys are ignored; an explicit `region_id` with
    `region_code` skips the region lookup) for `organisation`. Returns the number of rows inserted.
    With `validate=False` the rows must already be normalised (keys of `rules.CleanParty`).

    Each batch commits on its own (a failure keeps earlier batches); a row failing validation
    raises ImportFailed-style ValidationError naming its 1-based position before its batch is
    written. Region codes missing from the region table fall back to their nearest known prefix,
    then to the organisation's region.
    """
    from zhifa.core.errors import ImportFailed, ValidationError

    regions: dict[str, int] | None = None  # loaded on the first row without a resolved region
    created_by_id = getattr(created_by, "pk", created_by)
    actor = actor or Actor.system("party_bulk_create")
    # Rows get ids above the current maximum: counting those is O(inserted), not O(table).
    max_before = Party.objects.aggregate(m=Max("pk"))["m"] or 0
    batch: list[Party] = []
    position = 0

    def flush() -> None:
        if batch:
            with transaction.atomic():
                Party.objects.bulk_create(batch, batch_size=batch_size, ignore_conflicts=True)
            batch.clear()

    for position, row in enumerate(rows, start=1):
        try:
            clean = (
                clean_party(row) if validate else CleanParty(**{k: row[k] for k in _CLEAN_KEYS & row.keys()})
            )
        except ValidationError as exc:
            raise ImportFailed(
                f"{exc.message} {exc.fields}", file="party_bulk_create", line=position
            ) from exc
        if row.get("region_id") and clean.region_code:  # caller resolved the region already
            region_id, region_code = row["region_id"], clean.region_code
        else:
            regions = regions if regions is not None else _region_lookup()
            region_id, region_code = _region_for(clean, organisation, regions)
        party = Party(
            organisation=organisation,
            created_by_id=created_by_id,
            region_id=region_id,
            region_code=region_code,
        )
        apply_clean(party, clean, keep_blank_identity=False)
        if not validate:
            party.birth_date, party.sex = clean.birth_date, clean.sex
        batch.append(party)
        if len(batch) >= batch_size:
            flush()
    flush()
    inserted = Party.objects.filter(pk__gt=max_before).count()
    with transaction.atomic():
        audit_append(
            actor=actor,
            action="parties.party.bulk_create",
            subject=organisation,
            payload={"rows": position, "inserted": inserted, "organisation_id": organisation.pk},
        )
    return inserted
