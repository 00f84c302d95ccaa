"""Publication rows for tests that need them without a source record."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from django.utils import timezone

from zhifa.disclosure.models import PartyKind, Publication, PublicationKind, PublicationState

_seq = itertools.count(1)


def make_publication(organisation: Any, **fields: Any) -> Publication:
    n = next(_seq)
    values: dict[str, Any] = {
        "kind": PublicationKind.PENALTY,
        "state": PublicationState.PENDING,
        "subject_type": "tests.source",
        "subject_id": 1_000_000 + n,
        "organisation": organisation,
        "organisation_name": organisation.name,
        "region_code": organisation.region_code,
        "number": f"测罚〔2026〕{n}号",
        "title": "销售过期食品",
        "party_kind": PartyKind.ORGANISATION,
        "party_name": f"深圳市测试食品有限公司{n}",
        "decided_on": date(2026, 6, 1),
        "due_on": date(2026, 6, 10),
    }
    values.update(fields)
    if values["state"] == PublicationState.PUBLISHED:
        values.setdefault("published_at", timezone.now())
    return Publication.objects.create(**values)
