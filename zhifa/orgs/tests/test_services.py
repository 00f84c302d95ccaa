from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from zhifa.core.audit import Actor
from zhifa.core.errors import Conflict, PermissionDenied, ValidationError
from zhifa.core.identifiers import org_code_check_char, uscc_check_char
from zhifa.core.models import AuditEvent
from zhifa.core.scopes import DataScope
from zhifa.orgs.choices import CertificateStatus, OrganisationKind, OrganisationLevel
from zhifa.orgs.models import Domain, Officer, Organisation, Role, UserRole
from zhifa.orgs.roles import ROLE_SPECS
from zhifa.orgs.services.domains import DOMAIN_SEED, domains_seed
from zhifa.orgs.services.officers import officer_certificate_status_set, officer_create, officer_update
from zhifa.orgs.services.organisations import (
    organisation_create,
    organisation_deactivate,
    organisation_update,
)
from zhifa.orgs.services.roles import known_permissions, role_create, role_update, roles_seed
from zhifa.orgs.services.users import user_create, user_deactivate, user_set_roles
from zhifa.orgs.tests.factories import OfficerFactory, region, role

pytestmark = pytest.mark.django_db
ACTOR = Actor.system("test")
STRONG = "Zhifa-Strong-Pass-2026"


def make_uscc(body: str = "114403000") -> str:
    """A valid 统一社会信用代码 for a 机关 (11) in Shenzhen (440300)."""
    first8 = ("MB2C" + body)[-8:]
    first16 = "11440300" + first8 + org_code_check_char(first8)
    return first16[:17] + uscc_check_char(first16[:17])


def test_organisation_create_derives_region_code_and_is_audited() -> None:
    luohu = region("440303", "罗湖区")
    org = organisation_create(
        actor=ACTOR,
        name="深圳市罗湖区城市管理和综合执法局",
        kind=OrganisationKind.ENFORCEMENT_AGENCY,
        level=OrganisationLevel.COUNTY,
        region=luohu,
        uscc=make_uscc(),
        domains=[Domain.objects.create(code="urban", name="城市管理")],
    )
    assert org.region_code == "440303"
    assert [d.code for d in org.domains.all()] == ["urban"]
    event = AuditEvent.objects.get(action="orgs.organisation.create")
    assert event.subject_id == str(org.pk)
    assert '"region_code":"440303"' in event.payload


def test_organisation_with_invalid_uscc_is_refused_in_chinese() -> None:
    with pytest.raises(ValidationError) as info:
        organisation_create(
            actor=ACTOR,
            name="某局",
            kind=OrganisationKind.ENFORCEMENT_AGENCY,
            level=OrganisationLevel.CITY,
            region=region("4403"),
            uscc="11440300MB2C9204XX",
        )
    assert "统一社会信用代码" in info.value.message
    assert "uscc" in info.value.fields
    assert not Organisation.objects.exists()


def test_entrusted_org_needs_an_entrusting_agency(org_world: Any) -> None:
    with pytest.raises(ValidationError, match="委托机关"):
        organisation_create(
            actor=ACTOR,
            name="某街道综合执法队",
            kind=OrganisationKind.ENTRUSTED_ORG,
            level=OrganisationLevel.STREET,
            region=region("440303001"),
        )
    org = organisation_create(
        actor=ACTOR,
        name="某街道综合执法队",
        kind=OrganisationKind.ENTRUSTED_ORG,
        level=OrganisationLevel.STREET,
        region=region("440303001"),
        entrusted_by=org_world.agency_child,
        parent=org_world.agency_child,
    )
    assert org.entrusted_by == org_world.agency_child


def test_duplicate_name_and_supervisor_kind_are_refused(org_world: Any) -> None:
    with pytest.raises(ValidationError, match="已存在"):
        organisation_create(
            actor=ACTOR,
            name=org_world.agency.name,
            kind=OrganisationKind.ENFORCEMENT_AGENCY,
            level=OrganisationLevel.CITY,
            region=region("4403"),
        )
    with pytest.raises(ValidationError, match="监督机关"):
        organisation_update(
            actor=ACTOR, organisation=org_world.agency, changes={"supervised_by": org_world.sibling}
        )


def test_region_change_is_copied_to_the_units_officers(org_world: Any) -> None:
    officer = OfficerFactory.create(organisation=org_world.agency_child)
    organisation_update(
        actor=ACTOR, organisation=org_world.agency_child, changes={"region": region("440304")}
    )
    officer.refresh_from_db()
    assert officer.region_code == "440304"
    assert org_world.agency_child.region_code == "440304"
    assert AuditEvent.objects.filter(action="orgs.organisation.update").exists()


def test_parent_cannot_be_a_descendant(org_world: Any) -> None:
    with pytest.raises(ValidationError, match="下级"):
        organisation_update(
            actor=ACTOR, organisation=org_world.agency, changes={"parent": org_world.agency_child}
        )


def test_deactivate_refuses_while_active_children_remain(org_world: Any) -> None:
    with pytest.raises(ValidationError, match="下级单位"):
        organisation_deactivate(actor=ACTOR, organisation=org_world.sibling)
    organisation_deactivate(actor=ACTOR, organisation=org_world.sibling_child, reason="机构改革")
    organisation_deactivate(actor=ACTOR, organisation=org_world.sibling)
    assert not Organisation.objects.get(pk=org_world.sibling.pk).is_active
    with pytest.raises(Conflict):
        organisation_deactivate(actor=ACTOR, organisation=org_world.sibling)
    assert AuditEvent.objects.filter(action="orgs.organisation.deactivate").count() == 2


def test_officer_create_checks_certificate_number_and_validity(org_world: Any) -> None:
    officer = officer_create(
        actor=ACTOR,
        organisation=org_world.agency_child,
        name="张三",
        certificate_no="44030312345",
        certificate_valid_from=dt.date(2024, 1, 1),
        certificate_valid_to=dt.date(2028, 12, 31),
    )
    assert officer.region_code == "440303"
    with pytest.raises(ValidationError, match="已存在") as info:
        officer_create(
            actor=ACTOR,
            organisation=org_world.agency,
            name="李四",
            certificate_no="44030312345",
            certificate_valid_from=dt.date(2024, 1, 1),
            certificate_valid_to=dt.date(2028, 12, 31),
        )
    assert "certificate_no" in info.value.fields
    with pytest.raises(ValidationError, match="不能早于"):
        officer_create(
            actor=ACTOR,
            organisation=org_world.agency,
            name="李四",
            certificate_no="44030399999",
            certificate_valid_from=dt.date(2028, 1, 1),
            certificate_valid_to=dt.date(2024, 12, 31),
        )
    assert Officer.objects.count() == 1
    assert AuditEvent.objects.filter(action="orgs.officer.create").count() == 1


def test_officer_move_to_another_unit_rederives_region(org_world: Any) -> None:
    officer = OfficerFactory.create(organisation=org_world.agency)
    officer_update(
        actor=ACTOR, officer=officer, changes={"organisation": org_world.other_city, "name": "王五"}
    )
    assert (officer.region_code, officer.name) == ("4401", "王五")


def test_certificate_status_change_needs_a_reason_and_is_audited(org_world: Any) -> None:
    officer = OfficerFactory.create(organisation=org_world.agency)
    with pytest.raises(ValidationError, match="原因"):
        officer_certificate_status_set(actor=ACTOR, officer=officer, status=CertificateStatus.SUSPENDED)
    officer_certificate_status_set(
        actor=ACTOR, officer=officer, status=CertificateStatus.SUSPENDED, reason="涉嫌违纪"
    )
    officer.refresh_from_db()
    assert officer.certificate_status == CertificateStatus.SUSPENDED
    assert not officer.certificate_valid_on(dt.date(2026, 6, 1))
    assert '"reason":"涉嫌违纪"' in AuditEvent.objects.get(action="orgs.officer.certificate_status").payload


def test_user_create_validates_password_in_chinese(org_world: Any) -> None:
    with pytest.raises(ValidationError) as info:
        user_create(
            actor=ACTOR, username="zs", password="123", display_name="张三", organisation=org_world.agency
        )
    assert "password" in info.value.fields
    assert any("密码" in m for m in info.value.fields["password"])
    user = user_create(
        actor=ACTOR,
        username="zs",
        password=STRONG,
        display_name="张三",
        organisation=org_world.agency,
        roles=[role("officer")],
    )
    assert user.check_password(STRONG)
    assert list(user.user_roles.values_list("role__code", flat=True)) == ["officer"]
    with pytest.raises(ValidationError, match="已存在"):
        user_create(actor=ACTOR, username="ZS", password=STRONG, display_name="张三", organisation=None)


def test_unit_admin_cannot_grant_city_justice_admin_nor_manage_other_units(
    org_world: Any, make_user: Any
) -> None:
    admin = make_user(org_world.agency, "unit_admin")
    with pytest.raises(PermissionDenied, match="市司法局管理员"):
        user_create(
            actor=Actor.of(admin),
            username="boss",
            password=STRONG,
            display_name="某人",
            organisation=org_world.agency,
            roles=[role("city_justice_admin")],
            grantor=admin,
        )
    with pytest.raises(PermissionDenied, match="单位"):
        user_create(
            actor=Actor.of(admin),
            username="other",
            password=STRONG,
            display_name="某人",
            organisation=org_world.sibling,
            roles=[role("officer")],
            grantor=admin,
        )
    created = user_create(
        actor=Actor.of(admin),
        username="child_officer",
        password=STRONG,
        display_name="某人",
        organisation=org_world.agency_child,
        roles=[role("officer"), role("team_leader")],
        grantor=admin,
    )
    user_set_roles(actor=Actor.of(admin), user=created, roles=[role("officer")], grantor=admin)
    assert set(created.user_roles.values_list("role__code", flat=True)) == {"officer"}
    with pytest.raises(PermissionDenied):
        user_set_roles(
            actor=Actor.of(admin), user=created, roles=[role("district_justice_admin")], grantor=admin
        )
    assert set(created.user_roles.values_list("role__code", flat=True)) == {"officer"}


def test_user_deactivate_revokes_tokens_and_refuses_self(org_world: Any, make_user: Any) -> None:
    from zhifa.orgs.services.tokens import api_token_issue, api_token_user

    admin = make_user(org_world.agency, "unit_admin")
    target = make_user(org_world.agency_child, "officer")
    raw = api_token_issue(actor=ACTOR, user=target, name="t")
    with pytest.raises(ValidationError, match="自己"):
        user_deactivate(actor=Actor.of(admin), user=admin, grantor=admin)
    user_deactivate(actor=Actor.of(admin), user=target, grantor=admin)
    target.refresh_from_db()
    assert not target.is_active
    assert api_token_user(token=raw) is None


def test_role_permissions_must_be_known_codenames_including_future_modules() -> None:
    assert "cases.case.handle" in known_permissions()
    assert "orgs.user.manage" in known_permissions()
    with pytest.raises(ValidationError, match="未知的权限代码"):
        role_create(actor=ACTOR, code="x", name="X", permissions=["orgs.nothing"], data_scope=DataScope.SELF)
    created = role_create(
        actor=ACTOR,
        code="case_viewer",
        name="案件查看",
        permissions=["cases.case.view", "orgs.officer.view"],
        data_scope=DataScope.OWN_UNIT,
    )
    assert created.permissions == ["cases.case.view", "orgs.officer.view"]
    with pytest.raises(ValidationError, match="至少选择一个单位"):
        role_update(actor=ACTOR, role=created, changes={"data_scope": DataScope.CUSTOM})
    assert AuditEvent.objects.filter(action="orgs.role.create").count() == 1


def test_roles_seed_creates_missing_and_never_overwrites_edited_roles() -> None:
    summary = roles_seed(actor=ACTOR)
    assert summary == {"roles": len(ROLE_SPECS), "created": len(ROLE_SPECS), "kept": 0}
    edited = Role.objects.get(code="officer")
    role_update(
        actor=ACTOR, role=edited, changes={"name": "一线执法人员", "permissions": ["orgs.region.view"]}
    )
    Role.objects.filter(code="agency_supervisor").delete()
    assert roles_seed(actor=ACTOR) == {"roles": len(ROLE_SPECS), "created": 1, "kept": len(ROLE_SPECS) - 1}
    edited.refresh_from_db()
    assert (edited.name, edited.permissions) == ("一线执法人员", ["orgs.region.view"])


def test_domains_seed_is_idempotent_with_english_codes() -> None:
    assert domains_seed(actor=ACTOR) == {"domains": len(DOMAIN_SEED), "created": len(DOMAIN_SEED)}
    assert domains_seed(actor=ACTOR)["created"] == 0
    assert Domain.objects.get(code="market").name == "市场监管"
    assert all(code.isascii() for code in Domain.objects.values_list("code", flat=True))


def test_failed_write_leaves_no_audit_event(org_world: Any) -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        officer_create(
            actor=ACTOR,
            organisation=org_world.agency,
            name="",
            certificate_no="1234",
            certificate_valid_from=dt.date(2024, 1, 1),
            certificate_valid_to=dt.date(2025, 1, 1),
        )
    assert AuditEvent.objects.count() == before
    assert not UserRole.objects.exists()
