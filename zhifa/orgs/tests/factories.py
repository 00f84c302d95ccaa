"""Factories for regions, organisations, users with roles and officers (shared by every app's tests)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory

from zhifa.orgs.choices import OrganisationKind, OrganisationLevel, RegionLevel
from zhifa.orgs.models import Domain, Officer, Organisation, Region, Role, User, UserRole
from zhifa.orgs.roles import ROLE_BY_CODE

LEVEL_BY_CODE_LENGTH = {
    2: RegionLevel.PROVINCE,
    4: RegionLevel.CITY,
    6: RegionLevel.COUNTY,
    9: RegionLevel.STREET,
}


def region(code: str, name: str | None = None) -> Region:
    """Get or create a region and its ancestors by GB/T 2260 prefix (44 → 4403 → 440303 → 440303001)."""
    parent = None
    for length in (2, 4, 6, 9):
        if len(code) < length:
            break
        prefix = code[:length]
        parent, _ = Region.objects.get_or_create(
            code=prefix,
            defaults={
                "name": name if prefix == code and name else f"区划{prefix}",
                "level": LEVEL_BY_CODE_LENGTH[length],
                "parent": parent,
            },
        )
    assert parent is not None
    return parent


def domain(code: str = "market", name: str = "市场监管") -> Domain:
    return Domain.objects.get_or_create(code=code, defaults={"name": name})[0]


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"测试执法机关{n}")
    kind = OrganisationKind.ENFORCEMENT_AGENCY
    level = OrganisationLevel.CITY
    region = factory.LazyFunction(lambda: region("4403", "深圳市"))
    region_code = factory.LazyAttribute(lambda o: o.region.code)
    parent = None


def _user_roles(user: User, create: bool, extracted: Any, **kwargs: Any) -> None:
    """UserFactory(roles=["officer", ...]): attach those seeded roles after the user is saved."""
    if not create:
        return
    for code in extracted or ():
        UserRole.objects.create(user=user, role=role(code))
    user.save()


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"用户{n}")
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.PostGenerationMethodCall("set_password", "Zhifa-test-2026")

    roles = factory.PostGeneration(_user_roles)


def role(code: str) -> Role:
    """The seeded role with this code (created from orgs.roles.ROLE_SPECS when missing)."""
    spec = ROLE_BY_CODE[code]
    obj, _ = Role.objects.get_or_create(
        code=code,
        defaults={
            "name": spec.name,
            "data_scope": spec.data_scope,
            "permissions": [str(p) for p in spec.permissions],
            "scope_overrides": {str(k): str(v) for k, v in spec.scope_overrides},
        },
    )
    return obj


class OfficerFactory(factory.django.DjangoModelFactory[Officer]):
    class Meta:
        model = Officer
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    region_code = factory.LazyAttribute(lambda o: o.organisation.region_code)
    name = factory.Sequence(lambda n: f"执法员{n}")
    certificate_no = factory.Sequence(lambda n: f"44030{n:07d}")
    certificate_valid_from = dt.date(2024, 1, 1)
    certificate_valid_to = dt.date(2029, 12, 31)
    has_legal_qualification = False
