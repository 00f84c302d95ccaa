"""Penalty publications for the export and push tests, built directly (the disclosure collect
service is another helper's): masked as the publication service would, from real parties of the
party library (synthetic codes) and agencies with valid USCCs."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

import factory
from django.utils import timezone

from zhifa.core.identifiers import mask_name
from zhifa.disclosure.models import PartyKind, Publication, PublicationKind, PublicationState, Severity
from zhifa.orgs.models import Organisation, Role, UserRole
from zhifa.orgs.tests.factories import OrganisationFactory, region
from zhifa.parties.models import Party
from zhifa.parties.tests.factories import make_party, make_resident_id, make_uscc

_seq = itertools.count(1)

PUBLICATION_KIND_OF_PARTY = {
    "natural_person": PartyKind.PERSON,
    "legal_person": PartyKind.ORGANISATION,
    "other_org": PartyKind.ORGANISATION,
    "individual_business": PartyKind.SOLE_TRADER,
}


def agency(name: str | None = None, *, code: str = "440300", **kwargs: Any) -> Organisation:
    """An enforcement agency with a valid 机关 USCC (11 + area + organisation code)."""
    n = next(_seq)
    reg = region(code[:4] if code.endswith("00") else code)
    values: dict[str, Any] = {
        "name": name or f"深圳市测试执法局{n}",
        "uscc": make_uscc(900000 + n, prefix="11", area=code),
        "region": reg,
        "region_code": reg.code,
    }
    values.update(kwargs)
    return OrganisationFactory.create(**values)


class PublicationFactory(factory.django.DjangoModelFactory[Publication]):
    """A published penalty on a 法人 without a library party (codes on the publication only)."""

    class Meta:
        model = Publication

    kind = PublicationKind.PENALTY
    state = PublicationState.PUBLISHED
    subject_type = "cases.case"
    subject_id = factory.Sequence(lambda n: 100000 + n)
    organisation = factory.LazyFunction(agency)
    organisation_name = factory.LazyAttribute(lambda o: o.organisation.name)
    region_code = factory.LazyAttribute(lambda o: o.organisation.region_code)
    number = factory.Sequence(lambda n: f"深市监罚〔2026〕{n + 1}号")
    title = "销售不符合食品安全标准的食品"
    party_kind = PartyKind.ORGANISATION
    party_name = factory.Sequence(lambda n: f"深圳市测试商贸有限公司{n}")
    party_code = factory.LazyFunction(make_uscc)
    legal_representative = "王五"
    facts = "当事人于2026年1月在其经营场所销售超过保质期的预包装食品，货值金额500元。"
    basis = "《中华人民共和国食品安全法》第一百二十四条第一款第（五）项"
    decision = "罚款2000元"
    penalty_kinds = factory.LazyFunction(lambda: ["罚款"])
    fine_amount = Decimal("2000.00")
    decided_on = dt.date(2026, 3, 2)
    severity = Severity.ORDINARY
    regime = "ndrc58"
    due_on = dt.date(2026, 3, 11)
    published_at = factory.LazyFunction(timezone.now)
    public_until = dt.date(2027, 3, 2)


def publication_for(party: Party, organisation: Organisation | None = None, **kwargs: Any) -> Publication:
    """A published penalty on a library party, masked as the publication service masks it."""
    kind = PUBLICATION_KIND_OF_PARTY[party.kind]
    person = kind == PartyKind.PERSON
    values: dict[str, Any] = {
        "party_id": party.pk,
        "party_kind": kind,
        "party_name": mask_name(party.name) if person else party.name,
        "party_code": party.id_number_masked if person else (party.uscc or ""),
        "legal_representative": "" if person else party.legal_rep_name,
    }
    if organisation is not None:
        values["organisation"] = organisation
    values.update(kwargs)
    return PublicationFactory.create(**values)


def demo_penalties(org: Organisation) -> list[Publication]:
    """The mix of the demo city's penalties: 法人, 其他组织, 个体工商户 and 自然人; fines,
    confiscations, licence revocation, warnings; an entrusted unit acting for its agency."""
    company = make_party(org, legal_rep_id_type="resident_id", legal_rep_id_number=make_resident_id())
    ngo = make_party(org, kind="other_org", name="深圳市测试民办培训学校", uscc=make_uscc(prefix="52"))
    shop = make_party(
        org,
        kind="individual_business",
        name="罗湖区老王便利店",
        uscc=make_uscc(prefix="92"),
        legal_rep_name="王老五",
    )
    person = make_party(org, kind="natural_person", name="张三丰")
    entrusted = agency(
        "深圳市测试执法局东门执法队", kind="entrusted_org", entrusted_by=org, parent=org, level="street"
    )
    return [
        publication_for(company, org),
        publication_for(
            ngo,
            org,
            title="未取得许可擅自从事经营活动",
            penalty_kinds=["警告", "没收违法所得", "罚款"],
            decision="警告，没收违法所得1234.56元，罚款10000元",
            fine_amount=Decimal("10000.00"),
            confiscation_amount=Decimal("1234.56"),
        ),
        publication_for(
            shop,
            org,
            penalty_kinds=["revoke_licence", "fine"],  # PenaltyKind values are read too
            decision="吊销食品经营许可证，罚款50000元",
            fine_amount=Decimal("50000.00"),
            licence="食品经营许可证 JY14403030000001",
        ),
        publication_for(
            person,
            org,
            title="占道经营",
            penalty_kinds=["警告", "罚款"],
            decision="警告，罚款200元",
            fine_amount=Decimal("200.00"),
            public_until=None,
        ),
        publication_for(company, entrusted, subject_id=999001, number="深市监罚〔2026〕委1号"),
    ]


def grant_export(user: Any, *, scope: str = "unit_and_below", perms: tuple[str, ...] = ()) -> None:
    """Give `user` a role holding the export codename (no seeded role holds it yet)."""
    from zhifa.disclosure.export.permissions import ExportPerm

    role, _ = Role.objects.get_or_create(
        code=f"test_export_{scope}",
        defaults={
            "name": "双公示导出（测试）",
            "data_scope": scope,
            "permissions": [str(ExportPerm.RUN), *perms],
        },
    )
    UserRole.objects.create(user=user, role=role)
    if hasattr(user, "_zhifa_grants"):
        del user._zhifa_grants
