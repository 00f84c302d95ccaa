"""Plan creation and editing (page and service), officers drawn from sub-units when the plan says so,
and a single 日常/专项 inspection opened from the target library."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from zhifa.core.audit import Actor
from zhifa.core.errors import Conflict, ValidationError
from zhifa.core.models import AuditEvent
from zhifa.worklist.models import Task

from ..choices import PlanState
from ..models import Inspection, InspectionPlan
from ..services import inspection_draw, plan_create
from ..services.draw import eligible_officer_ids
from ..services.planning import PlanInput, plan_save
from .factories import make_checklist, make_officer_user, make_targets, market

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(org_world: Any, make_user: Any) -> dict[str, Any]:
    org, dom = org_world.agency, market()
    leader = make_user(org, "team_leader")
    own = [make_officer_user(org, dom)[1] for _ in range(2)]
    luohu = [make_officer_user(org_world.agency_child, dom)[1] for _ in range(2)]
    futian = [make_officer_user(org_world.agency_child_futian, dom)[1] for _ in range(2)]
    make_targets(org, dom, ["red", "yellow", "blue", "blue"])
    checklist = make_checklist(dom, ["食品经营许可证在有效期内", "从业人员持有健康证明"])
    return {
        "world": org_world,
        "org": org,
        "dom": dom,
        "leader": leader,
        "own": own,
        "luohu": luohu,
        "futian": futian,
        "checklist": checklist,
    }


def _post(w: dict[str, Any], **over: Any) -> dict[str, Any]:
    today = timezone.localdate()
    data: dict[str, Any] = {
        "name": "2025年食品经营双随机抽查",
        "kind": "random",
        "domain": str(w["dom"].pk),
        "checklist": str(w["checklist"].pk),
        "period_start": today.isoformat(),
        "period_end": (today + dt.timedelta(days=30)).isoformat(),
        "target_region": "",
        "risks": ["red", "yellow", "blue"],
        "weight_red": "5",
        "weight_yellow": "2",
        "weight_blue": "1",
        "sample_size": "2",
        "team_size": "2",
        "lookback_days": "365",
        "officer_units": [str(w["world"].agency_child.pk)],
        "include_sub_units": "1",
    }
    data.update(over)
    return data


def test_plan_page_creates_a_plan_whose_draw_uses_the_named_sub_units_officers(
    world: dict[str, Any], client: Any
) -> None:
    client.force_login(world["leader"])
    listing = client.get("/inspections/plans/").content.decode()
    assert "新建检查计划" in listing
    assert client.get("/inspections/plans/new/").status_code == 200
    response = client.post("/inspections/plans/new/", _post(world))
    assert response.status_code == 302, response.content.decode()[:2000]
    plan = InspectionPlan.objects.get(name="2025年食品经营双随机抽查")
    assert plan.organisation == world["org"]
    assert plan.risk_weights == {"red": 5.0, "yellow": 2.0, "blue": 1.0}
    assert plan.officer_unit_ids == [world["world"].agency_child.pk]
    assert plan.include_sub_units is True
    assert AuditEvent.objects.filter(action="inspections.plan.create", subject_id=str(plan.pk)).exists()
    # the draw picks only 罗湖 officers: the plan named 罗湖 (the unit's own officers are not named)
    assert eligible_officer_ids(plan, timezone.localdate()) == sorted(o.pk for o in world["luohu"])
    response = client.post(f"/inspections/plans/{plan.pk}/draw/", {"seed": "7"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.state == PlanState.DRAWN
    client.post(f"/inspections/plans/{plan.pk}/dispatch/")
    officers = {
        link.officer_id
        for inspection in Inspection.objects.filter(plan=plan)
        for link in inspection.officer_links.all()
    }
    assert officers <= {o.pk for o in world["luohu"]}
    assert Inspection.objects.filter(plan=plan).count() == 2


def test_a_plan_of_the_city_unit_with_sub_units_draws_from_the_whole_tree(world: dict[str, Any]) -> None:
    actor = Actor.of(world["leader"])
    today = timezone.localdate()
    common = {
        "actor": actor,
        "organisation": world["org"],
        "domain": world["dom"],
        "period_start": today,
        "period_end": today + dt.timedelta(days=10),
        "sample_size": 1,
    }
    only_own = plan_create(name="本单位", **common)
    with_subs = plan_create(name="含下级", include_sub_units=True, **common)
    assert eligible_officer_ids(only_own, today) == sorted(o.pk for o in world["own"])
    everyone = world["own"] + world["luohu"] + world["futian"]
    assert eligible_officer_ids(with_subs, today) == sorted(o.pk for o in everyone)
    draw = inspection_draw(actor=actor, plan=with_subs, seed=3)
    assert draw.inputs["officer_units"] == sorted(
        [world["org"].pk, world["world"].agency_child.pk, world["world"].agency_child_futian.pk]
    )


def test_officers_may_not_be_drawn_from_units_outside_the_plan_units_tree(world: dict[str, Any]) -> None:
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="本单位及下级单位"):
        plan_create(
            actor=Actor.of(world["leader"]),
            organisation=world["world"].agency_child,
            domain=world["dom"],
            name="罗湖计划",
            period_start=today,
            period_end=today,
            sample_size=1,
            officer_units=[world["world"].agency_child_futian],
        )


def test_page_keeps_the_input_and_shows_the_errors(world: dict[str, Any], client: Any) -> None:
    client.force_login(world["leader"])
    response = client.post(
        "/inspections/plans/new/", _post(world, name="", sample_size="0", team_size="1", risks=[])
    )
    assert response.status_code == 200
    page = response.content.decode()
    for message in ("请填写计划名称", "抽取对象数须大于0", "不得少于2人", "请至少选择一个风险等级"):
        assert message in page
    assert "2025" not in page.split('name="name"')[1][:40]  # the empty name stays empty
    assert InspectionPlan.objects.count() == 0


def test_a_draft_plan_can_be_edited_and_a_drawn_one_cannot(world: dict[str, Any], client: Any) -> None:
    client.force_login(world["leader"])
    client.post("/inspections/plans/new/", _post(world))
    plan = InspectionPlan.objects.get()
    page = client.get(f"/inspections/plans/{plan.pk}/edit/").content.decode()
    assert "2025年食品经营双随机抽查" in page
    edited = _post(world, name="改名后的计划", sample_size="1")
    response = client.post(f"/inspections/plans/{plan.pk}/edit/", edited)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.name, plan.sample_size) == ("改名后的计划", 1)
    assert AuditEvent.objects.filter(action="inspections.plan.update", subject_id=str(plan.pk)).exists()
    inspection_draw(actor=Actor.of(world["leader"]), plan=plan, seed=1)
    with pytest.raises(Conflict):
        plan_save(
            actor=Actor.of(world["leader"]),
            organisation=world["org"],
            plan=plan,
            data=PlanInput(
                domain=world["dom"],
                name="x",
                period_start=plan.period_start,
                period_end=plan.period_end,
                sample_size=1,
            ),
        )
    response = client.get(f"/inspections/plans/{plan.pk}/edit/")
    assert response.status_code == 302


def test_an_officer_cannot_plan(world: dict[str, Any], client: Any, make_user: Any) -> None:
    officer_user, _ = make_officer_user(world["org"], world["dom"])
    client.force_login(officer_user)
    assert client.get("/inspections/plans/new/").status_code == 403
    assert "新建检查计划" not in client.get("/inspections/plans/").content.decode()


def test_target_page_opens_a_routine_inspection_with_two_officers(world: dict[str, Any], client: Any) -> None:
    from ..models import InspectionTarget

    user, me = make_officer_user(world["org"], world["dom"])
    target = InspectionTarget.objects.order_by("pk").first()
    assert target is not None
    client.force_login(user)
    listing = client.get("/inspections/targets/").content.decode()
    assert f"/inspections/targets/{target.pk}/inspect/" in listing
    form = client.get(f"/inspections/targets/{target.pk}/inspect/").content.decode()
    assert world["own"][0].name in form
    assert world["luohu"][0].name in form
    one = client.post(
        f"/inspections/targets/{target.pk}/inspect/", {"kind": "routine", "officers": [str(me.pk)]}
    )
    assert "两名以上执法人员" in one.content.decode()
    response = client.post(
        f"/inspections/targets/{target.pk}/inspect/",
        {
            "kind": "special",
            "officers": [str(me.pk), str(world["own"][0].pk)],
            "checklist": str(world["checklist"].pk),
            "due_on": (timezone.localdate() + dt.timedelta(days=5)).isoformat(),
        },
    )
    assert response.status_code == 302
    inspection = Inspection.objects.get(target=target)
    assert inspection.kind == "special"
    assert inspection.plan_id is None
    assert inspection.results.count() == 2
    assert Task.objects.filter(subject_type="inspections.inspection", subject_id=inspection.pk).count() == 2


def test_the_draw_is_published_once_after_dispatch_and_then_shown_on_the_public_plan_page(
    world: dict[str, Any], client: Any
) -> None:
    from ..models import Draw
    from ..services import draw_publish, plan_dispatch

    client.force_login(world["leader"])
    client.post("/inspections/plans/new/", _post(world))
    plan = InspectionPlan.objects.get()
    actor = Actor.of(world["leader"])
    inspection_draw(actor=actor, plan=plan, seed=5)
    plan.refresh_from_db()
    with pytest.raises(Conflict, match="派发后"):  # 一公开 after the inspection is under way
        draw_publish(actor=actor, plan=plan)
    plan_dispatch(actor=actor, plan=plan)
    page = client.get(f"/inspections/plans/{plan.pk}/").content.decode()
    assert "公示抽取结果" in page
    response = client.post(f"/inspections/plans/{plan.pk}/publish-draw/")
    assert response.status_code == 302
    draw = Draw.objects.get(plan=plan, is_current=True)
    assert draw.published_at is not None
    assert AuditEvent.objects.filter(action="inspections.draw.publish", subject_id=str(draw.pk)).exists()
    with pytest.raises(Conflict, match="已公示"):
        draw_publish(actor=actor, plan=plan)
    assert "公示抽取结果" not in client.get(f"/inspections/plans/{plan.pk}/").content.decode()
    public = client.get(f"/gs/plans/{plan.pk}/")
    assert public.status_code == 200
    assert draw.digest in public.content.decode()
