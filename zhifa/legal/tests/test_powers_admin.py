"""Admin pages of powers and discretion standards: browsable, writes only through the services."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from zhifa.core.models import AuditEvent
from zhifa.legal.models import BatchState, DiscretionStandard, DiscretionStatus, PowerChangeBatch
from zhifa.legal.services.powers import power_batch_add_change
from zhifa.orgs.tests.factories import UserFactory

from .powers_factories import SYSTEM, make_power, make_standard, power_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(org_world: Any) -> Client:
    user = UserFactory.create(organisation=org_world.city_justice, is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "model",
    [
        "power",
        "powerversion",
        "powerchangebatch",
        "discretionstandard",
        "discretionclaim",
        "discretionchangenotice",
    ],
)
def test_changelists_open(admin_client: Client, org_world: Any, model: str) -> None:
    make_power(org_world.agency, "ADM-1")
    make_standard(org_world.agency)
    response = admin_client.get(reverse(f"admin:legal_{model}_changelist"))
    assert response.status_code == 200


def test_power_rows_are_read_only(admin_client: Client, org_world: Any) -> None:
    power = make_power(org_world.agency, "ADM-2")
    response = admin_client.get(reverse("admin:legal_power_change", args=[power.pk]))
    assert response.status_code == 200
    assert b'name="name"' not in response.content  # no editable field
    assert admin_client.get(reverse("admin:legal_power_add")).status_code == 403


def test_batch_created_in_admin_goes_through_the_service(admin_client: Client, org_world: Any) -> None:
    response = admin_client.post(
        reverse("admin:legal_powerchangebatch_add"),
        {
            "title": "后台批次",
            "reason": "后台调整",
            "organisation": str(org_world.agency.pk),
            "drafts-TOTAL_FORMS": "0",
            "drafts-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    batch = PowerChangeBatch.objects.get()
    assert batch.region_code == "4403"
    assert AuditEvent.objects.filter(action="legal.power_batch.create", subject_id=str(batch.pk)).exists()
    power_batch_add_change(
        actor=SYSTEM, batch=batch, action="create", data=power_data(org_world.agency, "ADM-3")
    )
    admin_client.post(
        reverse("admin:legal_powerchangebatch_changelist"),
        {"action": "submit_batches", "_selected_action": [batch.pk]},
    )
    batch.refresh_from_db()
    assert batch.state == BatchState.SUBMITTED
    # The same admin submitted it: approving is refused (four-eyes) with a Chinese message.
    response = admin_client.post(
        reverse("admin:legal_powerchangebatch_changelist"),
        {"action": "approve_batches", "_selected_action": [batch.pk]},
        follow=True,
    )
    assert "提交人不能审核自己提交的批次" in response.content.decode()


def test_discretion_actions_call_the_workflow(admin_client: Client, org_world: Any) -> None:
    standard = make_standard(org_world.agency, status=DiscretionStatus.APPROVED)
    admin_client.post(
        reverse("admin:legal_discretionstandard_changelist"),
        {"action": "publish_standards", "_selected_action": [standard.pk]},
    )
    assert DiscretionStandard.objects.get(pk=standard.pk).status == DiscretionStatus.PUBLISHED
