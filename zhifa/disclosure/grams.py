"""The public search's index text of a publication: the bigrams (zhifa.parties.search.name_grams)
of the published party name, its code and the document number, each part on its own so that a
phrase never spans two of them. Written by every service that sets those columns."""

from __future__ import annotations

from zhifa.parties.search import name_grams


def search_grams(*, party_name: str, party_code: str = "", number: str = "") -> str:
    parts = (name_grams(value) for value in (party_name, party_code, number) if value)
    return " ".join(p for p in parts if p)
