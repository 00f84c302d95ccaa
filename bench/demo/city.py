"""The demo city's organisations, officers, users and one demo login per role (bulk writes).

Regions, domains and roles come from the orgs app's own import and seeds; everything here is
written with `bulk_create` in a fixed order, so the same seed gives the same rows (natural keys:
names, codes, certificate numbers, usernames) on an empty database. No per-row audit events: the
caller appends one `demo.seed` event for the whole run.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password

from zhifa.orgs.choices import CertificateStatus, OrganisationKind, OrganisationLevel
from zhifa.orgs.models import Domain, Officer, Organisation, Region, Role, User, UserRole
from zhifa.orgs.roles import ROLE_SPECS

from . import names
from .catalogue import (
    CITY_AGENCIES,
    CITY_CODE,
    CITY_JUSTICE,
    DEFAULT_PLACEMENT,
    DEMO_PASSWORD,
    DEMO_PLACEMENT,
    DEMO_USERNAME_PREFIX,
    DISTRICT_JUSTICE,
    STREET_DOMAIN,
    STREET_OFFICE,
    district_short,
)
from .codes import CodeIssuer

K = OrganisationKind
L = OrganisationLevel
# Agencies with larger district teams; FULL_TEAM ones add legal reviewers and case-source managers.
MAJOR_AGENCIES = frozenset({"market", "ecology", "urban", "emergency", "housing", "planning", "police"})
FULL_TEAM = frozenset({"market", "ecology", "urban", "emergency"})


@dataclass
class City:
    """What the rest of the seed needs to know about the organisations it built."""

    city_region: Region
    districts: list[Region]
    streets: dict[str, list[Region]]  # district code → its streets
    city_justice: Organisation
    district_justice: dict[str, Organisation]  # district code → 区司法局
    agencies: dict[str, Organisation]  # agency key → city agency
    branches: dict[tuple[str, str], Organisation]  # (agency key, district code) → branch
    street_offices: dict[str, Organisation]  # street code → 街道办事处
    domains: dict[str, Domain]
    demo_logins: list[tuple[str, str, str]] = field(default_factory=list)  # (role code, username, unit)

    @property
    def organisations(self) -> list[Organisation]:
        return [
            self.city_justice,
            *self.district_justice.values(),
            *self.agencies.values(),
            *self.branches.values(),
            *self.street_offices.values(),
        ]


def _street_label(name: str) -> str:
    return name if name.endswith(("街道", "镇")) else name + "街道"


def build_organisations(*, rng: random.Random, codes: CodeIssuer) -> City:
    city_region = Region.objects.get(code=CITY_CODE)
    districts = list(Region.objects.filter(parent=city_region).order_by("code"))
    streets: dict[str, list[Region]] = {d.code: [] for d in districts}
    for street in Region.objects.filter(parent__in=districts).order_by("code"):
        streets[street.code[:6]].append(street)  # a street's code starts with its district's
    domains = {d.code: d for d in Domain.objects.all()}
    links: list[tuple[Organisation, tuple[str, ...]]] = []

    def org(name: str, short: str, kind: str, level: str, region: Region, **kw: object) -> Organisation:
        authority, kind_digit = ("1", "1")
        region6 = region.code[:6].ljust(6, "0")
        return Organisation(
            name=name,
            short_name=short,
            kind=kind,
            level=level,
            region=region,
            region_code=region.code,
            uscc=codes.uscc(authority=authority, kind=kind_digit, region6=region6),
            phone=f"0755-{rng.randrange(2000_0000, 8999_9999)}",
            **kw,
        )

    city_justice = org(CITY_JUSTICE[0], CITY_JUSTICE[1], K.SUPERVISORY_BODY, L.CITY, city_region)
    city_justice.address = "深圳市福田区福中三路市民中心"
    Organisation.objects.bulk_create([city_justice])
    links.append((city_justice, ("judicial",)))

    district_justice = {
        d.code: org(
            DISTRICT_JUSTICE.format(district=d.name),
            f"{district_short(d.name)}司法局",
            K.SUPERVISORY_BODY,
            L.COUNTY,
            d,
            parent=city_justice,
            supervised_by=city_justice,
        )
        for d in districts
    }
    Organisation.objects.bulk_create(list(district_justice.values()))
    links.extend((o, ("judicial",)) for o in district_justice.values())

    agencies = {
        spec.key: org(
            spec.name, spec.short_name, K.ENFORCEMENT_AGENCY, L.CITY, city_region, supervised_by=city_justice
        )
        for spec in CITY_AGENCIES
    }
    Organisation.objects.bulk_create(list(agencies.values()))
    links.extend((agencies[spec.key], spec.domains) for spec in CITY_AGENCIES)

    branches: dict[tuple[str, str], Organisation] = {}
    for spec in CITY_AGENCIES:
        if spec.branch is None:
            continue
        for d in districts:
            name = spec.branch.format(d=district_short(d.name), district=d.name)
            branches[(spec.key, d.code)] = org(
                name,
                name.removeprefix("深圳市"),
                K.ENFORCEMENT_AGENCY,
                L.COUNTY,
                d,
                parent=agencies[spec.key],
                supervised_by=district_justice[d.code],
            )
    Organisation.objects.bulk_create(list(branches.values()))
    spec_by_key = {spec.key: spec for spec in CITY_AGENCIES}
    links.extend((o, spec_by_key[key].domains) for (key, _), o in branches.items())

    street_offices: dict[str, Organisation] = {}
    for d in districts:
        for s in streets[d.code]:
            label = _street_label(s.name)
            street_offices[s.code] = org(
                STREET_OFFICE.format(district=d.name, street=label),
                f"{label}办事处",
                K.ENFORCEMENT_SUBJECT,
                L.STREET,
                s,
                supervised_by=district_justice[d.code],
            )
    Organisation.objects.bulk_create(list(street_offices.values()))
    links.extend((o, (STREET_DOMAIN,)) for o in street_offices.values())

    through = Organisation.domains.through
    through.objects.bulk_create(
        [
            through(organisation_id=o.pk, domain_id=domains[code].pk)
            for o, codes_ in links
            for code in codes_
            if code in domains
        ]
    )
    return City(
        city_region=city_region,
        districts=districts,
        streets=streets,
        city_justice=city_justice,
        district_justice=district_justice,
        agencies=agencies,
        branches=branches,
        street_offices=street_offices,
        domains=domains,
    )


@dataclass
class _Person:
    organisation: Organisation
    roles: tuple[str, ...]
    officer: bool  # holds an enforcement certificate
    domains: tuple[str, ...]
    legal: bool = False
    username: str = ""
    display_name: str = ""


def _staffing(city: City, rng: random.Random) -> list[_Person]:
    """Who works where: every enforcement unit has a team leader and officers; major units add a
    legal reviewer, a case-source manager and a unit admin; justice bureaus hold the supervisors."""
    spec_domains = {spec.key: spec.domains for spec in CITY_AGENCIES}
    people: list[_Person] = []

    def add(
        org: Organisation, roles: tuple[str, ...], doms: tuple[str, ...], n: int = 1, legal: bool = False
    ) -> None:
        people.extend(_Person(org, roles, True, doms, legal=legal) for _ in range(n))

    for key, agency in city.agencies.items():
        doms = spec_domains[key]
        add(agency, ("team_leader",), doms)
        add(agency, ("legal_reviewer",), doms, legal=True)
        if any(k == key for k, _ in city.branches):
            add(agency, ("officer",), doms, 2)
            add(agency, ("unit_admin",), doms)
            if key in FULL_TEAM:
                add(agency, ("case_source_manager",), doms)
                add(agency, ("agency_supervisor",), doms)
        else:
            add(agency, ("officer",), doms)
    for (key, _), branch in city.branches.items():
        doms = spec_domains[key]
        add(branch, ("team_leader",), doms)
        add(branch, ("officer",), doms, rng.randint(1, 2) if key in MAJOR_AGENCIES else 1)
        if key in FULL_TEAM:
            add(branch, ("legal_reviewer",), doms, legal=True)
        if key == "market":
            add(branch, ("case_source_manager",), doms)
        if key in ("market", "ecology"):  # ecology branches' admins claim the city's discretion standards
            add(branch, ("unit_admin",), doms)
    for street in city.street_offices.values():  # 街道综合执法队: a leader and an officer (two to act)
        add(street, ("team_leader",), (STREET_DOMAIN,))
        add(street, ("officer",), (STREET_DOMAIN,))
    people.extend(_Person(city.city_justice, ("city_justice_admin",), False, ()) for _ in range(2))
    people.extend(_Person(city.city_justice, ("city_supervisor",), False, ()) for _ in range(4))
    for justice in city.district_justice.values():
        people.append(_Person(justice, ("district_justice_admin",), False, ()))
        people.extend(_Person(justice, ("district_supervisor",), False, ()) for _ in range(2))
    return people


def _demo_unit(city: City, role_code: str) -> Organisation:
    where, district = DEMO_PLACEMENT.get(role_code, DEFAULT_PLACEMENT)
    district_code = next((d.code for d in city.districts if district_short(d.name) == district), None)
    if where == "city_justice":
        return city.city_justice
    if where == "district_justice" and district_code:
        return city.district_justice[district_code]
    if district_code and (where, district_code) in city.branches:
        return city.branches[(where, district_code)]
    return city.agencies.get(where) or city.city_justice


def build_people(*, city: City, rng: random.Random, today: dt.date) -> dict[str, int]:
    """Officers (执法证), users and their roles, plus one demo login per role of ROLE_SPECS."""
    people = _staffing(city, rng)
    for person in people:
        person.display_name = names.person_name(rng)
        person.legal = person.legal or ("legal_reviewer" in person.roles)
    demo: list[_Person] = []
    for spec in ROLE_SPECS:
        unit = _demo_unit(city, spec.code)
        is_officer = unit.kind != K.SUPERVISORY_BODY
        doms = tuple(d.code for d in city.domains.values() if d.code == "market") if is_officer else ()
        demo.append(
            _Person(
                unit,
                (spec.code,),
                is_officer,
                doms,
                legal=spec.code == "legal_reviewer",
                username=f"{DEMO_USERNAME_PREFIX}{spec.code}",
                display_name=names.person_name(rng),
            )
        )
    everyone = demo + people

    org_index = {o.pk: i for i, o in enumerate(city.organisations, start=1)}
    seq_by_org: dict[int, int] = {}
    officers: list[Officer] = []
    officer_domains: list[tuple[Officer, tuple[str, ...]]] = []
    users: list[User] = []
    for index, person in enumerate(everyone):
        org = person.organisation
        seq_by_org[org.pk] = seq_by_org.get(org.pk, 0) + 1
        region6 = org.region_code[:6].ljust(6, "0")
        org_no = f"{region6}{org_index[org.pk]:03d}{seq_by_org[org.pk]:03d}"
        if not person.username:
            person.username = f"zf{org_no}"
        hashed = (
            make_password(DEMO_PASSWORD)
            if person.username.startswith(DEMO_USERNAME_PREFIX)
            else "!" + "".join(rng.choice("abcdefghjkmnpqrstuvwxyz23456789") for _ in range(40))  # unusable
        )
        users.append(
            User(
                username=person.username,
                display_name=person.display_name,
                organisation=org,
                password=hashed,
                phone=names.mobile_phone(rng),
                is_active=True,
                # The city bureau's platform administrator also maintains the holiday calendar in
                # the Django admin (core.holiday.manage), which requires staff status.
                is_staff=person.username == f"{DEMO_USERNAME_PREFIX}city_justice_admin",
                date_joined=dt.datetime(2024, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=index % 600),
            )
        )
        if person.officer:
            officers.append(_certificate(rng, today, org, org_no, person))
            officer_domains.append((officers[-1], person.domains))
    User.objects.bulk_create(users, batch_size=500)
    user_by_name = {u.username: u for u in users}
    roles = {r.code: r for r in Role.objects.all()}
    UserRole.objects.bulk_create(
        [
            UserRole(user=user_by_name[p.username], role=roles[code])
            for p in everyone
            for code in p.roles
            if code in roles
        ],
        batch_size=1000,
    )
    officer_iter = iter(officers)
    for person in everyone:
        if person.officer:
            next(officer_iter).user = user_by_name[person.username]
    Officer.objects.bulk_create(officers, batch_size=500)
    through = Officer.domains.through
    through.objects.bulk_create(
        [
            through(officer_id=o.pk, domain_id=city.domains[c].pk)
            for o, doms in officer_domains
            for c in doms
            if c in city.domains
        ],
        batch_size=1000,
    )
    city.demo_logins = [(p.roles[0], p.username, p.organisation.name) for p in demo]
    return {"officers": len(officers), "users": len(users)}


def _certificate(
    rng: random.Random, today: dt.date, org: Organisation, org_no: str, person: _Person
) -> Officer:
    """执法证: mostly valid; about 6 % expiring within 90 days, 4 % expired, 1 % suspended."""
    roll = rng.random()
    if roll < 0.06:
        valid_to = today + dt.timedelta(days=rng.randint(5, 85))
    elif roll < 0.10:
        valid_to = today - dt.timedelta(days=rng.randint(1, 400))
    else:
        valid_to = today + dt.timedelta(days=rng.randint(120, 5 * 365))
    valid_from = valid_to - dt.timedelta(days=5 * 365)
    status = CertificateStatus.VALID
    if valid_to < today:
        status = CertificateStatus.EXPIRED
    elif roll > 0.99:
        status = CertificateStatus.SUSPENDED
    is_demo = person.username.startswith(DEMO_USERNAME_PREFIX)
    if is_demo:  # demo logins always hold a valid certificate
        valid_to, status = today + dt.timedelta(days=3 * 365), CertificateStatus.VALID
        valid_from = valid_to - dt.timedelta(days=5 * 365)
    return Officer(
        organisation=org,
        region_code=org.region_code,
        name=person.display_name,
        certificate_no=org_no,
        certificate_valid_from=valid_from,
        certificate_valid_to=valid_to,
        certificate_status=status,
        has_legal_qualification=person.legal or (rng.random() < 0.08),
        is_active=True,
    )


def load_city() -> City:
    """The demo city as stored (to grow its parties or place new rows); names are the keys."""
    city_region = Region.objects.get(code=CITY_CODE)
    districts = list(Region.objects.filter(parent=city_region).order_by("code"))
    streets: dict[str, list[Region]] = {d.code: [] for d in districts}
    for street in Region.objects.filter(parent__in=districts).order_by("code"):
        streets[street.code[:6]].append(street)
    by_name = {
        o.name: o
        for o in Organisation.objects.filter(region_code__startswith=CITY_CODE).select_related("region")
    }
    city_justice = by_name[CITY_JUSTICE[0]]
    district_justice = {d.code: by_name[DISTRICT_JUSTICE.format(district=d.name)] for d in districts}
    agencies = {spec.key: by_name[spec.name] for spec in CITY_AGENCIES}
    branches = {
        (spec.key, d.code): by_name[spec.branch.format(d=district_short(d.name), district=d.name)]
        for spec in CITY_AGENCIES
        if spec.branch
        for d in districts
    }
    street_offices = {
        s.code: by_name[STREET_OFFICE.format(district=d.name, street=_street_label(s.name))]
        for d in districts
        for s in streets[d.code]
    }
    return City(
        city_region=city_region,
        districts=districts,
        streets=streets,
        city_justice=city_justice,
        district_justice=district_justice,
        agencies=agencies,
        branches=branches,
        street_offices=street_offices,
        domains={d.code: d for d in Domain.objects.all()},
    )
