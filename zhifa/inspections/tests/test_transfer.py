"""检查转办 with approval: the officer asks, the team leader approves (the inspection's unit, officers
and tasks change, all audited) or refuses (nothing changes, the reason is kept)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from zhifa.core.audit import Actor
from zhifa.core.errors import Conflict, PermissionDenied, ValidationError
from zhifa.core.models import AuditEvent
from zhifa.worklist.models import ApprovalRun, Task, TaskStatus
from zhifa.worklist.services import approval_decide

from ..models import InspectionTransfer, TransferState
from ..services import inspection_create, inspection_transfer_request
from .factories import make_checklist, make_officer_user, make_targets, market

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(org_world: Any, make_user: Any) -> dict[str, Any]:
    org, dom = org_world.agency, market()
    leader = make_user(org, "team_leader")
    (u1, o1), (u2, o2) = make_officer_user(org, dom), make_officer_user(org, dom)
    (v1, p1), (v2, p2) = (make_officer_user(org_world.agency_child, dom) for _ in range(2))
    target = make_targets(org, dom, ["red"])[0]
    checklist = make_checklist(dom, ["食品经营许可证在有效期内"])
    inspection = inspection_create(
        actor=Actor.of(leader),
        organisation=org,
        party=target.party,
        domain=dom,
        officers=[o1, o2],
        checklist=checklist,
        due_on=timezone.localdate() + dt.timedelta(days=10),
    )
    return {
        "world": org_world,
        "org": org,
        "leader": leader,
        "from": ((u1, o1), (u2, o2)),
        "to": ((v1, p1), (v2, p2)),
        "inspection": inspection,
    }


def _ask(s: dict[str, Any]) -> InspectionTransfer:
    (u1, _), _ = s["from"]
    return inspection_transfer_request(
        actor=Actor.of(u1),
        inspection=s["inspection"],
        to_organisation=s["world"].agency_child,
        officers=[o for _, o in s["to"]],
        reason="该商户位于罗湖辖区，由罗湖监管局就近检查",
    )


def _open_tasks(inspection: Any) -> set[int]:
    return set(
        Task.objects.filter(
            subject_type="inspections.inspection",
            subject_id=inspection.pk,
            status=TaskStatus.OPEN,
            kind="inspection",
        ).values_list("assignee_id", flat=True)
    )


def test_approved_transfer_moves_the_inspection_its_officers_and_their_tasks(setup: dict[str, Any]) -> None:
    inspection = setup["inspection"]
    transfer = _ask(setup)
    run = ApprovalRun.objects.get(pk=int(transfer.approval_run_id or 0))
    assert run.approval_type == "inspections.transfer"
    assert Task.objects.filter(approval_run=run, status=TaskStatus.OPEN, queue_role="team_leader").exists()
    assert _open_tasks(inspection) == {u.pk for u, _ in setup["from"]}  # unchanged while pending

    approval_decide(
        actor=Actor.of(setup["leader"]), user=setup["leader"], run=run, decision="approve", comment="同意"
    )
    inspection.refresh_from_db()
    transfer.refresh_from_db()
    assert transfer.state == TransferState.APPROVED
    assert inspection.organisation == setup["world"].agency_child
    assert inspection.region_code == setup["world"].agency_child.region_code
    officer_ids = set(inspection.officer_links.values_list("officer_id", flat=True))
    assert officer_ids == {o.pk for _, o in setup["to"]}
    assert _open_tasks(inspection) == {u.pk for u, _ in setup["to"]}
    closed = Task.objects.filter(
        subject_type="inspections.inspection", subject_id=inspection.pk, status=TaskStatus.CANCELLED
    )
    assert set(closed.values_list("assignee_id", flat=True)) == {u.pk for u, _ in setup["from"]}
    for action in ("inspections.transfer.request", "inspections.transfer.approve"):
        assert AuditEvent.objects.filter(action=action, subject_id=str(transfer.pk)).exists()
    # the new officers can execute it, the old ones no longer see it as theirs
    new_user = setup["to"][0][0]
    from ..selectors import inspection_can_execute

    assert inspection_can_execute(new_user, inspection)
    assert not inspection_can_execute(setup["from"][0][0], inspection)


def test_refused_transfer_leaves_the_inspection_unchanged_with_the_reason(setup: dict[str, Any]) -> None:
    inspection = setup["inspection"]
    transfer = _ask(setup)
    run = ApprovalRun.objects.get(pk=int(transfer.approval_run_id or 0))
    approval_decide(
        actor=Actor.of(setup["leader"]),
        user=setup["leader"],
        run=run,
        decision="reject",
        comment="该商户属本局重点监管对象，仍由原执法人员检查",
    )
    inspection.refresh_from_db()
    transfer.refresh_from_db()
    assert transfer.state == TransferState.REFUSED
    assert transfer.refusal_reason == "该商户属本局重点监管对象，仍由原执法人员检查"
    assert inspection.organisation == setup["org"]
    officer_ids = set(inspection.officer_links.values_list("officer_id", flat=True))
    assert officer_ids == {o.pk for _, o in setup["from"]}
    assert _open_tasks(inspection) == {u.pk for u, _ in setup["from"]}
    refused = AuditEvent.objects.filter(action="inspections.transfer.refuse", subject_id=str(transfer.pk))
    assert refused.exists()


def test_the_requester_cannot_approve_their_own_transfer(setup: dict[str, Any], make_user: Any) -> None:
    (u1, _), _ = setup["from"]
    from zhifa.orgs.models import Role, UserRole

    UserRole.objects.create(user=u1, role=Role.objects.get(code="team_leader"))
    transfer = _ask(setup)
    run = ApprovalRun.objects.get(pk=int(transfer.approval_run_id or 0))
    with pytest.raises(PermissionDenied, match="不能审批自己"):
        approval_decide(actor=Actor.of(u1), user=u1, run=run, decision="approve", comment="")


def test_transfer_rules(setup: dict[str, Any]) -> None:
    (u1, _), _ = setup["from"]
    inspection = setup["inspection"]
    to = [o for _, o in setup["to"]]
    other_agency = make_officer_user(setup["world"].sibling, market())[1]
    cases = [
        ({"to_organisation": setup["world"].sibling, "officers": to}, "本机关内"),
        ({"to_organisation": setup["world"].agency_child, "officers": to[:1]}, "2名以上"),
        ({"to_organisation": setup["world"].agency_child, "officers": [to[0], other_agency]}, "不是"),
        ({"to_organisation": setup["world"].agency_child, "officers": to, "reason": " "}, "转办理由"),
    ]
    for kwargs, message in cases:
        with pytest.raises(ValidationError, match=message):
            inspection_transfer_request(
                actor=Actor.of(u1), inspection=inspection, **{"reason": "就近检查", **kwargs}
            )
    _ask(setup)
    with pytest.raises(Conflict, match="待审批"):
        _ask(setup)
    assert InspectionTransfer.objects.count() == 1


def test_transfer_page_submits_the_request_and_shows_it(setup: dict[str, Any], client: Any) -> None:
    (u1, _), _ = setup["from"]
    inspection = setup["inspection"]
    client.force_login(u1)
    page = client.get(f"/inspections/{inspection.pk}/transfer/").content.decode()
    assert setup["world"].agency_child.name in page
    response = client.post(
        f"/inspections/{inspection.pk}/transfer/",
        {
            "to_organisation": str(setup["world"].agency_child.pk),
            "officers": [str(o.pk) for _, o in setup["to"]],
            "reason": "就近检查",
        },
    )
    assert response.status_code == 302
    detail = client.get(f"/inspections/{inspection.pk}/").content.decode()
    assert "待审批" in detail
    assert "就近检查" in detail
    client.force_login(setup["leader"])
    worklist = client.get("/worklist/").content.decode()
    assert "检查转办审批" in worklist
