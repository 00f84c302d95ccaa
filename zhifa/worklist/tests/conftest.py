"""Worklist tests attach to a stand-in subject (orgs.organisation) so the app is tested without the
cases app: a user may read an organisation of their own unit's subtree; an approval type
"test.approval" is registered with a recording on_finished hook and an optional eligibility rule."""

from __future__ import annotations

from typing import Any

import pytest

from zhifa.core import subjects
from zhifa.core.errors import NotFound
from zhifa.orgs.models import Organisation
from zhifa.orgs.scopes import unit_subtree_ids
from zhifa.worklist import registry
from zhifa.worklist.registry import ApprovalStepSpec, register_approval_type


def organisation_access(user: Any, pk: Any, *, write: bool = False) -> Organisation:
    if not getattr(user, "is_authenticated", False) or not user.organisation_id:
        raise NotFound()
    org = Organisation.objects.filter(pk=pk, pk__in=unit_subtree_ids(user)).first()
    if org is None:
        raise NotFound()
    return org


class Hooks:
    def __init__(self) -> None:
        self.finished: list[tuple[int, str]] = []
        self.ineligible_user_ids: set[int] = set()

    def on_finished(self, *, run: Any, actor: Any) -> None:
        self.finished.append((run.pk, run.status))

    def eligibility(self, user: Any, run: Any, step_index: int) -> str | None:
        if user.pk in self.ineligible_user_ids:
            return "本案承办人不得进行本案的法制审核"
        return None


@pytest.fixture(autouse=True)
def stand_in_subject(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(subjects, "_SUBJECTS", dict(subjects._SUBJECTS))
    subjects.register_subject("orgs.organisation", access=organisation_access, describe=lambda o: str(o))


@pytest.fixture
def hooks(monkeypatch: pytest.MonkeyPatch) -> Hooks:
    monkeypatch.setattr(registry, "_TYPES", dict(registry._TYPES))
    h = Hooks()
    register_approval_type(
        "test.approval",
        "测试审批",
        on_finished=h.on_finished,
        eligibility=h.eligibility,
        default_steps=(
            ApprovalStepSpec("team_leader", "承办机构负责人审核"),
            ApprovalStepSpec("legal_reviewer", "法制审核"),
        ),
    )
    return h
