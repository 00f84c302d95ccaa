"""The public search's index text of a publication (`Publication.search_grams`): the folded bigrams
(zhifa.parties.search.name_grams) of the published — already masked — party name, document number
and party code, joined by a separator token no query can contain, so that a phrase never runs from
one value into the next. Written by every service that sets those columns; the format is the one
the portal's search index reads (zhifa.portal.search.grams_for_publication, which must stay equal:
disclosure sits below the portal and cannot import it)."""

from __future__ import annotations

from zhifa.parties.search import name_grams

# One token of two characters outside what name_grams produces (it maps only ASCII punctuation,
# ord < 128, into U+F0000…U+F007F).
SEPARATOR = chr(0xF0080) * 2


def search_grams(*, party_name: str, party_code: str = "", number: str = "") -> str:
    parts = [name_grams(value.strip()) for value in (party_name or "", number or "", party_code or "")]
    return f" {SEPARATOR} ".join(part for part in parts if part)
