"""What the public pages print of a publication, masked once more on the way out.

The disclosure services write `Publication` already masked (RULES §6.3). The portal masks again,
because a public page is the last place a mistake upstream could still be caught: the masks are
idempotent (张* stays 张*, 4405**********0014 stays as it is), so masked content passes unchanged.

* A natural person's name (the party, a sole trader's operator) keeps only the surname (`mask_name`).
* A natural person's code, and any valid 18-character resident ID number found in a code or in
  free text, keeps its first and last four characters (`mask_id_number`; RULES §6.3: 隐去身份证号码).
* Organisations' names, codes (USCC) and legal representatives are public (RECORDS §1, CF_FRDB).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from zhifa.core.identifiers import mask_id_number, mask_name, resident_id_is_valid
from zhifa.disclosure.models import PartyKind, Publication

_ID_LIKE = re.compile(r"(?<![0-9A-Za-z])\d{17}[0-9Xx](?![0-9A-Za-z])")
SUMMARY_CHARS = 60


def scrub_ids(text: str) -> str:
    """Mask every valid resident ID number in free text."""
    if not text:
        return ""
    return _ID_LIKE.sub(
        lambda m: mask_id_number(m.group(0)) if resident_id_is_valid(m.group(0)) else m.group(0), text
    )


def public_party_name(kind: str, name: str) -> str:
    return mask_name(name) if kind == PartyKind.PERSON else scrub_ids(name)


def public_party_code(kind: str, code: str) -> str:
    if not code:
        return ""
    if kind == PartyKind.PERSON or resident_id_is_valid(code):
        return mask_id_number(code)
    return code


def public_representative(kind: str, name: str) -> str:
    """法定代表人/经营者: public for organisations; a sole trader's operator is a natural person."""
    if kind == PartyKind.PERSON:
        return ""
    return mask_name(name) if kind == PartyKind.SOLE_TRADER else name


def summary(text: str, limit: int = SUMMARY_CHARS) -> str:
    text = " ".join(scrub_ids(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class PublicRow:
    """One line of the 执法公示 list."""

    pk: int
    url: str
    kind: str
    kind_label: str
    decided_on: str  # ISO date, as the list prints it
    organisation_name: str
    party_name: str
    title: str
    decision: str


def present_row(p: Publication, url_prefix: str = "/gs/publications/") -> PublicRow:
    return PublicRow(
        pk=p.pk,
        url=f"{url_prefix}{p.pk}/",
        kind=p.kind,
        kind_label=p.get_kind_display(),
        decided_on=p.decided_on.isoformat() if p.decided_on else "",
        organisation_name=p.organisation_name,
        party_name=public_party_name(p.party_kind, p.party_name),
        title=scrub_ids(p.title),
        decision=summary(p.decision),
    )


def present_detail(p: Publication) -> dict[str, Any]:
    return {
        "pk": p.pk,
        "kind": p.kind,
        "kind_label": p.get_kind_display(),
        "state": p.state,
        "number": scrub_ids(p.number),
        "organisation_name": p.organisation_name,
        "party_kind_label": p.get_party_kind_display(),
        "party_name": public_party_name(p.party_kind, p.party_name),
        "party_code": public_party_code(p.party_kind, p.party_code),
        "representative": public_representative(p.party_kind, p.legal_representative),
        "title": scrub_ids(p.title),
        "facts": scrub_ids(p.facts),
        "basis": scrub_ids(p.basis),
        "decision": scrub_ids(p.decision),
        "penalty_kinds": [str(k) for k in (p.penalty_kinds or [])],
        "fine_amount": p.fine_amount,
        "confiscation_amount": p.confiscation_amount,
        "licence": scrub_ids(p.licence),
        "decided_on": p.decided_on,
        "published_at": p.published_at,
        "public_until": p.public_until,
        "end_note": scrub_ids(p.end_note),
    }


def present_withdrawal(p: Publication) -> dict[str, Any]:
    """The public note of a withdrawn publication: which decision and why — not the party."""
    return {
        "pk": p.pk,
        "kind_label": p.get_kind_display(),
        "organisation_name": p.organisation_name,
        "number": scrub_ids(p.number),
        "title": scrub_ids(p.title),
        "decided_on": p.decided_on,
        "ended_at": p.ended_at,
        "end_note": scrub_ids(p.end_note),
    }
