"""The authorisation matrix (acceptance criterion of issue #2 item 2).

For organisations and officers, every role of ROLE_SPECS, held by a user of `org_world.agency`
(深圳市市场监督管理局, region 4403), is checked against every owner of the world through five
channels: the list selector, the detail accessor, the API list, the API detail and the CSV export.
The EXPECTED visibility comes from the small tables below, written by hand from the meaning of
each data scope — not from the code under test — and the visible sets must be exactly equal.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, cast

import pytest
from django.http import StreamingHttpResponse
from django.test import Client
from django.urls import reverse

from zhifa.core.audit import Actor
from zhifa.core.errors import NotFound, PermissionDenied
from zhifa.core.scopes import DataScope
from zhifa.orgs.models import Officer, Organisation, Role, UserRole
from zhifa.orgs.permissions import OrgPerm
from zhifa.orgs.roles import ROLE_SPECS
from zhifa.orgs.scopes import forget_grants
from zhifa.orgs.selectors.officers import officer_get_for_user, officer_list_for_user
from zhifa.orgs.selectors.organisations import organisation_get_for_user, organisation_list_for_user
from zhifa.orgs.services.tokens import api_token_issue
from zhifa.orgs.tests.factories import OfficerFactory, UserFactory

pytestmark = pytest.mark.django_db

ALL_ORGS = {
    "city_justice",
    "district_justice",
    "agency",
    "agency_child",
    "agency_child_futian",
    "sibling",
    "sibling_child",
    "other_city",
}
IN_SHENZHEN = ALL_ORGS - {"other_city"}  # every unit whose region code starts with 4403

# What a user of `agency` sees, per data scope. Officers: one per unit, plus "self" (the user's own
# certificate record, kept in `agency`).
EXPECTED_ORGS: dict[str, set[str]] = {
    DataScope.SELF: set(),  # organisations have no owner: 本人 grants nothing
    DataScope.OWN_UNIT: {"agency"},
    DataScope.UNIT_AND_BELOW: {"agency", "agency_child", "agency_child_futian"},
    DataScope.REGION: IN_SHENZHEN,
    DataScope.ALL: ALL_ORGS,
}
EXPECTED_OFFICERS: dict[str, set[str]] = {
    DataScope.SELF: {"self"},
    DataScope.OWN_UNIT: {"agency", "self"},
    DataScope.UNIT_AND_BELOW: {"agency", "agency_child", "agency_child_futian", "self"},
    DataScope.REGION: IN_SHENZHEN | {"self"},
    DataScope.ALL: ALL_ORGS | {"self"},
}


@dataclass
class Entity:
    perm: str
    expected: dict[str, set[str]]
    api: str
    export: str
    list_selector: Any
    get_selector: Any


ENTITIES = {
    "organisation": Entity(
        OrgPerm.ORGANISATION_VIEW,
        EXPECTED_ORGS,
        "/api/orgs/organisations",
        "orgs:organisation_export",
        organisation_list_for_user,
        organisation_get_for_user,
    ),
    "officer": Entity(
        OrgPerm.OFFICER_VIEW,
        EXPECTED_OFFICERS,
        "/api/orgs/officers",
        "orgs:officer_export",
        officer_list_for_user,
        officer_get_for_user,
    ),
}


@dataclass
class World:
    user: Any
    objects: dict[str, Any]  # owner key → Organisation / Officer
    names: dict[str, str]  # display name (first CSV column) → owner key


def build_world(org_world: Any, entity: str, user: Any) -> World:
    orgs = org_world.all()
    if entity == "organisation":
        objects = dict(orgs)
        names = {org.name: key for key, org in orgs.items()}
    else:
        objects = {
            key: OfficerFactory.create(organisation=org, name=f"执法员-{key}") for key, org in orgs.items()
        }
        objects["self"] = OfficerFactory.create(organisation=org_world.agency, user=user, name="执法员-self")
        names = {officer.name: key for key, officer in objects.items()}
    return World(user=user, objects=objects, names=names)


def visible_by_selector(world: World, entity: Entity) -> set[str]:
    found = {obj.pk for obj in entity.list_selector(world.user)}
    return {key for key, obj in world.objects.items() if obj.pk in found}


def visible_by_accessor(world: World, entity: Entity) -> set[str] | None:
    """Keys the detail accessor returns; None when it refuses every object with PermissionDenied."""
    seen: set[str] = set()
    denied = 0
    for key, obj in world.objects.items():
        try:
            assert entity.get_selector(world.user, obj.pk).pk == obj.pk
            seen.add(key)
        except NotFound:
            pass
        except PermissionDenied:
            denied += 1
    assert denied in (0, len(world.objects)), "permission must not depend on the object"
    return None if denied else seen


def visible_by_api_list(world: World, entity: Entity, headers: dict[str, Any]) -> set[str] | int:
    response = Client().get(entity.api, {"limit": 200}, **headers)
    if response.status_code != 200:
        return response.status_code
    ids = {row["id"] for row in response.json()["items"]}
    assert response.json()["count"] == len(ids)
    return {key for key, obj in world.objects.items() if obj.pk in ids}


def visible_by_api_detail(world: World, entity: Entity, headers: dict[str, Any]) -> set[str] | int:
    seen: set[str] = set()
    statuses = set()
    for key, obj in world.objects.items():
        response = Client().get(f"{entity.api}/{obj.pk}", **headers)
        statuses.add(response.status_code)
        if response.status_code == 200:
            assert response.json()["id"] == obj.pk
            seen.add(key)
    assert statuses <= {200, 404} or statuses == {403}, statuses
    return 403 if statuses == {403} else seen


def visible_by_export(world: World, entity: Entity) -> set[str] | int:
    client = Client()
    client.force_login(world.user)
    response = client.get(reverse(entity.export))
    if response.status_code != 200:
        return response.status_code
    # django-stubs types every test-client response as HttpResponse; this one streams.
    streamed = cast(StreamingHttpResponse, response)
    text = b"".join(cast(Iterator[bytes], streamed.streaming_content)).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))[1:]
    return {world.names[row[0]] for row in rows}


def assert_channels(world: World, entity: Entity, expected: set[str] | None) -> None:
    """expected=None means: the user lacks the permission (empty selector, 403 elsewhere)."""
    headers = {
        "HTTP_AUTHORIZATION": "Bearer " + api_token_issue(actor=Actor.system(), user=world.user, name="m")
    }
    if expected is None:
        assert visible_by_selector(world, entity) == set()
        assert visible_by_accessor(world, entity) is None
        assert visible_by_api_list(world, entity, headers) == 403
        assert visible_by_api_detail(world, entity, headers) == 403
        assert visible_by_export(world, entity) == 403
        return
    assert visible_by_selector(world, entity) == expected, "list selector"
    assert visible_by_accessor(world, entity) == expected, "detail accessor"
    assert visible_by_api_list(world, entity, headers) == expected, "API list"
    assert visible_by_api_detail(world, entity, headers) == expected, "API detail"
    assert visible_by_export(world, entity) == expected, "CSV export"


def expected_for(spec_permissions: tuple[str, ...], scope: str, entity: Entity) -> set[str] | None:
    return entity.expected[scope] if entity.perm in spec_permissions else None


@pytest.mark.parametrize("entity_name", sorted(ENTITIES))
@pytest.mark.parametrize("spec", ROLE_SPECS, ids=[s.code for s in ROLE_SPECS])
def test_every_role_sees_exactly_its_scope(
    org_world: Any, make_user: Any, spec: Any, entity_name: str
) -> None:
    entity = ENTITIES[entity_name]
    user = make_user(org_world.agency, spec.code)
    world = build_world(org_world, entity_name, user)
    assert_channels(world, entity, expected_for(spec.permissions, spec.scope_for(entity.perm), entity))


def custom_role(code: str, scope: str, *orgs: Organisation) -> Role:
    role = Role.objects.create(
        code=code,
        name=code,
        data_scope=scope,
        permissions=[OrgPerm.ORGANISATION_VIEW, OrgPerm.OFFICER_VIEW],
    )
    role.custom_organisations.set(orgs)
    return role


def grant(user: Any, *roles: Role) -> None:
    for role in roles:
        UserRole.objects.create(user=user, role=role)
    forget_grants(user)


@pytest.mark.parametrize("entity_name", sorted(ENTITIES))
def test_custom_scope_role_sees_exactly_its_custom_organisations(
    org_world: Any, make_user: Any, entity_name: str
) -> None:
    user = make_user(org_world.agency)
    grant(user, custom_role("custom_pick", DataScope.CUSTOM, org_world.sibling, org_world.other_city))
    world = build_world(org_world, entity_name, user)
    assert_channels(world, ENTITIES[entity_name], {"sibling", "other_city"})


def test_two_roles_combine_by_union_for_officers(org_world: Any, make_user: Any) -> None:
    user = make_user(org_world.agency, "officer")  # 执法人员: colleagues of the own unit
    grant(user, custom_role("custom_gz", DataScope.CUSTOM, org_world.other_city))
    world = build_world(org_world, "officer", user)
    assert_channels(world, ENTITIES["officer"], {"self", "agency", "other_city"})


def test_two_roles_combine_by_union_for_organisations(org_world: Any, make_user: Any) -> None:
    user = make_user(org_world.agency, "unit_admin")  # 本单位及下级
    grant(user, custom_role("custom_eco", DataScope.CUSTOM, org_world.sibling_child))
    world = build_world(org_world, "organisation", user)
    assert_channels(
        world, ENTITIES["organisation"], {"agency", "agency_child", "agency_child_futian", "sibling_child"}
    )


@pytest.mark.parametrize(
    "scope", [DataScope.OWN_UNIT, DataScope.UNIT_AND_BELOW, DataScope.REGION, DataScope.SELF]
)
@pytest.mark.parametrize("entity_name", sorted(ENTITIES))
def test_user_without_organisation_sees_nothing_under_unit_scopes(
    org_world: Any, entity_name: str, scope: str
) -> None:
    user = UserFactory.create(organisation=None)
    grant(user, custom_role(f"r_{scope}", scope))
    world = build_world(org_world, entity_name, user)
    world.objects.pop("self", None)
    if entity_name == "officer":
        Officer.objects.filter(user=user).delete()
    entity = ENTITIES[entity_name]
    assert visible_by_selector(world, entity) == set()
    assert visible_by_accessor(world, entity) == set()
    headers: dict[str, Any] = {
        "HTTP_AUTHORIZATION": "Bearer " + api_token_issue(actor=Actor.system(), user=user, name="m")
    }
    assert visible_by_api_list(world, entity, headers) == set()
    assert visible_by_export(world, entity) == set()


@pytest.mark.parametrize("entity_name", sorted(ENTITIES))
def test_inactive_user_sees_nothing(org_world: Any, make_user: Any, entity_name: str) -> None:
    user = make_user(org_world.agency, "city_justice_admin")
    world = build_world(org_world, entity_name, user)
    headers: dict[str, Any] = {
        "HTTP_AUTHORIZATION": "Bearer " + api_token_issue(actor=Actor.system(), user=user, name="m")
    }
    user.is_active = False
    user.save(update_fields=["is_active"])
    forget_grants(user)
    entity = ENTITIES[entity_name]
    assert visible_by_selector(world, entity) == set()
    assert visible_by_accessor(world, entity) is None
    assert Client().get(entity.api, **headers).status_code == 401
    client = Client()
    client.force_login(user)
    assert client.get(reverse(entity.export)).status_code == 302  # logged out → login page


def test_matrix_covers_every_role_and_scope() -> None:
    """Guard: a new role or scope must be added to the expectation tables above."""
    assert {spec.scope_for(p) for spec in ROLE_SPECS for p in spec.permissions} <= set(EXPECTED_ORGS) & set(
        EXPECTED_OFFICERS
    )
    assert len(ROLE_SPECS) >= 10
