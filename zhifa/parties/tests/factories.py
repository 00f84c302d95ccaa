"""Test data for parties: valid synthetic codes (never real ones) and a factory through the service."""

from __future__ import annotations

import itertools
from typing import Any

from zhifa.core.audit import Actor
from zhifa.core.identifiers import org_code_check_char, resident_id_check_char, uscc_check_char
from zhifa.parties.choices import IdType, PartyKind
from zhifa.parties.models import Party

_counter = itertools.count(1)


def make_uscc(n: int | None = None, *, prefix: str = "91", area: str = "440300") -> str:
    """A synthetic USCC passing both checks (organisation code MA + 6 digits)."""
    n = next(_counter) if n is None else n
    org8 = f"MA{n:06d}"
    body = prefix + area + org8 + org_code_check_char(org8)
    return body + uscc_check_char(body)


def make_resident_id(n: int | None = None, *, area: str = "440303", birth: str = "19850101") -> str:
    n = next(_counter) if n is None else n
    body = f"{area}{birth}{n % 1000:03d}"
    return body + resident_id_check_char(body)


def org_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "kind": PartyKind.LEGAL_PERSON,
        "name": f"深圳市测试科技有限公司{next(_counter)}",
        "uscc": make_uscc(),
        "legal_rep_name": "王五",
        "address": "广东省深圳市罗湖区东门街道测试路1号",
        "phone": "0755-83451234",
    }
    data.update(overrides)
    return data


def person_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "kind": PartyKind.NATURAL_PERSON,
        "name": "张三丰",
        "id_type": IdType.RESIDENT_ID,
        "id_number": make_resident_id(),
        "address": "广东省深圳市罗湖区东门街道测试路2号",
        "phone": "13812345678",
    }
    data.update(overrides)
    return data


def make_party(organisation: Any, *, created_by: Any = None, **data: Any) -> Party:
    """Register a party through the service (as `created_by`, or a system actor of the unit)."""
    from zhifa.parties.services import party_register

    kind = data.get("kind", PartyKind.LEGAL_PERSON)
    payload = person_data(**data) if kind == PartyKind.NATURAL_PERSON else org_data(**data)
    actor = (
        Actor.of(created_by)
        if created_by is not None
        else Actor(id=None, label="test", organisation_id=organisation.pk)
    )
    return party_register(actor=actor, data=payload, organisation=organisation)
