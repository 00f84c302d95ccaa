"""A small demo-like city for the public pages: enforcement bodies in a district and a street, officers
with valid / expired / revoked certificates, powers in force and retired, published and draft
discretion standards, 双随机 plans (one with a published draw), and publications about companies,
a sole trader and natural persons whose full names and identity numbers are known to the test."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from zhifa.disclosure.models import PartyKind, Publication, PublicationKind, PublicationState
from zhifa.inspections.choices import PlanKind, PlanState, RiskClass, TargetLibrary
from zhifa.inspections.models import Draw, DrawEntry, InspectionPlan, InspectionTarget
from zhifa.legal.models import DiscretionStatus, Power, PowerKind, PowerStatus
from zhifa.legal.tests.powers_factories import make_power, make_standard
from zhifa.orgs.choices import CertificateStatus, OrganisationKind
from zhifa.orgs.models import Officer, Organisation
from zhifa.orgs.tests.factories import OfficerFactory, domain, region
from zhifa.parties.choices import PartyKind as LibraryKind
from zhifa.parties.models import Party
from zhifa.parties.tests.factories import make_party, make_resident_id

from .factories import body, publication


@dataclass(frozen=True)
class Person:
    """A natural person the public pages must never name in full or identify by number."""

    name: str
    id_number: str


@dataclass
class World:
    city: Organisation
    district: Organisation
    street: Organisation
    entrusted: Organisation
    supervisor: Organisation
    officers: dict[str, Officer]
    powers: dict[str, Power]
    standards: dict[str, Any]
    plans: dict[str, InspectionPlan]
    publications: dict[str, Publication]
    persons: list[Person] = field(default_factory=list)
    parties: dict[str, Party] = field(default_factory=dict)


PERSONS = (
    ("欧阳娜娜", "440304"),
    ("张三丰", "440303"),
    ("李建国", "430102"),
    ("陈晓雯", "440305"),
)


def build_world() -> World:
    today = timezone.localdate()
    region("4403", "深圳市")
    region("440304", "福田区")
    region("440305", "南山区")
    region("440305007", "粤海街道")
    market = domain("market", "市场监管")
    urban = domain("urban", "城市管理")
    city = body(
        "深圳市市场监督管理局", "4403", uscc="11440300MB2C92041K", address="深圳市福田区深南大道7010号"
    )
    district = body("深圳市市场监督管理局南山监管局", "440305", parent=city)
    street = body("深圳市南山区粤海街道办事处", "440305007", kind=OrganisationKind.ENFORCEMENT_SUBJECT)
    entrusted = body(
        "深圳市南山区粤海街道综合执法队",
        "440305007",
        kind=OrganisationKind.ENTRUSTED_ORG,
        entrusted_by=street,
    )
    supervisor = body("深圳市司法局", "4403", kind=OrganisationKind.SUPERVISORY_BODY)
    city.domains.add(market)

    def officer(key: str, org: Organisation, name: str, **extra: Any) -> Officer:
        made: Officer = OfficerFactory(organisation=org, name=name, certificate_no=f"44030{key}", **extra)  # type: ignore[assignment]
        made.domains.add(market if org != street else urban)
        return made

    officers = {
        "valid": officer("0000001", city, "王建军"),
        "district": officer("0000002", district, "刘海峰"),
        "street": officer("0000003", street, "周晓明"),
        "expired": officer(
            "0000004",
            city,
            "赵过期",
            certificate_valid_from=today - dt.timedelta(days=2000),
            certificate_valid_to=today - dt.timedelta(days=1),
        ),
        "revoked": officer("0000005", city, "孙注销", certificate_status=CertificateStatus.REVOKED),
        "suspended": officer("0000006", district, "钱暂扣", certificate_status=CertificateStatus.SUSPENDED),
        "retired": officer("0000007", district, "吴离岗", is_active=False),
    }

    powers = {
        "food": make_power(city, "330217001000", name="对销售过期食品的行政处罚", domain_id=market.pk),
        "inspect": make_power(city, "330217002000", name="对食品经营者的行政检查", kind=PowerKind.INSPECTION),
        "street": make_power(street, "330217003000", name="对占道经营的行政处罚", domain_id=urban.pk),
    }
    retired = make_power(city, "330217009000", name="已取消的测试职权")
    Power.objects.filter(pk=retired.pk).update(status=PowerStatus.RETIRED)
    powers["retired"] = retired
    standards = {
        "published": make_standard(city, violation="销售超过保质期的食品的", power=powers["food"]),
        "draft": make_standard(city, violation="草稿中的裁量基准", status=DiscretionStatus.DRAFT),
    }

    persons = [Person(name, make_resident_id(i + 11, area=area)) for i, (name, area) in enumerate(PERSONS)]
    parties = {
        "person": make_party(
            city, kind=LibraryKind.NATURAL_PERSON, name=persons[0].name, id_number=persons[0].id_number
        ),
        "drawn_person": make_party(
            city, kind=LibraryKind.NATURAL_PERSON, name=persons[1].name, id_number=persons[1].id_number
        ),
        "company": make_party(city, name="深圳市粤海明珠贸易有限公司", legal_rep_name="黄明珠"),
    }

    plans = {
        "drawn": InspectionPlan.objects.create(
            organisation=city,
            region_code=city.region_code,
            domain=market,
            name="2026年食品经营者双随机抽查",
            kind=PlanKind.RANDOM,
            period_start=today - dt.timedelta(days=30),
            period_end=today + dt.timedelta(days=60),
            sample_size=2,
            state=PlanState.DISPATCHED,
        ),
        "draft": InspectionPlan.objects.create(
            organisation=city,
            region_code=city.region_code,
            domain=market,
            name="草拟中的抽查计划",
            kind=PlanKind.RANDOM,
            period_start=today,
            period_end=today + dt.timedelta(days=60),
            sample_size=5,
        ),
        "special": InspectionPlan.objects.create(
            organisation=city,
            region_code=city.region_code,
            domain=market,
            name="内部专项检查安排",
            kind=PlanKind.SPECIAL,
            period_start=today,
            period_end=today + dt.timedelta(days=60),
            sample_size=5,
            state=PlanState.DISPATCHED,
        ),
        "unpublished": InspectionPlan.objects.create(
            organisation=district,
            region_code=district.region_code,
            domain=market,
            name="南山抽查计划（结果未公示）",
            kind=PlanKind.RANDOM,
            period_start=today - dt.timedelta(days=10),
            period_end=today + dt.timedelta(days=60),
            sample_size=1,
            state=PlanState.DRAWN,
        ),
    }
    for key, published in (("drawn", True), ("unpublished", False)):
        plan = plans[key]
        draw = Draw.objects.create(
            plan=plan,
            organisation=plan.organisation,
            region_code=plan.region_code,
            seed=7,
            drawn_on=today - dt.timedelta(days=20),
            drawn_at=timezone.now() - dt.timedelta(days=20),
            candidate_count=2,
            officer_count=2,
            target_ids=[],
            digest="0" * 64,
            published_at=timezone.now() if published else None,
        )
        for position, party in enumerate((parties["drawn_person"], parties["company"]), start=1):
            target = InspectionTarget.objects.get_or_create(
                party=party,
                domain=market,
                library=TargetLibrary.CITY,
                defaults={
                    "name": party.name,
                    "region_code": city.region_code,
                    "risk": RiskClass.YELLOW,
                    "organisation": city,
                },
            )[0]
            DrawEntry.objects.create(
                draw=draw,
                position=position,
                target=target,
                party=party,
                target_name=party.name,
                risk=RiskClass.YELLOW,
                officer_ids=[officers["valid"].pk, officers["district"].pk],
                officer_names="王建军、刘海峰",
            )

    person, second = persons[0], persons[2]
    publications = {
        "company": publication(
            city,
            party_name="深圳市粤海明珠贸易有限公司",
            party_code="91440300MA5FTEST1X",
            legal_representative="黄明珠",
            title="销售超过保质期的食品",
        ),
        # As the disclosure services write a natural person's row: name and number masked.
        "person": publication(
            district,
            party_kind=PartyKind.PERSON,
            party_id=parties["person"].pk,
            party_name="欧阳**",
            party_code=person.id_number[:4] + "*" * 10 + person.id_number[-4:],
            title="无照经营",
            facts="当事人欧阳**在粤海街道无照经营",
            decision="罚款人民币一千元",
        ),
        # A row that reached the public state unmasked (a mistake upstream): the portal still masks.
        "leaked": publication(
            street,
            kind=PublicationKind.COERCION,
            party_kind=PartyKind.PERSON,
            party_name=second.name,
            party_code=second.id_number,
            title="占道经营物品的查封",
            facts=f"当事人{second.name[0]}某，身份证号码{second.id_number}，占道经营",
            decision="查封占道经营物品",
        ),
        "trader": publication(
            district,
            kind=PublicationKind.INSPECTION,
            party_kind=PartyKind.SOLE_TRADER,
            party_name="南山区阿珍小吃店",
            legal_representative=persons[3].name,
            title="食品经营日常检查",
            decision="未发现违法行为",
        ),
        "pending": publication(
            city,
            state=PublicationState.PENDING,
            party_kind=PartyKind.PERSON,
            party_name=persons[3].name,
            party_code=persons[3].id_number,
        ),
        "withdrawn": publication(
            city,
            state=PublicationState.WITHDRAWN,
            party_kind=PartyKind.PERSON,
            party_name="李*",
            title="销售不合格产品",
            end_note="该决定已被依法撤销",
            ended_at=timezone.now(),
        ),
    }
    return World(
        city=city,
        district=district,
        street=street,
        entrusted=entrusted,
        supervisor=supervisor,
        officers=officers,
        powers=powers,
        standards=standards,
        plans=plans,
        publications=publications,
        persons=persons,
        parties=parties,
    )
