"""Test data for inspections: a unit with certified officers, a target library, checklists."""

from __future__ import annotations

import datetime as dt
from typing import Any

from zhifa.core.audit import Actor
from zhifa.orgs.models import Domain, Officer, Organisation
from zhifa.orgs.tests.factories import OfficerFactory, UserFactory, domain
from zhifa.parties.tests.factories import make_party

from ..models import CheckItem, Checklist, ChecklistEntry, CheckModule, InspectionTarget
from ..services import target_register

TODAY = dt.date(2025, 6, 10)


def actor_of(user: Any) -> Actor:
    return Actor.of(user)


def market() -> Domain:
    return domain("market", "市场监管")


def make_officer(org: Organisation, dom: Domain | None = None, *, user: Any = None, **kwargs: Any) -> Officer:
    officer: Officer = OfficerFactory(organisation=org, user=user, **kwargs)  # type: ignore[assignment]
    if dom is not None:
        officer.domains.add(dom)
    return officer


def make_officer_user(org: Organisation, dom: Domain, *roles: str, **kwargs: Any) -> tuple[Any, Officer]:
    user = UserFactory(organisation=org, roles=list(roles or ("officer",)))
    return user, make_officer(org, dom, user=user, **kwargs)


def make_targets(
    org: Organisation, dom: Domain, risks: list[str], *, actor: Actor | None = None
) -> list[InspectionTarget]:
    actor = actor or Actor(id=None, label="test", organisation_id=org.pk)
    out = []
    for i, risk in enumerate(risks):
        party = make_party(org, name=f"测试商户{i}号有限公司")
        out.append(target_register(actor=actor, party=party, domain=dom, organisation=org, risk=risk))
    return out


def make_checklist(dom: Domain, texts: list[str]) -> Checklist:
    module = CheckModule.objects.create(domain=dom, code=f"m{CheckModule.objects.count()}", name="证照经营")
    checklist = Checklist.objects.create(domain=dom, name="食品经营日常检查单")
    for i, text in enumerate(texts):
        item = CheckItem.objects.create(
            module=module, domain=dom, text=text, legal_basis=f"《食品安全法》第{35 + i}条", sort_order=i
        )
        ChecklistEntry.objects.create(checklist=checklist, item=item, position=i)
    return checklist
