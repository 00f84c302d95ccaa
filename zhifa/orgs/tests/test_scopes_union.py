"""The 全部 scope must survive unions that selectors add (`scope_q(...) | extra`)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import Q

from zhifa.orgs.models import Organisation
from zhifa.orgs.scopes import scope_q


@pytest.mark.django_db
def test_all_scope_is_not_narrowed_by_a_union(org_world: Any, make_user: Any) -> None:
    user = make_user(org_world.city_justice, "city_justice_admin")  # 全部
    q = scope_q(user, "orgs.organisation.view", org_path="id", region_path="region_code", owner_path=None)
    widened = q | Q(pk=org_world.agency.pk)
    assert Organisation.objects.filter(widened).count() == Organisation.objects.count() == 8


@pytest.mark.django_db
def test_superuser_scope_survives_a_union(org_world: Any, make_user: Any) -> None:
    user = make_user(org_world.city_justice, is_superuser=True)
    q = scope_q(user, "anything.at.all") | Q(pk=org_world.agency.pk)
    assert Organisation.objects.filter(q).count() == 8


@pytest.mark.django_db
def test_ancestor_chain_is_nearest_first_and_reads_only_the_chain(org_world: Any) -> None:
    from zhifa.orgs.scopes import organisation_ancestor_ids
    from zhifa.orgs.tests.factories import OrganisationFactory

    grandchild = OrganisationFactory.create(name="罗湖监管局东门所", parent=org_world.agency_child)
    assert organisation_ancestor_ids(grandchild.pk) == [org_world.agency_child.pk, org_world.agency.pk]
    assert organisation_ancestor_ids(grandchild.pk, include_self=True)[0] == grandchild.pk
    assert organisation_ancestor_ids(org_world.agency.pk) == []
