"""Inspection and coercion results become publications (118号 P3), and every officer read is scoped:
本人 for the 执法人员 role, the unit's tree for leaders, nothing for outsiders (fail closed)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from zhifa.coercion.models import Measure, MeasureState
from zhifa.core.audit import Actor
from zhifa.core.errors import NotFound, PermissionDenied
from zhifa.disclosure.models import PartyKind, Publication, PublicationState
from zhifa.disclosure.selectors import (
    can_manage,
    publication_get_for_manage,
    publication_get_for_user,
    publication_list_for_user,
)
from zhifa.disclosure.services import publication_collect, publication_publish
from zhifa.disclosure.worklist import my_publication_deadlines
from zhifa.inspections.models import Inspection, InspectionOfficer, InspectionResult
from zhifa.orgs.tests.factories import domain

from .conftest import decided_case

TZ = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 11, 20)


def test_p3_a_finished_inspection_is_published_with_its_conclusion_and_witnesses_masked(
    case_world: Any, person: Any
) -> None:
    market = domain("market", "市场监管")
    inspection = Inspection.objects.create(
        party=person,
        party_name=person.name,
        organisation=case_world.unit,
        region_code=case_world.unit.region_code,
        domain=market,
        state="closed",
        present="张三丰、王小二",
        findings="王小二（店员）未能出示健康证明，联系电话13912345678。",
        inspected_on=date(2026, 11, 16),
        finished_at=datetime(2026, 11, 16, 15, tzinfo=TZ),
        rectify_due_on=date(2026, 11, 30),
    )
    InspectionOfficer.objects.create(
        inspection=inspection, officer=case_world.officer_a, user_id=case_world.user_a.pk
    )
    for i, result in enumerate(("pass", "pass", "fail")):
        InspectionResult.objects.create(
            inspection=inspection,
            position=i,
            text=f"检查项{i}",
            legal_basis="《食品安全法》第四十五条",
            result=result,
        )
    Inspection.objects.create(  # still open: nothing to publish yet
        party=person, party_name=person.name, organisation=case_world.unit,
        region_code=case_world.unit.region_code, domain=market, state="in_progress",
    )  # fmt: skip
    assert publication_collect(today=TODAY)["by_source"]["inspections.inspection"] == 1
    p = Publication.objects.get(subject_type="inspections.inspection")
    assert (p.kind, p.state, p.party_name) == ("inspection", PublicationState.PENDING, "张**")
    assert p.due_on == date(2026, 12, 14)  # P3: 20 WD
    assert p.public_until == date(2028, 11, 16)  # a natural person: offline after 2 years
    assert "符合2项，不符合1项" in p.facts
    assert "王小二" not in p.facts
    assert "王**" in p.facts
    assert "13912345678" not in p.facts
    assert p.decision == "发现问题，已责令限期改正（2026年11月30日前）"
    assert p.basis == "《食品安全法》第四十五条"


def test_p3_a_coercive_measure_taken_is_published_and_a_refused_one_is_not(case_world: Any) -> None:
    taken_at = datetime(2026, 11, 10, 10, tzinfo=TZ)

    def measure(**kw: Any) -> Measure:
        values: dict[str, Any] = {
            "kind": "seize",
            "state": MeasureState.IN_FORCE,
            "party": case_world.party,
            "party_name": case_world.party.name,
            "organisation": case_world.unit,
            "region_code": case_world.unit.region_code,
            "reason": "涉嫌销售过期食品，依据《食品安全法》第一百一十条扣押。",
            "items": [{"name": "过期牛奶", "spec": "250ml", "quantity": "40箱", "place": "仓库"}],
            "place": "罗湖区某某路1号",
            "officer_ids": [case_world.officer_a.pk, case_world.officer_b.pk],
            "requested_at": taken_at,
            "decided_at": taken_at,
            "started_at": taken_at,
            "ends_on": date(2026, 12, 10),
            "witness": "赵六",
            "created_by": case_world.user_a,
        }
        values.update(kw)
        return Measure.objects.create(**values)

    taken = measure()
    measure(state=MeasureState.REFUSED, started_at=None)
    unregistered = measure(party=None, party_name="刘某某")
    publication_collect(today=TODAY)
    rows = {p.subject_id: p for p in Publication.objects.filter(subject_type="coercion.measure")}
    assert set(rows) == {taken.pk, unregistered.pk}
    p = rows[taken.pk]
    assert (p.kind, p.title, p.party_kind) == ("coercion", "扣押（行政强制措施）", PartyKind.ORGANISATION)
    assert p.decision == "对1项场所、设施、财物实施扣押，期限至2026年12月10日"
    assert p.public_until == date(2031, 11, 10)  # 5 years for an organisation
    # An owner missing from the party library is treated as a natural person: masked.
    assert rows[unregistered.pk].party_name == "刘**"


@pytest.fixture
def published(case_world: Any) -> Publication:
    case = decided_case(case_world, decided_on=date(2026, 11, 16))
    publication_collect(today=TODAY)
    return Publication.objects.get(subject_type="cases.case", subject_id=case.pk)


def test_officer_scope_is_the_records_they_handle(
    case_world: Any, make_user: Any, published: Publication
) -> None:
    colleague = make_user(case_world.unit, "officer")  # same unit, not a handler of the case
    assert list(publication_list_for_user(case_world.user_a)) == [published]
    assert list(publication_list_for_user(case_world.user_b)) == [published]
    assert not publication_list_for_user(colleague).exists()
    with pytest.raises(NotFound):
        publication_get_for_user(colleague, published.pk)
    with pytest.raises(NotFound):
        publication_get_for_manage(colleague, published.pk)
    assert can_manage(case_world.user_a, published)


def test_leaders_read_their_units_publications_but_do_not_publish(
    case_world: Any, org_world: Any, make_user: Any, published: Publication
) -> None:
    parent_leader = make_user(org_world.agency, "team_leader")  # 本单位及下级: the child unit's rows
    assert publication_get_for_user(case_world.leader, published.pk) == published
    assert publication_get_for_user(parent_leader, published.pk) == published
    assert not can_manage(case_world.leader, published)
    with pytest.raises(PermissionDenied):
        publication_get_for_manage(case_world.leader, published.pk)
    with pytest.raises(PermissionDenied):
        publication_publish(
            actor=Actor.of(case_world.leader), user=case_world.leader, publication_id=published.pk,
            version=None, today=TODAY,
        )  # fmt: skip
    assert Publication.objects.get(pk=published.pk).state == PublicationState.PENDING


def test_outsiders_and_other_agencies_see_nothing(
    case_world: Any, org_world: Any, make_user: Any, published: Publication
) -> None:
    for user in (
        case_world.outsider,
        make_user(org_world.sibling, "team_leader"),
        make_user(org_world.agency),
    ):
        assert not publication_list_for_user(user).exists()
        with pytest.raises(NotFound):
            publication_get_for_user(user, published.pk)
        with pytest.raises(NotFound):
            publication_publish(
                actor=Actor.of(user), user=user, publication_id=published.pk, version=None, today=TODAY
            )


def test_list_filters_due_soon_overdue_kind_and_unit(case_world: Any, published: Publication) -> None:
    user = case_world.user_a
    # due 2026-11-25 (7 WD from 11-16)
    assert list(publication_list_for_user(user, due="soon", today=date(2026, 11, 23))) == [published]
    assert not publication_list_for_user(user, due="overdue", today=date(2026, 11, 25)).exists()
    assert list(publication_list_for_user(user, due="overdue", today=date(2026, 11, 26))) == [published]
    assert not publication_list_for_user(user, kind="inspection").exists()
    assert list(publication_list_for_user(user, organisation_id=case_world.unit.pk)) == [published]
    assert list(publication_list_for_user(user, q=published.number)) == [published]


def test_my_worklist_shows_publications_due_soon(
    case_world: Any, published: Publication, time_machine: Any
) -> None:
    time_machine.move_to(datetime(2026, 11, 24, 9, tzinfo=TZ))
    rows = my_publication_deadlines(case_world.user_a)
    assert [r.url for r in rows] == [f"/disclosure/{published.pk}/"]
    assert rows[0].deadline.state == "due_soon"
    assert rows[0].deadline.due_on == date(2026, 11, 25)
    assert my_publication_deadlines(case_world.leader) == []  # reads, does not publish


def test_amounts_are_kept_in_yuan(case_world: Any) -> None:
    case = decided_case(
        case_world, kinds=("fine", "confiscate_illegal_gains"), confiscation=Decimal("1234.5")
    )
    publication_collect(today=TODAY)
    p = Publication.objects.get(subject_id=case.pk, subject_type="cases.case")
    assert (p.fine_amount, p.confiscation_amount) == (Decimal("20000.00"), Decimal("1234.50"))
    assert p.decision == "罚款20,000.00元；没收违法所得1,234.50元"
    assert p.penalty_kinds == ["罚款", "没收违法所得"]
