"""Power-list pages: list with filters, detail with basis and versions, batches with their actions."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from zhifa.legal.models import BatchState, Power, PowerChangeBatch

from .powers_factories import make_power

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_list_filters_by_code_name_and_kind(org_world: Any, make_user: Any) -> None:
    make_power(org_world.agency, "SC-001", name="对生产不合格产品的行政处罚")
    make_power(org_world.agency, "SC-002", name="对企业的行政检查", kind="inspection")
    client = client_for(make_user(org_world.agency, "unit_admin"))
    page = client.get(reverse("legal:power_list")).content.decode()
    assert "SC-001" in page
    assert "SC-002" in page
    assert "权责清单" in page
    page = client.get(reverse("legal:power_list"), {"kind": "inspection"}).content.decode()
    assert "SC-001" not in page
    page = client.get(reverse("legal:power_list"), {"name": "不合格"}).content.decode()
    assert "SC-002" not in page
    page = client.get(reverse("legal:power_list"), {"code": "002"}).content.decode()
    assert "SC-001" not in page


def test_detail_shows_basis_and_version_history(org_world: Any, make_user: Any) -> None:
    power = make_power(org_world.agency, "SC-003")
    page = client_for(make_user(org_world.agency, "unit_admin")).get(
        reverse("legal:power_detail", args=[power.pk])
    )
    text = page.content.decode()
    assert "《中华人民共和国测试法》第一条" in text
    assert "第1版" in text
    assert "处罚依据" in text


def test_batch_pages_create_add_submit_approve(org_world: Any, make_user: Any) -> None:
    editor = client_for(make_user(org_world.agency, "unit_admin"))
    response = editor.post(reverse("legal:power_batch_create"), {"title": "", "reason": ""})
    assert "请填写批次名称" in response.content.decode()
    response = editor.post(reverse("legal:power_batch_create"), {"title": "2025年调整", "reason": "法律修订"})
    batch = PowerChangeBatch.objects.get()
    assert response["Location"] == reverse("legal:power_batch_detail", args=[batch.pk])
    detail = reverse("legal:power_batch_detail", args=[batch.pk])
    # Inline validation keeps what was typed.
    page = editor.post(detail, {"action": "create", "code": "NEW-1", "name": ""}).content.decode()
    assert "请填写职权名称" in page
    assert "NEW-1" in page
    response = editor.post(
        detail,
        {
            "action": "create",
            "code": "NEW-1",
            "name": "新职权",
            "kind": "penalty",
            "subject_level": "city",
            "organisation": str(org_world.agency.pk),
            "basis_category_1": "penalty",
            "basis_law_1": "《测试法》",
            "basis_provision_1": "第二条",
        },
    )
    assert response.status_code == 302
    assert batch.drafts.get().data["bases"][0]["provision"] == "第二条"
    editor.post(reverse("legal:power_batch_action", args=[batch.pk, "submit"]))
    batch.refresh_from_db()
    assert batch.state == BatchState.SUBMITTED
    page = editor.get(detail).content.decode()
    assert "审核通过并生效" not in page  # the submitter sees no approve button
    approver = client_for(make_user(org_world.city_justice, "city_justice_admin"))
    assert "审核通过并生效" in approver.get(detail).content.decode()
    approver.post(reverse("legal:power_batch_action", args=[batch.pk, "approve"]), {"note": "同意"})
    assert Power.objects.get(code="NEW-1").current_version.number == 1  # type: ignore[union-attr]


def test_reject_without_reason_is_refused(org_world: Any, make_user: Any) -> None:
    editor = make_user(org_world.agency, "unit_admin")
    client_for(editor).post(reverse("legal:power_batch_create"), {"title": "t", "reason": "r"})
    batch = PowerChangeBatch.objects.get()
    client_for(editor).post(
        reverse("legal:power_batch_detail", args=[batch.pk]),
        {"action": "retire", "code": make_power(org_world.agency, "OLD-1").code},
    )
    client_for(editor).post(reverse("legal:power_batch_action", args=[batch.pk, "submit"]))
    approver = client_for(make_user(org_world.city_justice, "city_justice_admin"))
    response = approver.post(reverse("legal:power_batch_action", args=[batch.pk, "reject"]), follow=True)
    assert "请填写退回原因" in response.content.decode()
    batch.refresh_from_db()
    assert batch.state == BatchState.SUBMITTED


def test_officer_reads_the_whole_power_list(org_world: Any, make_user: Any) -> None:
    # 权责清单 is published information (处罚法 Art. 39): the officer role reads it with scope 全部,
    # although the officer's own work is scoped 本人.
    power = make_power(org_world.other_city, "SC-009")
    client = client_for(make_user(org_world.agency, "officer"))
    assert "SC-009" in client.get(reverse("legal:power_list")).content.decode()
    assert client.get(reverse("legal:power_detail", args=[power.pk])).status_code == 200
