"""The audit log page (/core/audit/) is scoped; the AuditEvent admin is read-only."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from zhifa.core.audit import Actor, audit_append
from zhifa.core.models import AuditEvent
from zhifa.core.permissions import CorePerm
from zhifa.core.selectors import AuditFilters, audit_event_list_for_user
from zhifa.orgs.models import Role, UserRole

pytestmark = pytest.mark.django_db


def event(org: Any, action: str, subject_id: str = "1", label: str = "someone") -> AuditEvent:
    return audit_append(
        actor=Actor(id=None, label=label, organisation_id=org.pk),
        action=action,
        subject=("cases.case", subject_id),
        payload={"note": action},
    )


def user_with_audit_scope(make_user: Any, org: Any, scope: str) -> Any:
    user = make_user(org)
    role = Role.objects.create(
        code=f"auditor_{scope}", name="审计员", data_scope=scope, permissions=[CorePerm.AUDIT_VIEW]
    )
    UserRole.objects.create(user=user, role=role)
    return user


@pytest.fixture
def events(org_world: Any) -> dict[str, AuditEvent]:
    return {
        "agency": event(org_world.agency, "cases.case.open", "A1"),
        "child": event(org_world.agency_child, "cases.case.close", "C1"),
        "sibling": event(org_world.sibling, "cases.case.open", "S1"),
        "other_city": event(org_world.other_city, "orgs.user.create", "O1"),
    }


def test_scope_all_sees_every_event(org_world: Any, make_user: Any, events: dict[str, AuditEvent]) -> None:
    admin = make_user(org_world.city_justice, "city_justice_admin")
    seen = set(audit_event_list_for_user(admin).values_list("pk", flat=True))
    assert {e.pk for e in events.values()} <= seen


def test_unit_and_below_sees_only_its_subtree(
    org_world: Any, make_user: Any, events: dict[str, AuditEvent]
) -> None:
    auditor = user_with_audit_scope(make_user, org_world.agency, "unit_and_below")
    seen = set(audit_event_list_for_user(auditor).values_list("pk", flat=True))
    assert seen == {events["agency"].pk, events["child"].pk}


def test_own_unit_sees_only_its_unit(org_world: Any, make_user: Any, events: dict[str, AuditEvent]) -> None:
    auditor = user_with_audit_scope(make_user, org_world.agency, "own_unit")
    assert list(audit_event_list_for_user(auditor).values_list("pk", flat=True)) == [events["agency"].pk]


def test_filters_by_action_subject_and_actor(
    org_world: Any, make_user: Any, events: dict[str, AuditEvent]
) -> None:
    admin = make_user(org_world.city_justice, "city_justice_admin")
    by_action = audit_event_list_for_user(admin, AuditFilters(action="cases.case.open"))
    assert set(by_action.values_list("pk", flat=True)) == {events["agency"].pk, events["sibling"].pk}
    by_subject = audit_event_list_for_user(admin, AuditFilters(subject="cases.case:C1"))
    assert list(by_subject.values_list("pk", flat=True)) == [events["child"].pk]
    assert audit_event_list_for_user(admin, AuditFilters(subject="O1")).count() == 1


def test_page_lists_events_newest_first_for_scope_all(
    client: Any, org_world: Any, make_user: Any, events: dict[str, AuditEvent]
) -> None:
    client.force_login(make_user(org_world.city_justice, "city_justice_admin"))
    html = client.get(reverse("core:audit_list")).content.decode()
    assert html.index("orgs.user.create") < html.index("cases.case.close")
    assert 'data-label="动作"' in html
    assert "审计日志" in html


def test_page_is_scoped(client: Any, org_world: Any, make_user: Any, events: dict[str, AuditEvent]) -> None:
    client.force_login(user_with_audit_scope(make_user, org_world.agency, "unit_and_below"))
    html = client.get(reverse("core:audit_list")).content.decode()
    assert "cases.case:A1" in html
    assert "cases.case:C1" in html
    assert "cases.case:S1" not in html
    assert "cases.case:O1" not in html


def test_page_pages_by_seq(client: Any, org_world: Any, make_user: Any) -> None:
    for i in range(60):
        event(org_world.agency, "cases.case.open", f"P{i}")
    client.force_login(make_user(org_world.city_justice, "city_justice_admin"))
    first = client.get(reverse("core:audit_list"))
    assert "cases.case:P59" in first.content.decode()
    assert first.context["next_query"]
    second = client.get(reverse("core:audit_list") + "?" + first.context["next_query"]).content.decode()
    assert "cases.case:P9<" in second
    assert "cases.case:P59" not in second


def test_page_refuses_users_without_the_permission(client: Any, org_world: Any, make_user: Any) -> None:
    client.force_login(make_user(org_world.agency, "officer"))
    assert client.get(reverse("core:audit_list")).status_code == 403


def test_page_requires_login(client: Any) -> None:
    response = client.get(reverse("core:audit_list"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_menu_shows_audit_log_under_system_management(org_world: Any, make_user: Any) -> None:
    from zhifa.web.navigation import menu_for

    groups = menu_for(make_user(org_world.city_justice, "city_justice_admin"))
    system = next(g for g in groups if g.label == "系统管理")
    assert any(item["label"] == "审计日志" for item in system.items)
    officer_groups = menu_for(make_user(org_world.agency, "officer"))
    assert not any(item["label"] == "审计日志" for g in officer_groups for item in g.items)


def test_audit_admin_is_read_only(admin_client: Any, org_world: Any, events: dict[str, AuditEvent]) -> None:
    target = events["child"]
    assert admin_client.get(reverse("admin:core_auditevent_add")).status_code == 403
    change = admin_client.get(reverse("admin:core_auditevent_change", args=[target.pk]))
    assert change.status_code == 200
    assert 'name="_save"' not in change.content.decode()
    assert (
        admin_client.post(
            reverse("admin:core_auditevent_delete", args=[target.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert AuditEvent.objects.filter(pk=target.pk).exists()
    searched = admin_client.get(reverse("admin:core_auditevent_changelist"), {"q": "C1"})
    assert list(searched.context["cl"].queryset.values_list("pk", flat=True)) == [target.pk]
    filtered = admin_client.get(reverse("admin:core_auditevent_changelist"), {"action": "orgs.user.create"})
    assert filtered.status_code == 200
    assert list(filtered.context["cl"].queryset.values_list("pk", flat=True)) == [events["other_city"].pk]
