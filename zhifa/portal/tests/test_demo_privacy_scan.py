"""Acceptance (issue #5), over the demo data itself: the demo city and caseload, collected and
published by the disclosure services exactly as `seed_demo` does, then every public page reachable
from the portal (search results for each natural person's own name and number included), the
Open311 read endpoints, the complaint and party-portal entry pages, and both 双公示 export files are
scanned for the full name or the identity number of every natural person (当事人 and 个体工商户
operators) of the demo."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import pytest
from django.core.files.storage import default_storage
from django.db import transaction
from django.test import Client

from zhifa.core.audit import Actor
from zhifa.core.crypto_fields import decrypt_identity

from .scan import PUBLIC_START_URLS, crawl, leaks

TINY: dict[str, Any] = {"parties": 150, "regions": ("44",), "seed": 2026, "with_legal": False}
TODAY = dt.date(2026, 11, 20)
OPEN311 = [
    f"/open311/v2/{path}.{fmt}" for path in ("discovery", "services", "requests") for fmt in ("json", "xml")
]
ENTRY_PAGES = ["/gs/complaints/", "/gs/complaints/track/", "/gs/party/"]


@dataclass
class Person:
    name: str
    id_number: str


def _demo_persons() -> list[Person]:
    """Natural persons among the demo's parties and the operators of its 个体工商户, with their
    identity numbers decrypted — except names an officer also bears (officers are published by
    name as public servants, 执法人员公示)."""
    from zhifa.orgs.models import Officer
    from zhifa.parties.models import ID_NUMBER_CONTEXT, LEGAL_REP_ID_CONTEXT, Party

    officers = set(Officer.objects.values_list("name", flat=True))
    persons: list[Person] = []
    for party in Party.objects.filter(kind__in=["natural_person", "individual_business"]):
        if party.kind == "natural_person":
            name, blob, context = party.name, party.id_number_cipher, ID_NUMBER_CONTEXT
        else:
            name, blob, context = party.legal_rep_name, party.legal_rep_id_cipher, LEGAL_REP_ID_CONTEXT
        number = decrypt_identity(blob, context=context) if blob else ""
        if len(name) >= 2 and name not in officers:
            persons.append(Person(name=name, id_number=number or "\0no-number"))
    return persons


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    from bench.demo.cases import seed_cases
    from bench.demo.publications import seed_publications
    from bench.demo.seed import SeedOptions, seed_demo
    from zhifa.disclosure.export.services import disclosure_export_run
    from zhifa.disclosure.models import Publication, PublicationState

    with django_db_blocker.unblock(), transaction.atomic():
        seed_demo(SeedOptions(**TINY))
        seed_cases(cases=400, seed=2026, today=TODAY)
        seed_publications(today=TODAY)
        persons = _demo_persons()
        published = list(
            Publication.objects.filter(state=PublicationState.PUBLISHED).values_list("pk", "party_id")
        )
        exports = {}
        for fmt in ("csv", "json"):
            result = disclosure_export_run(actor=Actor.system("test"), user=None, fmt=fmt)
            with default_storage.open(result.data_name, "rb") as fh:
                exports[f"export.{fmt}"] = fh.read().decode("utf-8-sig")
        yield {"persons": persons, "published": published, "exports": exports}
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_no_public_page_or_export_of_the_demo_shows_a_natural_persons_name_or_number(
    demo: dict[str, Any],
) -> None:
    from zhifa.parties.models import Party

    persons: list[Person] = demo["persons"]
    assert len(persons) >= 10  # the demo has natural persons to find
    person_party_ids = set(Party.objects.filter(kind="natural_person").values_list("pk", flat=True))
    on_persons = [pk for pk, party_id in demo["published"] if party_id in person_party_ids]
    assert on_persons, "the demo publishes penalties on natural persons"

    start = [*PUBLIC_START_URLS, *ENTRY_PAGES, *(f"/gs/publications/{pk}/" for pk, _ in demo["published"])]
    for person in persons[:40]:
        start += [f"/gs/?q={quote(person.name)}", f"/gs/?q={quote(person.id_number[-6:])}"]
    pages = crawl(Client(), start, limit=2_000)
    for pk in on_persons:
        assert f"/gs/publications/{pk}/" in pages  # the scan reads the pages that concern them
    client = Client()
    for url in OPEN311:
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.content.decode()
    for url in ENTRY_PAGES:
        assert url in pages, url
    pages.update(demo["exports"])
    assert len(pages) > len(on_persons) + len(OPEN311)
    assert leaks(pages, persons) == []
