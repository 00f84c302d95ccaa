"""Disclosure tests reuse the penalty-case personas (zhifa/cases/tests/conftest.py) and add source
records written directly — the disclosure app only reads them."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from zhifa.cases.choices import CaseState, Outcome
from zhifa.cases.models import Case, CaseHandler
from zhifa.cases.tests.conftest import case_world

__all__ = ["case_world", "decided_case"]

_n = itertools.count(1)


def decided_case(
    world: Any,
    *,
    party: Any = None,
    decided_on: date = date(2026, 6, 1),
    kinds: tuple[str, ...] = ("fine",),
    fine: Decimal | None = Decimal(20000),
    confiscation: Decimal | None = None,
    sector: str = "ecology",
    procedure: str = "general",
    state: str = CaseState.SERVED,
    outcome: str = Outcome.PENALTY,
    facts: str | None = None,
    **extra: Any,
) -> Case:
    """A penalty case whose decision was served (the effective decision), with its two handlers."""
    party = party or world.party
    n = next(_n)
    case = Case.objects.create(
        number=f"罗市监案〔2026〕{n}号",
        procedure=procedure,
        procedure_version="2021.1",
        state=state,
        organisation=world.unit,
        region_code=world.unit.region_code,
        sector=sector,
        party=party,
        party_name=party.name,
        party_kind=party.kind,
        cause=extra.pop("cause", "销售过期食品"),
        facts=facts if facts is not None else f"经查，当事人{party.name}销售超过保质期的食品。",
        basis_violation="《中华人民共和国食品安全法》第三十四条第十项",
        basis_penalty="《中华人民共和国食品安全法》第一百二十四条第一款",
        act_on=date(2026, 1, 5),
        discovered_on=date(2026, 1, 10),
        decided_on=decided_on,
        decision_served_on=decided_on,
        outcome=outcome,
        decided_kinds=list(kinds),
        decided_fine=fine,
        decided_confiscation=confiscation,
        **extra,
    )
    CaseHandler.objects.create(case=case, officer=world.officer_a, user=world.user_a, role="lead")
    CaseHandler.objects.create(case=case, officer=world.officer_b, user=world.user_b, role="assist")
    return case


@pytest.fixture
def person(case_world: Any) -> Any:
    """A natural person of the party library (name 张三丰, an id number, an address and a phone)."""
    from zhifa.parties.tests.factories import make_party

    return make_party(case_world.unit, kind="natural_person", name="张三丰")
