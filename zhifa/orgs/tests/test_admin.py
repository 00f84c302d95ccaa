from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from zhifa.core.audit import Actor
from zhifa.core.models import AuditEvent
from zhifa.orgs.models import ApiToken, Organisation, Role, User
from zhifa.orgs.services.tokens import api_token_issue
from zhifa.orgs.tests.factories import OfficerFactory, UserFactory, region, role

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(org_world: Any) -> Client:
    superuser = UserFactory.create(organisation=org_world.city_justice, is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(superuser)
    return client


def org_form(org_world: Any, **overrides: Any) -> dict[str, Any]:
    data = {
        "name": "深圳市交通运输局",
        "short_name": "",
        "kind": "enforcement_agency",
        "level": "city",
        "uscc": "",
        "region": region("4403").pk,
        "parent": "",
        "supervised_by": org_world.city_justice.pk,
        "entrusted_by": "",
        "address": "",
        "phone": "",
    }
    data.update(overrides)
    return data


def test_admin_organisation_create_goes_through_the_service(admin_client: Client, org_world: Any) -> None:
    response = admin_client.post(reverse("admin:orgs_organisation_add"), org_form(org_world))
    assert response.status_code == 302, response.content.decode()[:2000]
    org = Organisation.objects.get(name="深圳市交通运输局")
    assert org.region_code == "4403"
    assert AuditEvent.objects.filter(action="orgs.organisation.create", subject_id=str(org.pk)).exists()


def test_admin_shows_service_errors_inline_in_chinese(admin_client: Client, org_world: Any) -> None:
    response = admin_client.post(
        reverse("admin:orgs_organisation_add"),
        org_form(org_world, uscc="11440300MB2C9204XX", supervised_by=org_world.sibling.pk),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "统一社会信用代码" in html
    assert not Organisation.objects.filter(name="深圳市交通运输局").exists()


def test_admin_officer_change_is_audited(admin_client: Client, org_world: Any) -> None:
    officer = OfficerFactory.create(organisation=org_world.agency)
    data = {
        "name": "改名",
        "organisation": org_world.agency_child.pk,
        "certificate_no": officer.certificate_no,
        "certificate_valid_from": "2024-01-01",
        "certificate_valid_to": "2029-12-31",
        "certificate_status": "valid",
        "user": "",
        "is_active": "on",
    }
    response = admin_client.post(reverse("admin:orgs_officer_change", args=[officer.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    officer.refresh_from_db()
    assert (officer.name, officer.region_code) == ("改名", "440303")
    assert AuditEvent.objects.filter(action="orgs.officer.update").exists()


def test_admin_role_permissions_are_a_multi_select_of_known_codenames(admin_client: Client) -> None:
    page = admin_client.get(reverse("admin:orgs_role_add")).content.decode()
    assert 'value="cases.case.handle"' in page
    assert 'value="orgs.user.manage"' in page
    response = admin_client.post(
        reverse("admin:orgs_role_add"),
        {
            "code": "viewer",
            "name": "查看员",
            "data_scope": "own_unit",
            "permissions": ["orgs.officer.view"],
            "sort_order": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Role.objects.get(code="viewer").permissions == ["orgs.officer.view"]
    bad = admin_client.post(
        reverse("admin:orgs_role_add"),
        {"code": "bad", "name": "坏", "data_scope": "custom", "permissions": [], "sort_order": 0},
    )
    assert "自定义数据权限须至少选择一个单位" in bad.content.decode()


def test_admin_user_roles_inline_is_applied_through_the_service(admin_client: Client, org_world: Any) -> None:
    target = UserFactory.create(organisation=org_world.agency, roles=["officer"])
    officer_role, leader = role("officer"), role("team_leader")
    link = target.user_roles.get()
    data = {
        "display_name": "新名字",
        "organisation": org_world.agency.pk,
        "phone": "",
        "email": "",
        "is_active": "on",
        "new_password": "",
        "user_roles-TOTAL_FORMS": "2",
        "user_roles-INITIAL_FORMS": "1",
        "user_roles-MIN_NUM_FORMS": "0",
        "user_roles-MAX_NUM_FORMS": "1000",
        "user_roles-0-id": link.pk,
        "user_roles-0-user": target.pk,
        "user_roles-0-role": officer_role.pk,
        "user_roles-0-DELETE": "on",
        "user_roles-1-user": target.pk,
        "user_roles-1-role": leader.pk,
    }
    response = admin_client.post(reverse("admin:orgs_user_change", args=[target.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    target.refresh_from_db()
    assert target.display_name == "新名字"
    assert list(target.user_roles.values_list("role__code", flat=True)) == ["team_leader"]
    event = AuditEvent.objects.get(action="orgs.user.set_roles")
    assert '"added":["team_leader"]' in event.payload


def test_admin_creates_user_with_validated_password(admin_client: Client, org_world: Any) -> None:
    base = {
        "username": "newbie",
        "display_name": "新人",
        "organisation": org_world.agency.pk,
        "is_active": "on",
        "user_roles-TOTAL_FORMS": "0",
        "user_roles-INITIAL_FORMS": "0",
        "user_roles-MIN_NUM_FORMS": "0",
        "user_roles-MAX_NUM_FORMS": "1000",
    }
    missing = admin_client.post(reverse("admin:orgs_user_add"), base)
    assert "新建用户必须设置密码" in missing.content.decode()
    ok = admin_client.post(reverse("admin:orgs_user_add"), {**base, "new_password": "Zhifa-Strong-2026!"})
    assert ok.status_code == 302, ok.content.decode()[:2000]
    assert User.objects.get(username="newbie").check_password("Zhifa-Strong-2026!")
    assert AuditEvent.objects.filter(action="orgs.user.create").exists()


def test_admin_revokes_api_tokens(admin_client: Client, org_world: Any) -> None:
    owner = UserFactory.create(organisation=org_world.agency)
    api_token_issue(actor=Actor.system(), user=owner, name="脚本")
    token = ApiToken.objects.get()
    response = admin_client.post(
        reverse("admin:orgs_apitoken_changelist"),
        {"action": "revoke_selected", "_selected_action": [token.pk]},
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(action="orgs.api_token.revoke").exists()


def test_admin_region_browser_is_read_only_and_drills_down(admin_client: Client) -> None:
    region("440303001", "桂园街道")
    listing = admin_client.get(reverse("admin:orgs_region_changelist"), {"parent_code": "440303"})
    assert listing.status_code == 200
    assert "桂园街道" in listing.content.decode()
    assert admin_client.get(reverse("admin:orgs_region_add")).status_code == 403
    found = admin_client.get(reverse("admin:orgs_region_changelist"), {"q": "桂园"}).content.decode()
    assert "440303001" in found
