"""Where publications come from: penalty cases whose decision has taken effect, finished
inspections, coercive measures taken and enforcement decisions made. One adapter per source label
(the core subjects registry's), each able to

* list the rows that should have a publication and have none yet (`candidates`, set-based),
* read a batch of rows into `SourceRecord`s — the unmasked facts plus the names of the other natural
  persons the system knows for that record (witnesses, recipients, evidence providers) — with a
  fixed number of queries per batch,
* say whose record it is (本人 scope) and where its page is.

The disclosure app sits above cases, inspections and coercion (ARCHITECTURE §3) and reads them here
only; it never writes them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from zhifa.documents.models import Document, DocumentStatus, ServiceRecord
from zhifa.evidence.models import Evidence
from zhifa.legal.rules.discretion import PenaltyKind
from zhifa.parties.choices import PartyKind as LibraryKind
from zhifa.parties.models import Party

from ..masking import PartyFacts
from ..models import PartyKind, Publication

DECISION_TYPES = {  # the 文书 whose number is the publication's 文号
    "cases.case": ("08.02", "08.05"),  # 行政处罚决定书 / 当场行政处罚决定书
    "coercion.measure": ("04.02",),  # 实施行政强制措施决定书
    "coercion.enforcement": ("10.06", "10.07"),  # 行政强制执行决定书 / 代履行决定书
}
PARTY_KIND: dict[str, str] = {
    LibraryKind.NATURAL_PERSON: PartyKind.PERSON,
    LibraryKind.INDIVIDUAL_BUSINESS: PartyKind.SOLE_TRADER,
    LibraryKind.LEGAL_PERSON: PartyKind.ORGANISATION,
    LibraryKind.OTHER_ORG: PartyKind.ORGANISATION,
}


@dataclass
class SourceRecord:
    kind: str
    subject_type: str
    subject_id: int
    organisation_id: int
    organisation_name: str
    region_code: str
    sector: str
    decided_on: date
    title: str
    party: PartyFacts
    party_id: int | None
    party_minor: bool
    number: str = ""
    facts: str = ""
    basis: str = ""
    decision: str = ""
    penalty_kinds: tuple[str, ...] = ()
    fine: Decimal | None = None
    confiscation: Decimal | None = None
    licence: str = ""
    procedure: str = ""
    collective: bool = False
    obligations_performed: bool = False
    other_names: list[str] = field(default_factory=list)

    @property
    def person(self) -> bool:
        """The individual thresholds apply (自然人; a 个体工商户 is treated alike)."""
        return self.party.kind != PartyKind.ORGANISATION


def party_facts(party: Party | None, name: str) -> PartyFacts:
    """The party as masking sees it. No library row (a coercive measure on an unregistered owner):
    treated as a natural person, so the name is masked rather than published in full."""
    if party is None:
        return PartyFacts(kind=PartyKind.PERSON, name=name)
    return PartyFacts(
        kind=PARTY_KIND.get(party.kind, PartyKind.PERSON),
        name=party.name or name,
        uscc=party.uscc or "",
        id_number_masked=party.id_number_masked,
        id_type=party.id_type or "resident_id",
        legal_rep_name=party.legal_rep_name,
        address=party.address,
        phone=party.phone,
    )


def minor_on(party: Party | None, on: date) -> bool:
    return bool(party is not None and party.is_minor(on))


def local_date(value: Any) -> date | None:
    return timezone.localtime(value).date() if value is not None else None


def decision_numbers(label: str, ids: Sequence[int]) -> dict[int, str]:
    """The 文号 of each record's issued decision document (the newest one)."""
    rows = (
        Document.objects.filter(
            subject_type=label,
            subject_id__in=ids,
            type_code__in=DECISION_TYPES.get(label, ()),
            status=DocumentStatus.ISSUED,
        )
        .exclude(number="")
        .order_by("subject_id", "issued_at", "pk")
        .values_list("subject_id", "number")
    )
    return dict(rows)


def known_names(label: str, ids: Sequence[int]) -> dict[int, list[str]]:
    """Other natural persons the system knows for each record: recipients and witnesses of its
    service records, evidence providers (masking keeps only the values that read as names)."""
    names: dict[int, list[str]] = defaultdict(list)
    services = ServiceRecord.objects.filter(
        document__subject_type=label, document__subject_id__in=ids
    ).values_list("document__subject_id", "recipient", "witnesses")
    for subject_id, recipient, witnesses in services:
        names[subject_id].extend((recipient, witnesses))
    evidence = Evidence.objects.filter(subject_type=label, subject_id__in=ids).exclude(source="")
    for subject_id, source in evidence.values_list("subject_id", "source"):
        names[subject_id].append(source)
    return names


def without_publication(qs: QuerySet[Any], label: str) -> QuerySet[Any]:
    existing = Publication.objects.filter(subject_type=label, subject_id=OuterRef("pk"))
    return qs.filter(~Exists(existing))


def kind_labels(kinds: Iterable[str]) -> list[str]:
    labels = dict(PenaltyKind.choices)
    return [str(labels.get(k, k)) for k in kinds]


def money(value: Decimal | None) -> str:
    return f"{value:,.2f}元" if value is not None else ""


class Source:
    label: str
    kind: str
    model: Any

    def candidates(self) -> QuerySet[Any]:
        raise NotImplementedError

    def records(self, rows: Sequence[Any]) -> list[SourceRecord]:
        raise NotImplementedError

    def owners_q(self, user: Any) -> Q:
        """Subject ids of this label the user handles (本人)."""
        raise NotImplementedError

    def owner_ids(self, subject_id: int) -> set[int]:
        raise NotImplementedError

    def url(self, subject_id: int) -> str:
        raise NotImplementedError

    def load(self, subject_id: int) -> SourceRecord | None:
        rows = list(self.base().filter(pk=subject_id))
        return self.records(rows)[0] if rows else None

    def base(self) -> QuerySet[Any]:
        return self.model.objects.all()

    def repeated_after(self, record: SourceRecord) -> bool:
        return False
