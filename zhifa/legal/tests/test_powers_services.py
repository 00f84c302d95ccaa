"""Power list changes go through batches: draft → submitted → approved (new version) / rejected."""

from __future__ import annotations

from typing import Any

import pytest

from zhifa.core.audit import Actor
from zhifa.core.errors import Conflict, PermissionDenied, ValidationError
from zhifa.core.models import AuditEvent
from zhifa.legal.models import (
    Article,
    BatchState,
    Law,
    LawVersion,
    Power,
    PowerBasis,
    PowerStatus,
    PowerVersion,
)
from zhifa.legal.selectors.powers import basis_rows, power_batch_available_actions
from zhifa.legal.services.powers import (
    power_batch_add_change,
    power_batch_approve,
    power_batch_create,
    power_batch_reject,
    power_batch_submit,
)

from .powers_factories import make_power, power_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(org_world: Any, make_user: Any) -> Any:
    return make_user(org_world.agency, "unit_admin")


@pytest.fixture
def approver(org_world: Any, make_user: Any) -> Any:
    return make_user(org_world.city_justice, "city_justice_admin")


def submitted_batch(editor: Any, org: Any, code: str = "QZ-001") -> Any:
    actor = Actor.of(editor)
    batch = power_batch_create(actor=actor, title="新增职权", reason="法律修订", organisation=org)
    power_batch_add_change(actor=actor, batch=batch, action="create", data=power_data(org, code))
    return power_batch_submit(actor=actor, batch=batch)


def test_approval_creates_the_power_and_its_first_version(org_world: Any, editor: Any, approver: Any) -> None:
    batch = submitted_batch(editor, org_world.agency)
    power_batch_approve(actor=Actor.of(approver), batch=batch, note="同意")
    power = Power.objects.get(code="QZ-001")
    assert power.organisation == org_world.agency
    assert power.region_code == "4403"
    assert power.current_version is not None
    assert power.current_version.number == 1
    assert power.current_version.created_by == approver
    assert power.current_version.reason == "法律修订"
    assert power.current_version.bases.get().provision == "第一条"
    batch.refresh_from_db()
    assert batch.state == BatchState.APPROVED
    assert batch.decided_by == approver
    actions = list(AuditEvent.objects.filter(subject_id=str(batch.pk)).values_list("action", flat=True))
    assert actions == [
        "legal.power_batch.create",
        "legal.power_batch.add_change",
        "legal.power_batch.submit",
        "legal.power_batch.approve",
    ]


def test_update_creates_a_new_version_and_keeps_the_old_one(
    org_world: Any, editor: Any, approver: Any
) -> None:
    power = make_power(org_world.agency, "QZ-002", may_involve_crime=False)
    first = power.current_version
    actor = Actor.of(editor)
    batch = power_batch_create(
        actor=actor, title="调整", reason="新增涉刑标识", organisation=org_world.agency
    )
    power_batch_add_change(
        actor=actor, batch=batch, action="update", power=power, data={"may_involve_crime": True}
    )
    power_batch_submit(actor=actor, batch=batch)
    power_batch_approve(actor=Actor.of(approver), batch=batch)
    power.refresh_from_db()
    assert power.may_involve_crime is True
    assert power.current_version.number == 2  # type: ignore[union-attr]
    assert first is not None
    first.refresh_from_db()
    assert first.data["may_involve_crime"] is False  # a running case citing v1 keeps what it cited
    assert PowerVersion.objects.filter(power=power).count() == 2
    assert PowerBasis.objects.filter(version=first).count() == 1


def test_retire_sets_the_status_and_blocks_later_changes(org_world: Any, editor: Any, approver: Any) -> None:
    power = make_power(org_world.agency, "QZ-003")
    actor = Actor.of(editor)
    batch = power_batch_create(actor=actor, title="取消", reason="职权下放", organisation=org_world.agency)
    power_batch_add_change(actor=actor, batch=batch, action="retire", power=power)
    power_batch_submit(actor=actor, batch=batch)
    power_batch_approve(actor=Actor.of(approver), batch=batch)
    power.refresh_from_db()
    assert power.status == PowerStatus.RETIRED
    assert power.current_version.data["status"] == PowerStatus.RETIRED  # type: ignore[union-attr]
    other = power_batch_create(actor=actor, title="再调整", reason="x", organisation=org_world.agency)
    with pytest.raises(Conflict):
        power_batch_add_change(actor=actor, batch=other, action="update", power=power, data={"name": "新"})


def test_submitter_cannot_approve_own_batch(org_world: Any, make_user: Any) -> None:
    both = make_user(org_world.city_justice, "city_justice_admin")
    batch = submitted_batch(both, org_world.agency)
    with pytest.raises(PermissionDenied):
        power_batch_approve(actor=Actor.of(both), batch=batch)
    assert power_batch_available_actions(both, batch) == set()


def test_approve_needs_the_approve_permission_over_the_unit(
    org_world: Any, editor: Any, make_user: Any
) -> None:
    batch = submitted_batch(editor, org_world.agency)
    other_admin = make_user(org_world.agency, "unit_admin")  # edit, not approve
    with pytest.raises(PermissionDenied):
        power_batch_approve(actor=Actor.of(other_admin), batch=batch)
    district = make_user(org_world.district_justice, "district_justice_admin")  # 本区域 440303 only
    with pytest.raises(PermissionDenied):
        power_batch_approve(actor=Actor.of(district), batch=batch)
    assert not Power.objects.exists()


def test_reject_needs_a_reason_and_applies_nothing(org_world: Any, editor: Any, approver: Any) -> None:
    batch = submitted_batch(editor, org_world.agency)
    with pytest.raises(ValidationError) as error:
        power_batch_reject(actor=Actor.of(approver), batch=batch, reason=" ")
    assert error.value.fields["reason"] == ["请填写退回原因"]
    power_batch_reject(actor=Actor.of(approver), batch=batch, reason="依据不全")
    batch.refresh_from_db()
    assert (batch.state, batch.decision_note) == (BatchState.REJECTED, "依据不全")
    assert not Power.objects.exists()
    with pytest.raises(Conflict):
        power_batch_approve(actor=Actor.of(approver), batch=batch)


def test_editor_outside_scope_cannot_change_a_unit(org_world: Any, make_user: Any) -> None:
    outsider = make_user(org_world.other_city, "unit_admin")
    with pytest.raises(PermissionDenied):
        power_batch_create(actor=Actor.of(outsider), title="x", reason="y", organisation=org_world.agency)
    officer = make_user(org_world.agency, "officer")
    with pytest.raises(PermissionDenied):
        power_batch_create(actor=Actor.of(officer), title="x", reason="y")


def test_invalid_data_is_refused_in_chinese(org_world: Any, editor: Any) -> None:
    actor = Actor.of(editor)
    batch = power_batch_create(actor=actor, title="新增", reason="r", organisation=org_world.agency)
    with pytest.raises(ValidationError) as error:
        power_batch_add_change(
            actor=actor, batch=batch, action="create", data=power_data(org_world.agency, "")
        )
    assert error.value.fields == {"code": ["请填写职权编码"]}
    with pytest.raises(ValidationError) as error:
        power_batch_add_change(
            actor=actor,
            batch=batch,
            action="create",
            data=power_data(org_world.agency, "X1", bases=[{"category": "penalty"}]),
        )
    assert "依据原文" in error.value.message
    make_power(org_world.agency, "X2")
    with pytest.raises(ValidationError, match="已存在"):
        power_batch_add_change(
            actor=actor, batch=batch, action="create", data=power_data(org_world.agency, "X2")
        )
    with pytest.raises(ValidationError, match="没有调整内容"):
        power_batch_submit(actor=actor, batch=batch)


def test_approval_is_atomic_when_a_draft_no_longer_applies(
    org_world: Any, editor: Any, approver: Any
) -> None:
    actor = Actor.of(editor)
    batch = power_batch_create(actor=actor, title="新增两项", reason="r", organisation=org_world.agency)
    power_batch_add_change(
        actor=actor, batch=batch, action="create", data=power_data(org_world.agency, "A-1")
    )
    power_batch_add_change(
        actor=actor, batch=batch, action="create", data=power_data(org_world.agency, "A-2")
    )
    power_batch_submit(actor=actor, batch=batch)
    make_power(org_world.agency, "A-2")  # taken meanwhile by another batch
    with pytest.raises(Conflict):
        power_batch_approve(actor=Actor.of(approver), batch=batch)
    assert not Power.objects.filter(code="A-1").exists()
    batch.refresh_from_db()
    assert batch.state == BatchState.SUBMITTED


def test_basis_links_to_law_library_articles(org_world: Any) -> None:
    law = Law.objects.create(name="测试法", title="中华人民共和国测试法", legal_level="law")
    version = LawVersion.objects.create(
        law=law, version_date="2020-01-01", validity="valid", legal_level="law"
    )
    article = Article.objects.create(version=version, number=9, label="第九条", text="……", position=1)
    power = make_power(
        org_world.agency,
        "L-1",
        bases=[{"category": "penalty", "article_id": article.pk}, {"category": "violated", "text": "原文"}],
    )
    rows = basis_rows(power.current_version)
    assert [row["label"] for row in rows] == ["《中华人民共和国测试法》第九条", ""]
    assert rows[0]["basis"].article == article
    assert rows[0]["url"] == f"/legal/laws/articles/{article.pk}/"  # the law library's article page
    assert rows[1]["url"] is None
