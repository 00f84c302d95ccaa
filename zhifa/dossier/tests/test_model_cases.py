"""典型案例: mark and unmark (audited, permission and scope checked), the list page in scope."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from zhifa.core.audit import Actor
from zhifa.core.errors import Conflict, PermissionDenied
from zhifa.core.models import AuditEvent
from zhifa.dossier.models import ModelCaseMark
from zhifa.dossier.services import model_case_mark, model_case_unmark

pytestmark = pytest.mark.django_db


def mark(world: Any, **kwargs: Any) -> ModelCaseMark:
    params: dict[str, Any] = {
        "actor": world.actor,
        "user": world.owner,
        "subject": world.subject,
        "organisation": world.organisation,
        "reason": "过期食品处罚的规范样本",
        "summary": "某餐饮公司销售过期牛奶，依法没收并罚款。",
        "domain": "食品安全",
        "tags": ["过期食品", "过期食品", " 罚款 "],
    }
    params.update(kwargs)
    return model_case_mark(**params)


def test_mark_and_unmark_are_audited(world: Any) -> None:
    marked = mark(world)
    assert marked.tags == ["过期食品", "罚款"]
    assert marked.title == world.subject.name
    with pytest.raises(Conflict):
        mark(world)

    withdrawn = model_case_unmark(actor=world.actor, user=world.owner, mark=marked, reason="案件被复议撤销")

    assert withdrawn.withdrawn_at is not None
    actions = list(
        AuditEvent.objects.filter(action__startswith="dossier.model_case").values_list("action", flat=True)
    )
    assert actions == ["dossier.model_case.mark", "dossier.model_case.unmark"]
    with pytest.raises(Conflict):
        model_case_unmark(actor=world.actor, user=world.owner, mark=withdrawn)
    assert mark(world).pk != marked.pk  # may be marked again after withdrawal


def test_marking_needs_the_permission_within_scope(world: Any, make_user: Any) -> None:
    officer = make_user(world.organisation, "officer")
    with pytest.raises(PermissionDenied):
        mark(world, actor=Actor.of(officer), user=officer)
    with pytest.raises(PermissionDenied):  # holds the permission, but for another agency
        mark(world, actor=Actor.of(world.outsider), user=world.outsider)
    assert ModelCaseMark.objects.count() == 0


def test_list_page_shows_marks_in_scope_only(world: Any, org_world: Any) -> None:
    mark(world)
    mark(world, subject=org_world.agency_child, reason="下级单位样本")
    other = Client()
    other.force_login(world.outsider)
    own = Client()
    own.force_login(world.owner)

    mine = own.get(reverse("dossier:model_cases")).content.decode()
    theirs = other.get(reverse("dossier:model_cases")).content.decode()

    assert world.subject.name in mine
    assert org_world.agency_child.name in mine
    assert world.subject.name not in theirs
    assert "暂无典型案例" in theirs


def test_mark_form_on_the_dossier_page(world: Any) -> None:
    client = Client()
    client.force_login(world.owner)
    target = reverse("dossier:model_case", args=["orgs.organisation", world.subject.pk])

    client.post(target, {"reason": "样本", "tags": "过期食品，罚款"})
    assert ModelCaseMark.objects.get().tags == ["过期食品", "罚款"]
    client.post(target, {"action": "unmark", "reason": "撤回"})
    assert ModelCaseMark.objects.get().withdrawn_at is not None
