"""Fixtures: a stand-in subject (orgs.organisation) so documents are tested without the cases app."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from zhifa.core import subjects
from zhifa.core.audit import Actor
from zhifa.core.errors import NotFound

from .factories import decision_context


def _access(user: Any, pk: Any, *, write: bool = False) -> Any:
    from zhifa.orgs.models import Organisation
    from zhifa.orgs.scopes import organisation_subtree_ids

    org = Organisation.objects.filter(pk=pk).first()
    if org is None or not getattr(user, "is_authenticated", False) or not user.organisation_id:
        raise NotFound()
    if org.pk not in organisation_subtree_ids(user.organisation_id):
        raise NotFound()
    return org


@pytest.fixture
def stand_in_subject() -> Iterator[str]:
    previous = subjects._SUBJECTS.get("orgs.organisation")
    subjects.register_subject("orgs.organisation", access=_access, describe=str)
    yield "orgs.organisation"
    if previous is None:
        subjects._SUBJECTS.pop("orgs.organisation", None)
    else:
        subjects._SUBJECTS["orgs.organisation"] = previous


@pytest.fixture
def agency(db: Any) -> Any:
    from zhifa.orgs.tests.factories import OrganisationFactory

    return OrganisationFactory(name="深圳市市场监督管理局", short_name="深市监")


@pytest.fixture
def subject(agency: Any, stand_in_subject: str) -> Any:
    """The record documents attach to (a case in production; the organisation row here)."""
    return agency


@pytest.fixture
def actor(make_user: Any, agency: Any) -> Actor:
    return Actor.of(make_user(agency))


@pytest.fixture
def context(agency: Any) -> dict[str, Any]:
    return decision_context(agency)
