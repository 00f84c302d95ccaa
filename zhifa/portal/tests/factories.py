"""Public-portal test data: publications as the disclosure services leave them (masked, with their
`search_grams`), and a small city of enforcement bodies in 深圳 districts and streets."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any, cast

from django.utils import timezone

from zhifa.disclosure.models import PartyKind, Publication, PublicationKind, PublicationState
from zhifa.orgs.choices import OrganisationKind, OrganisationLevel
from zhifa.orgs.models import Organisation
from zhifa.orgs.tests.factories import OrganisationFactory, region
from zhifa.portal.search import grams_for_publication

_seq = itertools.count(1)


def body(
    name: str, code: str, *, kind: str = OrganisationKind.ENFORCEMENT_AGENCY, **extra: Any
) -> Organisation:
    """An enforcement body whose region is `code` (4403 city, 6 digits district, 9 digits street)."""
    reg = region(code, None)
    level = {4: OrganisationLevel.CITY, 6: OrganisationLevel.COUNTY}.get(len(code), OrganisationLevel.STREET)
    made = OrganisationFactory(name=name, region=reg, region_code=code, kind=kind, level=level, **extra)
    return cast(Organisation, made)


def publication(organisation: Organisation, **fields: Any) -> Publication:
    """A publication row; PUBLISHED by default, published `age` days ago (default 1)."""
    n = next(_seq)
    age = fields.pop("age", 1)
    today = timezone.localdate()
    values: dict[str, Any] = {
        "kind": PublicationKind.PENALTY,
        "state": PublicationState.PUBLISHED,
        "subject_type": "tests.source",
        "subject_id": 5_000_000 + n,
        "organisation": organisation,
        "organisation_name": organisation.name,
        "region_code": organisation.region_code,
        "number": f"深测罚〔2026〕{n}号",
        "title": "销售过期食品",
        "party_kind": PartyKind.ORGANISATION,
        "party_name": f"深圳市测试食品有限公司{n}",
        "party_code": "",
        "basis": "《中华人民共和国食品安全法》第一百二十四条第一款",
        "decision": "警告，罚款人民币五千元",
        "decided_on": today - dt.timedelta(days=age + 7),
        "due_on": today - dt.timedelta(days=age),
        "public_until": today + dt.timedelta(days=365),
    }
    values.update(fields)
    if values["state"] in (PublicationState.PUBLISHED, PublicationState.WITHDRAWN, PublicationState.EXPIRED):
        values.setdefault("published_at", timezone.now() - dt.timedelta(days=age))
    values.setdefault(
        "search_grams", grams_for_publication(values["party_name"], values["number"], values["party_code"])
    )
    return Publication.objects.create(**values)
