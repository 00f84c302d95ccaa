"""Holiday table: seeding (idempotent, admin edits win), audited admin edits, coverage warnings."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from zhifa.core.audit import Actor
from zhifa.core.calendar_seed import seed_holidays
from zhifa.core.context_processors import calendar_warning
from zhifa.core.errors import NotFound, ValidationError
from zhifa.core.models import AuditEvent, CalendarSource, Holiday, HolidayYear
from zhifa.core.services import holiday_delete, holiday_set, holiday_year_set
from zhifa.core.workdays import calendar_coverage, is_workday

pytestmark = pytest.mark.django_db

ADMIN = Actor.system("test")
D = date


def test_migration_seeded_2004_to_2026_from_the_package() -> None:
    assert list(HolidayYear.objects.filter(complete=True).values_list("year", flat=True)) == list(
        range(2004, 2027)
    )
    spring = Holiday.objects.filter(date__range=(D(2026, 2, 14), D(2026, 2, 28)))
    assert {h.date.day for h in spring if h.kind == "holiday"} == set(range(15, 24))
    assert {h.date.day for h in spring if h.kind == "makeup_workday"} == {14, 28}
    assert Holiday.objects.get(date=D(2026, 10, 1)).name == "国庆节"
    assert not Holiday.objects.exclude(source=CalendarSource.CHINESECALENDAR).exists()


def test_seeding_again_changes_nothing() -> None:
    assert seed_holidays() == {"years": 23, "created": 0, "updated": 0, "removed": 0, "kept_admin": 0}


def test_seeding_never_overwrites_admin_edits_or_resurrects_deleted_days() -> None:
    holiday_set(actor=ADMIN, date=D(2026, 10, 1), kind="holiday", name="国庆节（本地通知）")
    holiday_delete(actor=ADMIN, date=D(2026, 10, 7))
    summary = seed_holidays()
    assert summary["years"] == 22  # 2026 is now maintained by the administrators
    assert Holiday.objects.get(date=D(2026, 10, 1)).name == "国庆节（本地通知）"
    assert not Holiday.objects.filter(date=D(2026, 10, 7)).exists()
    assert is_workday(D(2026, 10, 7)) is True
    year = HolidayYear.objects.get(year=2026)
    assert year.source == CalendarSource.ADMIN
    assert year.complete is True


def test_seeding_drops_package_rows_the_package_no_longer_lists() -> None:
    Holiday.objects.create(
        date=D(2025, 3, 3), kind="holiday", name="旧数据", source=CalendarSource.CHINESECALENDAR
    )
    assert seed_holidays()["removed"] == 1
    assert not Holiday.objects.filter(date=D(2025, 3, 3)).exists()


def test_seed_command_prints_json() -> None:
    out = StringIO()
    call_command("seed_holidays", stdout=out)
    assert json.loads(out.getvalue())["created"] == 0


def test_holiday_services_are_audited() -> None:
    holiday_set(actor=ADMIN, date=D(2027, 1, 1), kind="holiday", name="元旦")
    holiday_year_set(actor=ADMIN, year=2027, complete=True, note="国办发明电〔2026〕X号")
    holiday_delete(actor=ADMIN, date=D(2027, 1, 1))
    actions = list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))
    assert actions == ["core.holiday.set", "core.holiday_year.set", "core.holiday.delete"]
    first = AuditEvent.objects.order_by("seq").first()
    assert first is not None
    assert json.loads(first.payload)["date"] == "2027-01-01"


def test_makeup_workday_must_be_a_weekend_day() -> None:
    with pytest.raises(ValidationError, match="周六或周日"):
        holiday_set(actor=ADMIN, date=D(2027, 1, 4), kind="makeup_workday", name="元旦")
    assert not AuditEvent.objects.exists()


def test_deleting_an_unknown_day_is_not_found() -> None:
    with pytest.raises(NotFound):
        holiday_delete(actor=ADMIN, date=D(2026, 3, 3))


@pytest.mark.parametrize(
    ("today", "missing"),
    [(D(2026, 6, 1), []), (D(2026, 10, 31), []), (D(2026, 11, 1), [2027]), (D(2027, 1, 2), [2027])],
)
def test_coverage_requires_next_year_from_november(today: date, missing: list[int]) -> None:
    coverage = calendar_coverage(today)
    assert coverage["missing"] == missing
    assert coverage["ok"] is (not missing)
    assert coverage["covered_years"][0] == 2004


def test_check_calendar_command_reports_missing_years_and_exit_code() -> None:
    today = timezone.localdate()
    for year in (today.year, today.year + 1):
        holiday_year_set(actor=ADMIN, year=year, complete=True)
    out = StringIO()
    call_command("check_calendar", stdout=out)
    assert json.loads(out.getvalue())["ok"] is True
    holiday_year_set(actor=ADMIN, year=today.year, complete=False)
    out = StringIO()
    with pytest.raises(SystemExit) as info:
        call_command("check_calendar", stdout=out)
    assert info.value.code == 1
    report = json.loads(out.getvalue())
    assert report["ok"] is False
    assert today.year in report["missing"]


# --- banner and admin ---------------------------------------------------------------------------


@pytest.fixture
def year_missing() -> int:
    year = timezone.localdate().year
    holiday_year_set(actor=ADMIN, year=year, complete=False)
    return year


def _request(user: Any) -> Any:
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_banner_context_only_for_holiday_managers(org_world: Any, make_user: Any, year_missing: int) -> None:
    manager = make_user(org_world.city_justice, "city_justice_admin")
    officer = make_user(org_world.agency, "officer")
    assert year_missing in calendar_warning(_request(manager))["calendar_missing_years"]
    assert calendar_warning(_request(officer)) == {}


def test_no_banner_when_covered(org_world: Any, make_user: Any) -> None:
    today = timezone.localdate()
    for year in (today.year, today.year + 1):
        holiday_year_set(actor=ADMIN, year=year, complete=True)
    manager = make_user(org_world.city_justice, "city_justice_admin")
    assert calendar_warning(_request(manager)) == {}


@pytest.fixture
def with_banner_processor(settings: Any) -> None:
    templates = [dict(t) for t in settings.TEMPLATES]
    options = dict(templates[0]["OPTIONS"])
    processors = list(options["context_processors"])
    if "zhifa.core.context_processors.calendar_warning" not in processors:
        processors.append("zhifa.core.context_processors.calendar_warning")
    options["context_processors"] = processors
    templates[0]["OPTIONS"] = options
    settings.TEMPLATES = templates


def test_admin_index_and_holiday_list_show_the_red_banner(
    admin_client: Any, with_banner_processor: None, year_missing: int
) -> None:
    index = admin_client.get(reverse("admin:index")).content.decode()
    assert "calendar-warning" in index
    assert f"{year_missing}年" in index
    changelist = admin_client.get(reverse("admin:core_holiday_changelist")).content.decode()
    assert "尚未录入完整" in changelist


def test_admin_add_and_delete_holiday_go_through_audited_services(admin_client: Any) -> None:
    response = admin_client.post(
        reverse("admin:core_holiday_add"), {"date": "2027-01-01", "kind": "holiday", "name": "元旦"}
    )
    assert response.status_code == 302
    row = Holiday.objects.get(date=D(2027, 1, 1))
    assert row.source == CalendarSource.ADMIN
    response = admin_client.post(reverse("admin:core_holiday_delete", args=[row.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Holiday.objects.filter(date=D(2027, 1, 1)).exists()
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert actions == ["core.holiday.set", "core.holiday.delete"]
    event = AuditEvent.objects.first()
    assert event is not None
    assert event.actor_label == "admin"


def test_admin_form_rejects_weekday_makeup(admin_client: Any) -> None:
    response = admin_client.post(
        reverse("admin:core_holiday_add"), {"date": "2027-01-04", "kind": "makeup_workday", "name": "元旦"}
    )
    assert response.status_code == 200
    assert "调休上班日应为周六或周日" in response.content.decode()
    assert not Holiday.objects.filter(date=D(2027, 1, 4)).exists()


def test_admin_marks_a_year_complete(admin_client: Any) -> None:
    holiday_year_set(actor=ADMIN, year=2027, complete=False)
    row = HolidayYear.objects.get(year=2027)
    response = admin_client.post(
        reverse("admin:core_holidayyear_changelist"),
        {"action": "mark_complete", "_selected_action": [row.pk]},
    )
    assert response.status_code == 302
    assert HolidayYear.objects.get(year=2027).complete is True
    assert AuditEvent.objects.filter(action="core.holiday_year.set").count() == 2


def test_holiday_admin_needs_the_holiday_permission(org_world: Any, make_user: Any, client: Any) -> None:
    manager = make_user(org_world.city_justice, "city_justice_admin", is_staff=True)
    officer = make_user(org_world.agency, "unit_admin", is_staff=True)
    client.force_login(manager)
    assert client.get(reverse("admin:core_holiday_changelist")).status_code == 200
    client.force_login(officer)
    assert client.get(reverse("admin:core_holiday_changelist")).status_code == 403
