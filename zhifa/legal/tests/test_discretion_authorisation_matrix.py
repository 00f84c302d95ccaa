"""Authorisation matrix for powers (权责清单) and discretion standards (裁量基准).

Every role of ROLE_SPECS, held by a user of `org_world.agency` (深圳市市场监督管理局, region 4403),
against owners {own unit, child unit, sibling unit, another city}, through the list selector, the
detail accessor, the API list, the API detail and (standards) the CSV export. The EXPECTED sets are
written by hand from the meaning of each data scope — not computed by the code under test:

* powers: org_path + region_path only (owner_path=None), so 本人 grants nothing;
* standards: the scope, plus every standard of the user's own unit, plus the *published* standards
  of the unit's ancestors (claimable, spec/02 §2.2.4). The ancestor rule cannot show for a user
  of `agency` (a root unit), so a second table looks from `agency_child`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from typing import Any, cast

import pytest
from django.http import StreamingHttpResponse
from django.test import Client
from django.urls import reverse

from zhifa.core.audit import Actor
from zhifa.core.errors import NotFound, PermissionDenied
from zhifa.core.scopes import DataScope
from zhifa.legal.models import DiscretionStatus
from zhifa.legal.permissions import LegalPerm
from zhifa.legal.selectors.discretion import discretion_get_for_user, discretion_list_for_user
from zhifa.legal.selectors.powers import power_get_for_user, power_list_for_user
from zhifa.orgs.roles import ROLE_SPECS
from zhifa.orgs.services.tokens import api_token_issue

from .powers_factories import make_power, make_standard

pytestmark = pytest.mark.django_db

OWNERS = {"own": "agency", "child": "agency_child", "sibling": "sibling", "other_city": "other_city"}
ALL = set(OWNERS)

# Seen from a user of `agency` (4403): child = 罗湖 440303 under agency, sibling = 市生态环境局 (4403,
# another tree), other_city = 广州 (4401).
EXPECTED_POWERS: dict[str, set[str]] = {
    DataScope.SELF: set(),  # powers belong to units: 本人 grants nothing
    DataScope.OWN_UNIT: {"own"},
    DataScope.UNIT_AND_BELOW: {"own", "child"},
    DataScope.REGION: {"own", "child", "sibling"},
    DataScope.ALL: ALL,
}
EXPECTED_STANDARDS: dict[str, set[str]] = {
    DataScope.SELF: {"own"},  # the own-unit rule: a unit uses its own standards
    DataScope.OWN_UNIT: {"own"},
    DataScope.UNIT_AND_BELOW: {"own", "child"},
    DataScope.REGION: {"own", "child", "sibling"},
    DataScope.ALL: ALL,
}

# Seen from a user of `agency_child` (罗湖 440303, parent = agency): the parent's published standard
# is visible to every role holding the view permission (claimable), the parent's draft is not.
CHILD_OWNERS = {
    "own": ("agency_child", DiscretionStatus.DRAFT),
    "parent_published": ("agency", DiscretionStatus.PUBLISHED),
    "parent_draft": ("agency", DiscretionStatus.DRAFT),
    "futian": ("agency_child_futian", DiscretionStatus.PUBLISHED),
    "other_city": ("other_city", DiscretionStatus.PUBLISHED),
}
CLAIMABLE = {"parent_published"}
EXPECTED_FROM_CHILD: dict[str, set[str]] = {
    DataScope.SELF: {"own"} | CLAIMABLE,
    DataScope.OWN_UNIT: {"own"} | CLAIMABLE,
    DataScope.UNIT_AND_BELOW: {"own"} | CLAIMABLE,  # 罗湖监管局 has no lower units
    DataScope.REGION: {"own"} | CLAIMABLE,  # 440303: neither 4403 (agency) nor 440304 (福田)
    DataScope.ALL: set(CHILD_OWNERS),
}


def by_selector(objects: dict[str, Any], list_selector: Callable[[Any], Any], user: Any) -> set[str]:
    found = {obj.pk for obj in list_selector(user)}
    return {key for key, obj in objects.items() if obj.pk in found}


def by_accessor(objects: dict[str, Any], get: Callable[[Any, Any], Any], user: Any) -> set[str] | None:
    seen, denied = set(), 0
    for key, obj in objects.items():
        try:
            assert get(user, obj.pk).pk == obj.pk
            seen.add(key)
        except NotFound:
            pass
        except PermissionDenied:
            denied += 1
    assert denied in (0, len(objects))
    return None if denied else seen


def by_api_list(objects: dict[str, Any], url: str, headers: dict[str, Any]) -> set[str] | int:
    response = Client().get(url, {"limit": 100}, **headers)
    if response.status_code != 200:
        return response.status_code
    ids = {row["id"] for row in response.json()["items"]}
    assert response.json()["count"] == len(ids)
    return {key for key, obj in objects.items() if obj.pk in ids}


def by_api_detail(objects: dict[str, Any], url: str, headers: dict[str, Any]) -> set[str] | int:
    seen, statuses = set(), set()
    for key, obj in objects.items():
        response = Client().get(f"{url}{obj.pk}", **headers)
        statuses.add(response.status_code)
        if response.status_code == 200:
            assert response.json()["id"] == obj.pk
            seen.add(key)
    assert statuses <= {200, 404} or statuses == {403}, statuses
    return 403 if statuses == {403} else seen


def by_export(user: Any) -> set[str] | int:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("legal:discretion_export"))
    if response.status_code != 200:
        return response.status_code
    # django-stubs types every test-client response as HttpResponse; this one streams.
    streamed = cast(StreamingHttpResponse, response)
    text = b"".join(cast(Iterator[bytes], streamed.streaming_content)).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))[1:]
    return {row[0] for row in rows}  # 序号 carries the owner key


def token_headers(user: Any) -> dict[str, Any]:
    return {"HTTP_AUTHORIZATION": "Bearer " + api_token_issue(actor=Actor.system(), user=user, name="m")}


def test_every_role_sees_exactly_its_powers(org_world: Any, make_user: Any) -> None:
    orgs = org_world.all()
    powers = {key: make_power(orgs[owner], f"P-{key}") for key, owner in OWNERS.items()}
    for spec in ROLE_SPECS:
        user = make_user(org_world.agency, spec.code)
        headers = token_headers(user)
        if LegalPerm.POWER_VIEW not in spec.permissions:
            assert by_selector(powers, power_list_for_user, user) == set(), spec.code
            assert by_accessor(powers, power_get_for_user, user) is None, spec.code
            assert by_api_list(powers, "/api/legal/powers/", headers) == 403, spec.code
            continue
        expected = EXPECTED_POWERS[spec.scope_for(LegalPerm.POWER_VIEW)]
        assert by_selector(powers, power_list_for_user, user) == expected, f"{spec.code}: list"
        assert by_accessor(powers, power_get_for_user, user) == expected, f"{spec.code}: detail"
        assert by_api_list(powers, "/api/legal/powers/", headers) == expected, f"{spec.code}: API list"
        assert by_api_detail(powers, "/api/legal/powers/", headers) == expected, f"{spec.code}: API detail"


@pytest.mark.parametrize("spec", ROLE_SPECS, ids=[s.code for s in ROLE_SPECS])
def test_every_role_sees_exactly_its_standards(org_world: Any, make_user: Any, spec: Any) -> None:
    orgs = org_world.all()
    standards = {key: make_standard(orgs[owner], item_no=key) for key, owner in OWNERS.items()}
    user = make_user(org_world.agency, spec.code)
    headers = token_headers(user)
    if LegalPerm.DISCRETION_VIEW not in spec.permissions:
        assert by_selector(standards, discretion_list_for_user, user) == set()
        assert by_export(user) == 403
        return
    expected = EXPECTED_STANDARDS[spec.scope_for(LegalPerm.DISCRETION_VIEW)]
    assert by_selector(standards, discretion_list_for_user, user) == expected, "list"
    assert by_accessor(standards, discretion_get_for_user, user) == expected, "detail"
    assert by_api_list(standards, "/api/legal/discretion/", headers) == expected, "API list"
    assert by_api_detail(standards, "/api/legal/discretion/", headers) == expected, "API detail"
    assert by_export(user) == expected, "CSV export"


@pytest.mark.parametrize("spec", ROLE_SPECS, ids=[s.code for s in ROLE_SPECS])
def test_published_standards_of_ancestors_are_visible_for_claiming(
    org_world: Any, make_user: Any, spec: Any
) -> None:
    orgs = org_world.all()
    standards = {
        key: make_standard(orgs[owner], status=status, item_no=key)
        for key, (owner, status) in CHILD_OWNERS.items()
    }
    user = make_user(org_world.agency_child, spec.code)
    expected = EXPECTED_FROM_CHILD[spec.scope_for(LegalPerm.DISCRETION_VIEW)]
    headers = token_headers(user)
    assert by_selector(standards, discretion_list_for_user, user) == expected, "list"
    assert by_accessor(standards, discretion_get_for_user, user) == expected, "detail"
    assert by_api_list(standards, "/api/legal/discretion/", headers) == expected, "API list"
    assert by_api_detail(standards, "/api/legal/discretion/", headers) == expected, "API detail"
    assert by_export(user) == expected, "CSV export"


def test_a_user_without_any_role_sees_nothing(org_world: Any, make_user: Any) -> None:
    standard = make_standard(org_world.agency, item_no="own")
    power = make_power(org_world.agency, "P-own")
    user = make_user(org_world.agency)
    assert by_selector({"own": standard}, discretion_list_for_user, user) == set()
    assert by_accessor({"own": standard}, discretion_get_for_user, user) == set()
    assert by_selector({"own": power}, power_list_for_user, user) == set()
    headers = token_headers(user)
    assert by_api_list({"own": standard}, "/api/legal/discretion/", headers) == 403
    assert by_api_list({"own": power}, "/api/legal/powers/", headers) == 403
    assert by_export(user) == 403
