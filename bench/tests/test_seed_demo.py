"""seed_demo / demo_logins / bench at a tiny scale (Guangdong divisions only, a few hundred parties)."""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction

from bench.demo.catalogue import DEMO_PASSWORD, DEMO_USERNAME_PREFIX
from bench.demo.seed import SeedOptions, seed_demo
from zhifa.core.models import AuditEvent
from zhifa.legal.models import DiscretionClaim, DiscretionStandard, Power
from zhifa.orgs.choices import OrganisationKind, OrganisationLevel
from zhifa.orgs.models import Officer, Organisation, User
from zhifa.orgs.roles import ROLE_SPECS
from zhifa.parties.models import Party

TINY: dict[str, Any] = {"parties": 120, "regions": ("44",), "seed": 2026}


def fingerprint() -> dict[str, str]:
    """SHA-256 of the natural-key content of organisations, officers, users and parties."""

    def digest(rows: list[tuple[Any, ...]]) -> str:
        return hashlib.sha256(repr(sorted(map(repr, rows))).encode()).hexdigest()

    orgs = [
        (o.name, o.short_name, o.kind, o.level, o.uscc, o.region_code, o.phone, o.address,
         o.parent.name if o.parent else "", o.supervised_by.name if o.supervised_by else "",
         tuple(sorted(d.code for d in o.domains.all())))
        for o in Organisation.objects.select_related("parent", "supervised_by").prefetch_related("domains")
    ]  # fmt: skip
    officers = [
        (f.name, f.certificate_no, f.organisation.name, f.certificate_valid_from, f.certificate_valid_to,
         f.certificate_status, f.has_legal_qualification, f.user.username if f.user else "",
         tuple(sorted(d.code for d in f.domains.all())))
        for f in Officer.objects.select_related("organisation", "user").prefetch_related("domains")
    ]  # fmt: skip
    users = [
        (u.username, u.display_name, u.phone, u.organisation.name if u.organisation else "",
         tuple(sorted(r.role.code for r in u.user_roles.all())))
        for u in User.objects.select_related("organisation").prefetch_related("user_roles__role")
    ]  # fmt: skip
    parties = list(
        Party.objects.values_list(
            "kind", "name", "uscc", "id_type", "id_number_index", "id_number_masked", "birth_date",
            "sex", "legal_rep_name", "legal_rep_id_index", "address", "phone", "region_code",
            "registration_authority", "industry_code", "enterprise_status", "source", "organisation__name",
        )
    )  # fmt: skip
    return {
        "orgs": digest(orgs),
        "officers": digest(officers),
        "users": digest(users),
        "parties": digest(parties),
    }


def seeded(**overrides: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """Seed into the (test-transaction) database, fingerprint, roll everything back."""
    options = SeedOptions(**{**TINY, **overrides})
    with transaction.atomic():
        summary = seed_demo(options)
        prints = fingerprint()
        transaction.set_rollback(True)
    return summary, prints


@pytest.fixture(scope="module")
def demo_city(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """One tiny demo city for the module, rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        summary = seed_demo(SeedOptions(**TINY))
        yield summary
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_same_seed_gives_identical_data_and_growing_matches_a_direct_run() -> None:
    first_summary, first = seeded(with_legal=False)
    _, second = seeded(with_legal=False)
    assert first == second
    assert first_summary["parties"] == TINY["parties"]

    with transaction.atomic():  # 50 parties first, then grown to 120 with the same seed
        seed_demo(SeedOptions(**{**TINY, "parties": 50, "with_legal": False}))
        seed_demo(SeedOptions(**{**TINY, "with_legal": False}))
        grown = fingerprint()
        transaction.set_rollback(True)
    assert grown == first

    _, other = seeded(with_legal=False, seed=7)
    assert other["parties"] != first["parties"]
    assert other["users"] != first["users"]


@pytest.mark.django_db
def test_summary_counts_and_one_audit_event(demo_city: dict[str, Any]) -> None:
    assert demo_city["parties"] == TINY["parties"]
    assert 500 <= demo_city["officers"] <= 700
    assert demo_city["users"] > demo_city["officers"]
    assert demo_city["laws"] >= 30
    assert demo_city["powers"] >= 40
    assert demo_city["discretion_items"] == 165
    assert AuditEvent.objects.filter(action="demo.seed").count() == 1
    payload = json.loads(AuditEvent.objects.get(action="demo.seed").payload)
    assert payload["seed"] == 2026
    assert payload["parties"] == TINY["parties"]


@pytest.mark.django_db
def test_powers_cite_real_articles_and_ecology_branches_claim_the_discretion_standards(
    demo_city: dict[str, Any],
) -> None:
    power = Power.objects.get(name__startswith="对超过大气污染物排放标准")
    assert power.organisation.name == "深圳市生态环境局"
    version = power.current_version
    assert version is not None
    assert version.batch is not None
    assert version.batch.state == "approved"
    penalty = version.bases.get(category="penalty")
    assert penalty.article is not None
    assert (penalty.article.version.law.name, penalty.article.number) == ("大气污染防治法", 99)
    assert Power.objects.filter(name__contains="食品").exists()
    standards = DiscretionStandard.objects.filter(organisation=power.organisation, status="published")
    assert standards.count() == 165
    assert standards.filter(power=power).exists()  # the import linked items to the power by article
    claimers = set(DiscretionClaim.objects.filter(active=True).values_list("organisation__name", flat=True))
    assert claimers == {"深圳市生态环境局福田管理局", "深圳市生态环境局南山管理局"}


@pytest.mark.django_db
def test_shenzhen_has_nine_district_justice_bureaus_and_79_street_offices(demo_city: dict[str, Any]) -> None:
    justice = Organisation.objects.filter(
        kind=OrganisationKind.SUPERVISORY_BODY, level=OrganisationLevel.COUNTY, region_code__startswith="4403"
    )
    assert justice.count() == 9
    assert all(o.name.endswith("区司法局") for o in justice)
    streets = Organisation.objects.filter(
        kind=OrganisationKind.ENFORCEMENT_SUBJECT, level=OrganisationLevel.STREET, name__endswith="街道办事处"
    )
    assert streets.count() == 79
    assert all(s.supervised_by in justice for s in streets.select_related("supervised_by"))
    assert all(s.domains.filter(code="urban").exists() for s in streets[:5])
    futian = Organisation.objects.get(name="深圳市市场监督管理局福田监管局")
    assert futian.parent.name == "深圳市市场监督管理局"
    assert futian.region.name == "福田区"
    assert Organisation.objects.filter(level=OrganisationLevel.CITY, kind="enforcement_agency").count() >= 30


@pytest.mark.django_db
def test_every_role_has_a_demo_login_that_signs_in(demo_city: dict[str, Any], client: Any) -> None:
    for spec in ROLE_SPECS:
        user = User.objects.get(username=f"{DEMO_USERNAME_PREFIX}{spec.code}")
        assert user.user_roles.filter(role__code=spec.code).exists()
        response = client.post("/login/", {"username": user.username, "password": DEMO_PASSWORD})
        assert response.status_code == 302, spec.code
        client.post("/logout/")
    officer = User.objects.get(username=f"{DEMO_USERNAME_PREFIX}officer")
    assert officer.organisation is not None
    assert officer.organisation.name == "深圳市市场监督管理局福田监管局"
    assert officer.officer.certificate_status == "valid"
    reviewer = Officer.objects.get(user__username=f"{DEMO_USERNAME_PREFIX}legal_reviewer")
    assert reviewer.has_legal_qualification


@pytest.mark.django_db
def test_demo_logins_prints_one_line_per_role(demo_city: dict[str, Any]) -> None:
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == len(ROLE_SPECS) + 1  # header + one per role
    for spec, line in zip(ROLE_SPECS, lines[1:], strict=True):
        assert line.startswith(spec.name)
        assert f"{DEMO_USERNAME_PREFIX}{spec.code}" in line
        assert DEMO_PASSWORD in line
    assert "深圳市司法局" in out.getvalue()


@pytest.mark.django_db
def test_if_empty_leaves_an_existing_city_alone(demo_city: dict[str, Any]) -> None:
    before = Party.objects.count(), User.objects.count()
    out = io.StringIO()
    call_command("seed_demo", "--scale", "1", "--if-empty", stdout=out, stderr=io.StringIO())
    assert out.getvalue() == ""
    assert (Party.objects.count(), User.objects.count()) == before


@pytest.mark.django_db
def test_seed_demo_command_grows_an_existing_city_and_prints_a_json_summary(
    demo_city: dict[str, Any],
) -> None:
    users = User.objects.count()
    out = io.StringIO()
    call_command("seed_demo", "--parties", "150", "--regions", "44", stdout=out)
    summary = json.loads(out.getvalue().strip().splitlines()[-1])
    assert summary["parties"] == Party.objects.count() == 150
    assert summary["users"] == User.objects.count() == users  # only parties are added
    assert summary["organisations"] == Organisation.objects.count()
    assert {"regions", "organisations", "officers", "users", "laws", "parties", "seconds"} <= summary.keys()
    assert AuditEvent.objects.filter(action="demo.seed").count() == 2


@pytest.mark.django_db
def test_bench_foundation_prints_one_json_line_per_case(demo_city: dict[str, Any]) -> None:
    out = io.StringIO()
    call_command("bench", "foundation", "--reuse", "--iterations", "4", stdout=out)
    lines = [json.loads(line) for line in out.getvalue().strip().splitlines()]
    cases = {line["case"] for line in lines}
    assert {
        "orm_floor",
        "party_exact_code",
        "party_exact_id_number",
        "party_name_search",
        "officer_list_unit",
    } <= cases
    assert lines[0]["case"] == "orm_floor"  # measured first: every later line carries its ratio
    floor = lines[0]["ratio_p95"]
    assert lines[0]["ok"] is None
    assert lines[0]["target_p95_ms"] is None
    for line in lines:
        assert line["bench"] == "foundation"
        assert line["n"] == 4
        assert line["floor_ratio_p95"] == floor
        for key in ("p50_ms", "p95_ms", "raw_p50_ms", "raw_p95_ms", "ratio_p95"):
            assert isinstance(line[key], int | float)
    for line in lines[1:]:
        assert isinstance(line["target_p95_ms"], int | float)
        assert isinstance(line["ok"], bool)


@pytest.mark.django_db
def test_the_city_platform_admin_can_open_the_holiday_admin(demo_city: dict[str, Any]) -> None:
    from django.test import Client

    admin = Client()
    assert admin.login(username=f"{DEMO_USERNAME_PREFIX}city_justice_admin", password=DEMO_PASSWORD)
    assert admin.get("/admin/core/holiday/").status_code == 200
    officer = Client()
    assert officer.login(username=f"{DEMO_USERNAME_PREFIX}officer", password=DEMO_PASSWORD)
    assert officer.get("/admin/core/holiday/").status_code == 302  # not staff: sent to the admin login


@pytest.mark.django_db
def test_each_selector_issues_exactly_the_statements_of_its_raw_twin(demo_city: dict[str, Any]) -> None:
    """The benchmark's ratio compares like with like: for every case and input the selector sends
    as many statements as its hand-written twin (no N+1, no extra lookups), and both find the
    same rows — what is left between them is the ORM's own cost per statement (ADR 0005)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.foundation import _fresh_user, build_cases
    from zhifa.orgs.models import User

    checked = 0
    for case in build_cases(seed=2026, iterations=6):
        user_pk = User.objects.values_list("pk", flat=True).get(username=case.username)
        for value in case.inputs:
            user = _fresh_user(user_pk)
            with CaptureQueriesContext(connection) as orm_queries:
                found = case.orm(user, value)
            user = _fresh_user(user_pk)
            with CaptureQueriesContext(connection) as raw_queries:
                rows = case.raw(user, value)
            assert len(orm_queries) == len(raw_queries), (case.name, value)
            orm_rows = found if isinstance(found, list) else [found] if found is not None else []
            assert len(orm_rows) == len(rows), (case.name, value)
            checked += 1
    assert checked >= 6 * 6
