"""The demo intake (bench.demo.intake) and `bench intake` on a tiny city (Guangdong divisions only)."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction

from bench.demo.seed import SeedOptions, seed_demo

TINY: dict[str, Any] = {"parties": 120, "regions": ("44",), "seed": 2026, "with_legal": False}
ROWS = 600
TODAY = dt.date(2026, 11, 20)


@pytest.fixture(scope="module")
def intake(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """A tiny city with ROWS demo clues and inspections for the module, rolled back at its end."""
    from bench.demo.intake import seed_intake

    with django_db_blocker.unblock(), transaction.atomic():
        seed_demo(SeedOptions(**TINY))
        summary = seed_intake(clues=ROWS, inspections=ROWS, targets=100, seed=2026, today=TODAY)
        yield summary
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_clues_are_numbered_per_unit_and_year_and_carry_their_state(intake: dict[str, Any]) -> None:
    from zhifa.clues.models import Clue
    from zhifa.documents.models import DocumentNumberSequence

    assert intake["clues"] == Clue.objects.count() == ROWS
    numbers = Counter(Clue.objects.values_list("organisation_id", "number"))
    assert len(numbers) == ROWS
    assert all(re.fullmatch(r".+线.*20\d\d.*\d+.*", n) for _, n in numbers)
    for clue in Clue.objects.select_related("organisation")[:200]:
        assert clue.region_code == clue.organisation.region_code
        if clue.state in ("assigned", "handled"):
            assert clue.handling_unit_id
            assert clue.handler_user_id
            assert clue.assigned_at
        if clue.state == "handled":
            assert clue.outcome
            assert clue.handled_at
        if clue.state == "merged":
            assert clue.merged_into_id is not None
            assert clue.merged_into_id < clue.pk
    last = DocumentNumberSequence.objects.filter(number_kind="线").values_list("last_seq", flat=True)
    assert sum(last) == ROWS  # the units' sequences end at the numbers used
    assert set(Clue.objects.values_list("state", flat=True)) >= {"handled", "assigned", "rejected"}


@pytest.mark.django_db
def test_inspections_have_two_officers_of_their_unit_and_the_library_one_target_per_party(
    intake: dict[str, Any],
) -> None:
    from zhifa.inspections.models import Inspection, InspectionOfficer, InspectionTarget

    assert intake["inspections"] == Inspection.objects.count() == ROWS
    per = Counter(InspectionOfficer.objects.values_list("inspection_id", flat=True))
    assert len(per) == ROWS
    assert set(per.values()) == {2}
    for link in InspectionOfficer.objects.select_related("inspection", "officer")[:200]:
        assert link.officer.organisation_id == link.inspection.organisation_id
        assert link.user_id == link.officer.user_id is not None
    closed = Inspection.objects.filter(state="closed")
    assert closed.exists()
    assert not closed.filter(inspected_on__isnull=True).exists()
    targets = InspectionTarget.objects.filter(domain__code="market")
    assert targets.count() == intake["targets"] == 100
    assert targets.values("party_id").distinct().count() == 100
    assert {"red", "yellow", "blue"} >= set(targets.values_list("risk", flat=True))


@pytest.mark.django_db
def test_each_list_issues_exactly_the_statements_of_its_raw_twin(intake: dict[str, Any]) -> None:
    """ADR 0005: the same statements as the hand-written twin (no N+1), the same rows found."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.foundation import _fresh_user
    from bench.intake import build_cases
    from zhifa.orgs.models import User

    checked: Counter[str] = Counter()
    for case in build_cases(seed=2026, iterations=4):
        user_pk = User.objects.values_list("pk", flat=True).get(username=case.username)
        for value in case.inputs:
            with CaptureQueriesContext(connection) as orm_queries:
                found = case.orm(_fresh_user(user_pk), value)
            with CaptureQueriesContext(connection) as raw_queries:
                rows = case.raw(_fresh_user(user_pk), value)
            assert len(orm_queries) == len(raw_queries), (case.name, value)
            if case.name == "orm_floor":
                assert len(found) == len(rows) == 1
            else:
                assert found[0] == rows[0], (case.name, value)  # the COUNT
                assert [r.pk for r in found[1]] == [r[0] for r in rows[1]], (case.name, value)
            checked[case.name] += 1
    assert {
        "clue_list_all_unit",
        "clue_list_all_self",
        "clue_list_channel_source",
        "inspection_list_all_unit",
        "inspection_list_mine_unit",
        "inspection_list_state_self",
    } <= set(checked)


@pytest.mark.django_db
def test_bench_intake_prints_one_json_line_per_measurement_and_the_draw(intake: dict[str, Any]) -> None:
    out = io.StringIO()
    call_command("bench", "intake", "--reuse", "--iterations", "3", "--draws", "2", stdout=out)
    lines = [json.loads(line) for line in out.getvalue().strip().splitlines()]
    assert lines[0]["case"] == "orm_floor"
    floor = lines[0]["ratio_p95"]
    measured = [line for line in lines if "ratio_p95" in line]
    assert {
        "clue_list_all_unit",
        "clue_list_state_self",
        "inspection_list_all_unit",
        "inspection_list_keyword_self",
    } <= {line["case"] for line in measured}
    for line in measured:
        assert line["bench"] == "intake"
        assert line["floor_ratio_p95"] == floor
        assert (line["clues"], line["inspections"]) == (ROWS, ROWS)
        for key in ("p50_ms", "p95_ms", "raw_p50_ms", "raw_p95_ms", "ratio_p95"):
            assert isinstance(line[key], int | float)
        if line["case"] != "orm_floor":
            assert isinstance(line["ok"], bool)
    draw = lines[-1]
    assert draw["case"] == "draw"
    assert draw["n"] == 2
    assert draw["library"] == 100
    assert draw["drawn"] == 100  # the whole tiny library
    assert draw["officers"] >= 2
    for key in ("first_s", "p50_s", "max_s"):
        assert isinstance(draw[key], float)
    assert isinstance(draw["ok"], bool)


@pytest.mark.django_db
def test_roles_of_a_city_seeded_before_the_intake_apps_gain_their_codenames(intake: dict[str, Any]) -> None:
    from bench.demo.intake import intake_roles_sync
    from zhifa.core.models import AuditEvent
    from zhifa.orgs.models import Role

    role = Role.objects.get(code="team_leader")
    stale = [p for p in role.permissions if not p.startswith("clues.")]
    Role.objects.filter(pk=role.pk).update(permissions=stale)
    assert intake_roles_sync() == {
        "team_leader": [
            "clues.clue.approve",
            "clues.clue.assign",
            "clues.clue.handle",
            "clues.clue.reply",
            "clues.clue.view",
        ]
    }
    role.refresh_from_db()
    assert "clues.clue.view" in role.permissions
    assert set(stale) < set(role.permissions)
    assert AuditEvent.objects.filter(action="orgs.role.update").exists()
    assert intake_roles_sync() == {}  # idempotent
