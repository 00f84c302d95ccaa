"""Execution: results per item, the 现场检查笔录, a failed item opening a case, warnings, scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from zhifa.core.audit import Actor
from zhifa.core.errors import NotFound, ValidationError
from zhifa.core.subjects import access_subject
from zhifa.documents.models import Document
from zhifa.worklist.models import Task, TaskStatus

from ..choices import InspectionState, ItemResult
from ..models import Inspection
from ..services import (
    inspection_create,
    inspection_draw,
    inspection_finish,
    inspection_record,
    plan_create,
    plan_dispatch,
)
from .factories import make_checklist, make_officer_user, make_targets, market

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(org_world: Any, make_user: Any) -> dict[str, Any]:
    org, dom = org_world.agency, market()
    leader = make_user(org, "team_leader")
    (u1, o1), (u2, o2) = make_officer_user(org, dom), make_officer_user(org, dom)
    make_targets(org, dom, ["red", "yellow"])
    checklist = make_checklist(dom, ["食品经营许可证在有效期内", "从业人员持有健康证明", "进货查验记录完整"])
    today = timezone.localdate()
    plan = plan_create(
        actor=Actor.of(leader),
        organisation=org,
        domain=dom,
        name="双随机抽查",
        period_start=today,
        period_end=today + dt.timedelta(days=30),
        sample_size=1,
        checklist=checklist,
    )
    inspection_draw(actor=Actor.of(leader), plan=plan, seed=11)
    [inspection] = plan_dispatch(actor=Actor.of(leader), plan=plan)
    return {
        "org": org,
        "leader": leader,
        "users": (u1, u2),
        "officers": (o1, o2),
        "inspection": inspection,
        "world": org_world,
    }


def test_dispatch_gives_each_officer_a_worklist_task_and_the_checklist(setup: dict[str, Any]) -> None:
    inspection = setup["inspection"]
    tasks = Task.objects.filter(subject_type="inspections.inspection", subject_id=inspection.pk)
    assert {t.assignee_id for t in tasks} == {u.pk for u in setup["users"]}
    assert next(r.text for r in inspection.results.order_by("position")) == "食品经营许可证在有效期内"


def _answer(inspection: Inspection, actor: Actor, fail: bool) -> Inspection:
    rows = list(inspection.results.order_by("position"))
    results = {r.pk: (ItemResult.PASS, "") for r in rows}
    if fail:
        results[rows[1].pk] = (ItemResult.FAIL, "两名从业人员未取得健康证明")
    results[rows[2].pk] = (ItemResult.NOT_APPLICABLE, "")
    return inspection_record(
        actor=actor,
        inspection=inspection,
        results=results,
        findings="现场检查发现后厨两名员工无健康证。" if fail else "",
    )


def test_passing_inspection_closes_with_an_issued_record(setup: dict[str, Any]) -> None:
    actor = Actor.of(setup["users"][0])
    inspection = _answer(setup["inspection"], actor, fail=False)
    assert inspection.state == InspectionState.IN_PROGRESS
    done = inspection_finish(
        actor=actor, inspection=inspection, party_signature="王五", officer_signatures=["甲", "乙"]
    )
    assert done.state == InspectionState.CLOSED
    assert done.case_id is None
    record = Document.objects.get(
        subject_type="inspections.inspection", subject_id=done.pk, type_code="03.01"
    )
    assert record.status == "issued"
    assert not Task.objects.filter(
        subject_id=done.pk, subject_type="inspections.inspection", status=TaskStatus.OPEN
    )


def test_failed_item_opens_a_case_carrying_the_findings(setup: dict[str, Any]) -> None:
    from zhifa.cases.models import Case

    actor = Actor.of(setup["users"][0])
    inspection = _answer(setup["inspection"], actor, fail=True)
    done = inspection_finish(
        actor=actor,
        inspection=inspection,
        party_signature="王五",
        officer_signatures=["甲", "乙"],
        open_case=True,
        rectify_due_on=timezone.localdate() + dt.timedelta(days=15),
    )
    assert done.state == InspectionState.CASE_OPENED
    assert done.case_id is not None
    case = Case.objects.get(pk=done.case_id)
    assert case.source == "inspection"
    assert "健康证" in case.facts
    assert "两名从业人员未取得健康证明" in case.facts
    assert case.party_id == done.party_id
    assert set(case.handlers.values_list("officer_id", flat=True)) == {o.pk for o in setup["officers"]}
    notice = Document.objects.get(
        subject_type="inspections.inspection", subject_id=done.pk, type_code="03.11"
    )
    assert notice.data["rectify"]["violations"][0]["note"] == "两名从业人员未取得健康证明"


def test_finish_refuses_unanswered_items_and_missing_signatures(setup: dict[str, Any]) -> None:
    actor = Actor.of(setup["users"][0])
    with pytest.raises(ValidationError, match="未填写结果"):
        inspection_finish(
            actor=actor,
            inspection=setup["inspection"],
            party_signature="王五",
            officer_signatures=["甲", "乙"],
        )
    inspection = _answer(setup["inspection"], actor, fail=False)
    with pytest.raises(ValidationError, match="两名以上执法人员签名"):
        inspection_finish(
            actor=actor, inspection=inspection, party_signature="王五", officer_signatures=["甲"]
        )
    inspection.refresh_from_db()
    assert inspection.state == InspectionState.IN_PROGRESS


def test_warns_when_another_unit_inspected_the_target_within_30_days(
    setup: dict[str, Any], settings: Any
) -> None:
    actor = Actor.of(setup["users"][0])
    done = inspection_finish(
        actor=actor,
        inspection=_answer(setup["inspection"], actor, fail=False),
        party_signature="王五",
        officer_signatures=["甲", "乙"],
    )
    other = setup["world"].agency_child
    dom = market()
    (_, a), (_, b) = make_officer_user(other, dom), make_officer_user(other, dom)
    party = done.party
    second = inspection_create(actor=actor, organisation=other, party=party, domain=dom, officers=[a, b])
    assert second.warnings
    assert setup["org"].name in second.warnings[0]
    # the same unit again: no warning; and with the window set to 0 days, none either
    again = inspection_create(
        actor=actor, organisation=setup["org"], party=party, domain=dom, officers=list(setup["officers"])
    )
    assert again.warnings == []
    settings.INSPECTIONS_REPEAT_WARNING_DAYS = 0
    Inspection.objects.filter(pk=done.pk).update(inspected_on=timezone.localdate() - dt.timedelta(days=1))
    third = inspection_create(actor=actor, organisation=other, party=party, domain=dom, officers=[a, b])
    assert third.warnings == []


def test_outsider_gets_not_found(setup: dict[str, Any], make_user: Any, client: Any) -> None:
    inspection = setup["inspection"]
    outsider = make_user(setup["world"].sibling, "team_leader")
    with pytest.raises(NotFound):
        access_subject(outsider, "inspections.inspection", inspection.pk)
    client.force_login(outsider)
    assert client.get(f"/inspections/{inspection.pk}/").status_code == 404
    assert client.get(f"/inspections/{inspection.pk}/execute/").status_code == 404
    assert client.get(f"/api/inspections/inspections/{inspection.pk}").status_code == 404
    assert client.get(f"/inspections/plans/{inspection.plan_id}/").status_code == 404
    insider = setup["users"][0]
    assert access_subject(insider, "inspections.inspection", inspection.pk, write=True) == inspection


def test_pages_and_api_for_the_officer_and_the_leader(setup: dict[str, Any], client: Any) -> None:
    inspection = setup["inspection"]
    client.force_login(setup["users"][0])
    for url in (
        "/inspections/mine/",
        f"/inspections/{inspection.pk}/",
        f"/inspections/{inspection.pk}/execute/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert inspection.party_name in response.content.decode()
    data = client.get(f"/api/inspections/inspections/{inspection.pk}").json()
    assert [r["text"] for r in data["results"]][1] == "从业人员持有健康证明"
    client.force_login(setup["leader"])
    page = client.get(f"/inspections/plans/{inspection.plan_id}/").content.decode()
    assert inspection.party_name in page
    assert "随机种子" in page
    assert client.get("/inspections/targets/?risk=red").status_code == 200


def test_failed_item_can_become_a_clue_instead_of_a_case(setup: dict[str, Any]) -> None:
    """移交线索: a finding that needs verifying first (or belongs to another unit) becomes a clue of the
    channel 检查发现 carrying the findings, linked both ways; no case is opened."""
    from zhifa.cases.models import Case
    from zhifa.clues.models import Clue

    actor = Actor.of(setup["users"][0])
    inspection = _answer(setup["inspection"], actor, fail=True)
    with pytest.raises(ValidationError, match="只能选择一项"):
        inspection_finish(
            actor=actor,
            inspection=inspection,
            party_signature="王五",
            officer_signatures=["甲", "乙"],
            open_case=True,
            open_clue=True,
        )
    done = inspection_finish(
        actor=actor,
        inspection=inspection,
        party_signature="王五",
        officer_signatures=["甲", "乙"],
        open_clue=True,
    )
    assert (done.state, done.case_id) == (InspectionState.CLUE_REGISTERED, None)
    assert done.clue_id is not None
    clue = Clue.objects.get(pk=done.clue_id)
    assert (clue.channel, clue.inspection_id, clue.party_id) == ("inspection", done.pk, done.party_id)
    assert "两名从业人员未取得健康证明" in clue.content
    assert clue.number
    assert not Case.objects.exists()
