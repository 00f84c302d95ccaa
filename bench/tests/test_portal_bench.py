"""`bench portal` on a tiny city (Guangdong divisions only): the demo publications, the search's
statements against its raw twin, the printed keys, and the wrk report parser."""

from __future__ import annotations

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

TINY: dict[str, Any] = {"parties": 200, "regions": ("44",), "seed": 2026, "with_legal": False}
ROWS = 600


@pytest.fixture(scope="module")
def portal(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """A tiny city with ROWS demo publications for the module, rolled back at its end."""
    from bench.demo.portal_publications import seed_portal_publications

    with django_db_blocker.unblock(), transaction.atomic():
        seed_demo(SeedOptions(**TINY))
        yield seed_portal_publications(publications=ROWS, seed=2026)
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_demo_publications_are_public_masked_indexed_and_in_publication_order(portal: dict[str, Any]) -> None:
    from zhifa.disclosure.models import PartyKind, Publication
    from zhifa.parties.models import Party
    from zhifa.portal.search import grams_for_publication
    from zhifa.portal.selectors.publications import public_queryset

    assert portal["publications"] == portal["added"] == ROWS
    assert public_queryset().count() == ROWS
    rows = list(Publication.objects.order_by("pk"))
    stamps = [r.published_at for r in rows]
    assert None not in stamps
    assert stamps == sorted(s for s in stamps if s is not None)
    full_names = dict(Party.objects.filter(kind="natural_person").values_list("pk", "name"))
    kinds = Counter(r.party_kind for r in rows)
    assert kinds[PartyKind.PERSON] > 0
    assert kinds[PartyKind.ORGANISATION] > 0
    assert kinds[PartyKind.SOLE_TRADER] > 0
    for row in rows:
        assert row.search_grams == grams_for_publication(row.party_name, row.number, row.party_code)
        if row.party_kind == PartyKind.PERSON:
            assert row.party_id is not None
            assert re.fullmatch(r"\w{1,2}\*+", row.party_name), row.party_name
            assert full_names[row.party_id] not in row.facts + row.party_name
            assert re.fullmatch(r"\w{4}\*+\w{4}", row.party_code), row.party_code
    assert len({(r.organisation_id, r.number) for r in rows}) == ROWS


@pytest.mark.django_db
def test_a_second_run_adds_only_the_missing_rows(portal: dict[str, Any]) -> None:
    from bench.demo.portal_publications import published_count, seed_portal_publications

    assert seed_portal_publications(publications=ROWS, seed=2026)["added"] == 0
    with transaction.atomic():
        grown = seed_portal_publications(publications=ROWS + 15, seed=2026)
        assert grown["added"] == 15
        assert published_count() == ROWS + 15
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_each_search_issues_exactly_the_statements_of_its_raw_twin(portal: dict[str, Any]) -> None:
    """ADR 0005: the same statements as the hand-written twin (no N+1), the same rows found."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.portal import build_cases

    checked: Counter[str] = Counter()
    cases = build_cases(seed=2026, iterations=6)
    for case in cases:  # warm the per-process caches (bigram frequencies, a district's codes) once
        for value in case.inputs:
            case.orm(value)
    for case in cases:
        for value in case.inputs:
            with CaptureQueriesContext(connection) as orm_queries:
                found = case.orm(value)
            with CaptureQueriesContext(connection) as raw_queries:
                rows = case.raw(value)
            assert len(orm_queries) == len(raw_queries), (case.name, value)
            if case.name == "orm_floor":
                assert found == [tuple(r) for r in rows]
            else:
                assert found[0] == rows[0], (case.name, value)  # the total
                assert [r.pk for r in found[1]] == [r[0] for r in rows[1]], (case.name, value)
                # A keyword: the page (SQLite's FTS match count is cached since the warm-up), and on
                # SQLite the capped count of a filter's rows; without one: COUNT and the page.
                assert len(orm_queries) in ((1, 2) if value.q else (2,))
            checked[case.name] += 1
    assert set(checked) == {
        "orm_floor",
        "search_rare",
        "search_common",
        "search_rare_district",
        "browse",
        "browse_district",
    }
    hits = next(case for case in cases if case.name == "search_rare")
    assert all(case_rows[1] for case_rows in map(hits.orm, hits.inputs))  # pieces of real names


@pytest.mark.django_db
def test_bench_portal_prints_one_json_line_per_measurement(portal: dict[str, Any]) -> None:
    out = io.StringIO()
    # --no-http: the test database lives in this process's transaction (SQLite: in memory), which a
    # gunicorn process cannot see; the HTTP part is measured by the real command only.
    call_command("bench", "portal", "--reuse", "--iterations", "4", "--no-http", stdout=out)
    lines = [json.loads(line) for line in out.getvalue().strip().splitlines()]
    assert [line["case"] for line in lines] == [
        "orm_floor",
        "search_rare",
        "search_common",
        "search_rare_district",
        "browse",
        "browse_district",
    ]
    floor = lines[0]["ratio_p95"]
    for line in lines:
        assert line["bench"] == "portal"
        assert line["publications"] == ROWS
        assert line["floor_ratio_p95"] == floor
        for key in ("p50_ms", "p95_ms", "raw_p50_ms", "raw_p95_ms", "ratio_p95"):
            assert isinstance(line[key], int | float)
        if line["case"] != "orm_floor":
            assert line["target_p95_ms"] == 50.0
            assert isinstance(line["ok"], bool)


WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:40111/
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    24.91ms   11.02ms 120.35ms   78.12%
    Req/Sec   161.73     20.11   210.00     71.00%
  Latency Distribution
     50%   22.80ms
     75%   29.10ms
     90%   38.47ms
     99%  890.00us
  3233 requests in 10.01s, 98.21MB read
  Non-2xx or 3xx responses: 3
Requests/sec:    322.98
Transfer/sec:      9.81MB
"""


def test_the_wrk_report_is_parsed() -> None:
    from bench.portal import _lua, parse_wrk

    parsed = parse_wrk(WRK_OUTPUT)
    assert parsed == {
        "rps": 322.98,
        "requests": 3233,
        "p50_ms": 22.8,
        "p75_ms": 29.1,
        "p90_ms": 38.47,
        "p99_ms": 0.89,
        "non_2xx": 3,
        "socket_errors": 0,
    }
    script = _lua(["/gs/?q=%E7%A7%91%E6%8A%80", "/gs/?q=%E7%8E%8B%2A"])
    assert 'wrk.format("GET", paths[i])' in script
    assert '"/gs/?q=%E7%8E%8B%2A"' in script
