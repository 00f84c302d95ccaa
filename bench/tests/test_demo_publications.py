"""The demo city ends with 执法公示 (bench.demo.publications): a tiny city and caseload, collected and
published through the disclosure services, and no publication field holding a natural person's
full name or an unmasked identity number (RULES §6.3)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

from bench.demo.seed import SeedOptions, seed_demo

TINY: dict[str, Any] = {"parties": 150, "regions": ("44",), "seed": 2026, "with_legal": False}
TODAY = dt.date(2026, 11, 20)
TEXT_FIELDS = (
    "number", "title", "party_name", "party_code", "legal_representative", "facts", "basis",
    "decision", "licence", "end_note", "search_grams",
)  # fmt: skip
ID_18 = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dX](?![0-9A-Za-z])")


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    from bench.demo.cases import seed_cases
    from bench.demo.publications import seed_publications

    with django_db_blocker.unblock(), transaction.atomic():
        seed_demo(SeedOptions(**TINY))
        seed_cases(cases=400, seed=2026, today=TODAY)
        yield seed_publications(today=TODAY)
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_the_demo_ends_with_published_penalties_some_on_natural_persons(demo: dict[str, Any]) -> None:
    from zhifa.disclosure.models import PartyKind, Publication, PublicationState
    from zhifa.disclosure.selectors import public_publications

    assert demo["published"] > 0
    assert demo["refused"] == 0
    public = public_publications(today=TODAY)
    assert public.count() == Publication.objects.filter(state=PublicationState.PUBLISHED).count()
    assert public.filter(party_kind=PartyKind.PERSON).exists()
    assert Publication.objects.filter(state=PublicationState.PENDING).exists()  # left for the officers


@pytest.mark.django_db
def test_rule_6_3_no_publication_holds_a_natural_persons_name_or_identity_number(
    demo: dict[str, Any],
) -> None:
    from zhifa.cases.models import Case
    from zhifa.core.identifiers import uscc_is_valid
    from zhifa.disclosure.masking import trader_is_personal_name
    from zhifa.disclosure.models import Publication
    from zhifa.parties.models import Party

    cases = dict(Case.objects.values_list("pk", "party_id"))
    people: dict[int, list[str]] = {}
    for pk, name, operator, kind in Party.objects.values_list("pk", "name", "legal_rep_name", "kind"):
        if kind == "natural_person":
            people[pk] = [name]
        elif kind == "individual_business":
            people[pk] = [operator, *([name] if trader_is_personal_name(name, operator) else [])]
    checked = 0
    for p in Publication.objects.all():
        text = " ".join(str(getattr(p, f) or "") for f in TEXT_FIELDS)
        ids = [m for m in ID_18.findall(text) if not uscc_is_valid(m)]  # an all-digit USCC is public
        assert not ids, (p.pk, ids)
        party_id = cases.get(p.subject_id) if p.subject_type == "cases.case" else p.party_id
        for full in people.get(party_id or 0, []):
            if len(full) >= 2:
                assert full not in text, (p.pk, full)
                checked += 1
    assert checked > 0
