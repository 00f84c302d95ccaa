"""Discretion standards: maintenance, supervisory review, publication, versions, claims, notices."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from zhifa.core.audit import Actor
from zhifa.core.errors import Conflict, PermissionDenied, ValidationError
from zhifa.core.models import AuditEvent
from zhifa.legal.models import DiscretionChangeNotice, DiscretionStatus, ParseStatus
from zhifa.legal.rules.discretion import RangeKind, discretion_compute
from zhifa.legal.selectors.discretion import (
    discretion_available_actions,
    discretion_list_for_user,
    notice_list_for_user,
)
from zhifa.legal.services.discretion import (
    discretion_approve,
    discretion_claim,
    discretion_create,
    discretion_notice_mark_read,
    discretion_publish,
    discretion_reject,
    discretion_submit,
    discretion_unclaim,
    discretion_update,
    discretion_withdraw,
)

from .powers_factories import TIERS, make_standard

pytestmark = pytest.mark.django_db


@pytest.fixture
def maintainer(org_world: Any, make_user: Any) -> Any:
    return make_user(org_world.agency, "unit_admin")


@pytest.fixture
def reviewer(org_world: Any, make_user: Any) -> Any:
    return make_user(org_world.city_justice, "city_justice_admin")


def test_create_parses_each_tier_into_structure(org_world: Any, maintainer: Any) -> None:
    standard = discretion_create(actor=Actor.of(maintainer), violation="未依法备案的", tiers=TIERS)
    assert standard.organisation == org_world.agency
    assert standard.status == DiscretionStatus.DRAFT
    tiers = list(standard.tiers.order_by("order"))
    assert [(t.amount_min, t.amount_max) for t in tiers] == [
        (None, Decimal("10000.00")),
        (Decimal("10000.00"), Decimal("20000.00")),
        (Decimal("20000.00"), Decimal("40000.00")),
    ]
    assert all(t.parse_status == ParseStatus.PARSED for t in tiers)
    assert tiers[0].orders == ["责令备案"]
    assert AuditEvent.objects.filter(action="legal.discretion.create", subject_id=str(standard.pk)).exists()


def test_explicit_structure_is_manual_and_validated(maintainer: Any) -> None:
    tier = {
        "label": "一般",
        "circumstances": "情节一",
        "range_kind": RangeKind.MULTIPLE,
        "base_kind": "goods_value",
        "factor_min": "1",
        "factor_max": "3",
    }
    standard = discretion_create(actor=Actor.of(maintainer), violation="生产销售不合格产品", tiers=[tier])
    saved = standard.tiers.get()
    assert (saved.parse_status, saved.penalty_kinds) == (ParseStatus.MANUAL, ["fine"])
    with pytest.raises(ValidationError, match="下限不能高于上限"):
        discretion_create(
            actor=Actor.of(maintainer), violation="x", tiers=[{**tier, "factor_min": "5", "factor_max": "3"}]
        )
    with pytest.raises(ValidationError, match="计算基数"):
        discretion_create(actor=Actor.of(maintainer), violation="x", tiers=[{**tier, "base_kind": ""}])
    with pytest.raises(ValidationError, match="违法行为"):
        discretion_create(actor=Actor.of(maintainer), violation=" ", tiers=TIERS)


def test_unparsed_tiers_keep_their_text_and_reason(maintainer: Any) -> None:
    standard = discretion_create(
        actor=Actor.of(maintainer),
        violation="x",
        tiers=[{"label": "2", "standard_text": "处七万元以下九万元以下罚款"}],
    )
    tier = standard.tiers.get()
    assert tier.parse_status == ParseStatus.UNPARSED
    assert tier.parse_reason == "区间表述不规范（上下限表述矛盾）"
    assert tier.standard_text == "处七万元以下九万元以下罚款"


def test_full_workflow_with_rejection_and_supervisory_approval(
    org_world: Any, maintainer: Any, reviewer: Any
) -> None:
    actor = Actor.of(maintainer)
    standard = discretion_create(actor=actor, violation="未依法备案的", tiers=TIERS)
    standard = discretion_submit(actor=actor, standard=standard)
    assert discretion_available_actions(reviewer, standard) >= {"approve", "reject"}
    assert "approve" not in discretion_available_actions(maintainer, standard)
    standard = discretion_reject(actor=Actor.of(reviewer), standard=standard, reason="档次划分过粗")
    assert (standard.status, standard.rejected_reason) == (DiscretionStatus.DRAFT, "档次划分过粗")
    standard = discretion_update(actor=actor, standard=standard, changes={"note": "已细化"})
    standard = discretion_submit(actor=actor, standard=standard)
    assert standard.rejected_reason == ""
    standard = discretion_approve(actor=Actor.of(reviewer), standard=standard)
    standard = discretion_publish(actor=actor, standard=standard)
    assert standard.status == DiscretionStatus.PUBLISHED
    assert standard.published_by == maintainer
    actions = list(
        AuditEvent.objects.filter(subject_id=str(standard.pk), subject_type="legal.discretionstandard")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "legal.discretion.create",
        "legal.discretion.submit",
        "legal.discretion.reject",
        "legal.discretion.update",
        "legal.discretion.submit",
        "legal.discretion.approve",
        "legal.discretion.publish",
    ]


def test_only_a_supervising_body_or_approver_in_scope_may_approve(org_world: Any, make_user: Any) -> None:
    standard = make_standard(org_world.agency_child, status=DiscretionStatus.SUBMITTED)
    # 罗湖区司法局 covers 罗湖 (440303) by region and holds the approve permission.
    district = make_user(org_world.district_justice, "district_justice_admin")
    assert "approve" in discretion_available_actions(district, standard)
    # A 罗湖 supervisor of another district does not cover 福田.
    futian = make_standard(org_world.agency_child_futian, status=DiscretionStatus.SUBMITTED)
    with pytest.raises(PermissionDenied, match="上级主管部门或监督机关"):
        discretion_approve(actor=Actor.of(district), standard=futian)
    # The unit's own administrator cannot approve.
    admin = make_user(org_world.agency_child, "unit_admin")
    with pytest.raises(PermissionDenied):
        discretion_approve(actor=Actor.of(admin), standard=standard)
    discretion_approve(actor=Actor.of(district), standard=standard)


def test_submitter_may_not_approve(org_world: Any, make_user: Any) -> None:
    both = make_user(org_world.city_justice, "city_justice_admin")
    standard = discretion_create(
        actor=Actor.of(both), organisation=org_world.agency, violation="x", tiers=TIERS
    )
    discretion_submit(actor=Actor.of(both), standard=standard)
    with pytest.raises(PermissionDenied, match="提交人"):
        discretion_approve(actor=Actor.of(both), standard=standard)


def test_claim_revision_and_change_notice(
    org_world: Any, make_user: Any, maintainer: Any, reviewer: Any
) -> None:
    published = make_standard(org_world.agency)
    child_admin = make_user(org_world.agency_child, "unit_admin")
    assert "claim" in discretion_available_actions(child_admin, published)
    claim = discretion_claim(actor=Actor.of(child_admin), standard=published)
    assert (claim.organisation, claim.claimed_version) == (org_world.agency_child, 1)
    with pytest.raises(Conflict, match="已认领"):
        discretion_claim(actor=Actor.of(child_admin), standard=published)

    # 动态调整: editing a published standard starts version 2; the published one stays in force.
    revised = discretion_update(
        actor=Actor.of(maintainer), standard=published, changes={"note": "2025年修订", "tiers": TIERS[:2]}
    )
    assert (revised.version, revised.supersedes, revised.status) == (2, published, DiscretionStatus.DRAFT)
    assert revised.series == published.series
    published.refresh_from_db()
    assert published.status == DiscretionStatus.PUBLISHED
    assert not DiscretionChangeNotice.objects.exists()
    with pytest.raises(Conflict, match="修订中的新版本"):
        discretion_update(actor=Actor.of(maintainer), standard=published, changes={"note": "again"})

    discretion_submit(actor=Actor.of(maintainer), standard=revised)
    discretion_approve(actor=Actor.of(reviewer), standard=revised)
    revised = discretion_publish(actor=Actor.of(maintainer), standard=revised)
    published.refresh_from_db()
    assert published.status == DiscretionStatus.SUPERSEDED
    [notice] = notice_list_for_user(child_admin)
    assert notice.standard == revised
    assert notice.kind == "new_version"
    assert "第2版" in notice.message
    assert notice_list_for_user(maintainer).count() == 1  # the agency's scope covers its child
    assert notice_list_for_user(make_user(org_world.sibling, "unit_admin")).count() == 0

    # Re-claim the new version; then mark the notice read.
    assert "claim" in discretion_available_actions(child_admin, revised)
    claim = discretion_claim(actor=Actor.of(child_admin), standard=revised)
    assert claim.claimed_version == 2
    assert discretion_notice_mark_read(actor=Actor.of(child_admin), notices=[notice]) == 1
    assert notice_list_for_user(child_admin, unread_only=True).count() == 0


def test_withdrawal_notifies_claimers_and_unclaim(org_world: Any, make_user: Any, maintainer: Any) -> None:
    published = make_standard(org_world.agency)
    child_admin = make_user(org_world.agency_child, "unit_admin")
    claim = discretion_claim(actor=Actor.of(child_admin), standard=published)
    with pytest.raises(ValidationError):
        discretion_withdraw(actor=Actor.of(maintainer), standard=published, reason="")
    discretion_withdraw(actor=Actor.of(maintainer), standard=published, reason="上位法修改")
    [notice] = notice_list_for_user(child_admin)
    assert notice.kind == "withdrawn"
    assert "上位法修改" in notice.message
    discretion_unclaim(actor=Actor.of(child_admin), claim=claim)
    claim.refresh_from_db()
    assert claim.active is False


def test_claims_only_from_ancestors(org_world: Any, make_user: Any) -> None:
    sibling_standard = make_standard(org_world.sibling)
    child_admin = make_user(org_world.agency_child, "unit_admin")
    with pytest.raises(PermissionDenied, match="上级单位"):
        discretion_claim(actor=Actor.of(child_admin), standard=sibling_standard)
    draft = make_standard(org_world.agency, status=DiscretionStatus.DRAFT)
    with pytest.raises(Conflict):
        discretion_claim(actor=Actor.of(child_admin), standard=draft)
    officer = make_user(org_world.agency_child, "officer")  # no claim permission
    with pytest.raises(PermissionDenied):
        discretion_claim(actor=Actor.of(officer), standard=make_standard(org_world.agency))


def test_only_drafts_and_published_standards_can_be_updated(org_world: Any, maintainer: Any) -> None:
    submitted = make_standard(org_world.agency, status=DiscretionStatus.SUBMITTED)
    with pytest.raises(Conflict):
        discretion_update(actor=Actor.of(maintainer), standard=submitted, changes={"note": "x"})


def test_unit_editors_cannot_touch_other_units(org_world: Any, make_user: Any) -> None:
    standard = make_standard(org_world.sibling, status=DiscretionStatus.DRAFT)
    outsider = make_user(org_world.agency, "unit_admin")
    with pytest.raises(PermissionDenied):
        discretion_update(actor=Actor.of(outsider), standard=standard, changes={"note": "x"})
    with pytest.raises(PermissionDenied):
        discretion_create(
            actor=Actor.of(outsider), organisation=org_world.sibling, violation="x", tiers=TIERS
        )


def test_compute_on_a_stored_standard(org_world: Any) -> None:
    standard = make_standard(org_world.agency)
    result = discretion_compute(standard=standard, circumstances={"发现有超标排放污染物的"})
    assert result.tier is not None
    assert result.tier.label == "3"
    assert (result.lo, result.hi, result.recommended) == (
        Decimal("20000.00"),
        Decimal("40000.00"),
        Decimal("30000.00"),
    )


def test_list_filters_by_keyword_status_and_hides_superseded(org_world: Any, maintainer: Any) -> None:
    make_standard(org_world.agency, violation="未依法备案建设项目环境影响登记表的", item_no="1-2")
    make_standard(org_world.agency, violation="拒绝现场检查", status=DiscretionStatus.DRAFT)
    from zhifa.legal.selectors.discretion import DiscretionFilters

    assert discretion_list_for_user(maintainer, DiscretionFilters(keyword="登记表")).count() == 1
    assert discretion_list_for_user(maintainer, DiscretionFilters(keyword="1-2")).count() == 1
    assert discretion_list_for_user(maintainer, DiscretionFilters(status="draft")).count() == 1
    assert discretion_list_for_user(maintainer).count() == 2


def test_officers_draft_and_submit_but_do_not_publish_or_withdraw(org_world: Any, make_user: Any) -> None:
    officer = make_user(org_world.agency, "officer")
    draft = discretion_create(actor=Actor.of(officer), violation="x", tiers=TIERS)
    discretion_submit(actor=Actor.of(officer), standard=draft)
    published = make_standard(org_world.agency)
    with pytest.raises(PermissionDenied):
        discretion_withdraw(actor=Actor.of(officer), standard=published, reason="r")
    approved = make_standard(org_world.agency, status=DiscretionStatus.APPROVED)
    with pytest.raises(PermissionDenied):
        discretion_publish(actor=Actor.of(officer), standard=approved)
    assert "revise" in discretion_available_actions(officer, published)
    assert "withdraw" not in discretion_available_actions(officer, published)
