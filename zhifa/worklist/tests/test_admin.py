"""Admin pages: lists load, a run's decisions show their signature check, a chain saved in the
admin goes through the audited service."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from zhifa.core.audit import Actor
from zhifa.core.models import AuditEvent
from zhifa.worklist.models import ApprovalChain
from zhifa.worklist.services import approval_decide, approval_start

pytestmark = pytest.mark.django_db


def test_admin_pages_and_chain_edit(org_world: Any, make_user: Any, hooks: Any) -> None:
    admin = make_user(org_world.agency, "team_leader", is_staff=True, is_superuser=True)
    run = approval_start(
        actor=Actor.of(admin),
        subject=org_world.agency,
        organisation=org_world.agency,
        approval_type="test.approval",
        summary={},
    )
    approval_decide(actor=Actor.of(admin), user=admin, run=run, decision="approve", comment="同意")
    c = Client()
    c.force_login(admin)
    for model in (
        "approvalchain",
        "approvalrun",
        "approvaldecision",
        "deadline",
        "task",
        "deadlinealertsetting",
    ):
        assert c.get(f"/admin/worklist/{model}/").status_code == 200, model
    assert "通过" in c.get(f"/admin/worklist/approvalrun/{run.pk}/change/").content.decode()
    steps = json.dumps([{"role": "legal_reviewer", "label": "法制审核"}])
    response = c.post(
        "/admin/worklist/approvalchain/add/",
        {
            "organisation": org_world.agency.pk,
            "approval_type": "test.approval",
            "steps": steps,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert ApprovalChain.objects.get().steps == [{"role": "legal_reviewer", "label": "法制审核"}]
    assert AuditEvent.objects.filter(action="worklist.approval_chain.save").count() == 1
    bad = c.post(
        "/admin/worklist/approvalchain/add/",
        {
            "organisation": org_world.agency.pk,
            "approval_type": "x",
            "steps": '[{"role": "nobody", "label": "x"}]',
        },
    )
    assert bad.status_code == 200  # form error, nothing saved
    assert ApprovalChain.objects.count() == 1
