"""Acceptance (issue #5): the CF_* export of the demo penalties — a tiny demo city and caseload,
collected and published by the disclosure services exactly as the demo does — validates against
the field rules, and neither file holds a natural person's full name or identity number."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.db import transaction

from zhifa.core.audit import Actor
from zhifa.disclosure.export.cf import CF_CODES
from zhifa.disclosure.export.selectors import export_publications, iter_cf_records
from zhifa.disclosure.export.services import disclosure_export_run

TINY: dict[str, Any] = {"parties": 150, "regions": ("44",), "seed": 2026, "with_legal": False}
TODAY = dt.date(2026, 11, 20)
ID_18 = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dX](?![0-9A-Za-z])")


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    from bench.demo.cases import seed_cases
    from bench.demo.publications import seed_publications
    from bench.demo.seed import SeedOptions, seed_demo

    with django_db_blocker.unblock(), transaction.atomic():
        seed_demo(SeedOptions(**TINY))
        seed_cases(cases=400, seed=2026, today=TODAY)
        summary = seed_publications(today=TODAY)
        records = list(iter_cf_records(export_publications(user=None), today=TODAY))
        files = {}
        for fmt in ("csv", "json"):
            result = disclosure_export_run(actor=Actor.system("test"), user=None, fmt=fmt)
            with default_storage.open(result.data_name, "rb") as fh:
                files[fmt] = fh.read().decode("utf-8-sig")
        yield {"summary": summary, "records": records, "files": files}
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_every_published_demo_penalty_exports_as_a_valid_cf_record(demo: dict[str, Any]) -> None:
    records = demo["records"]
    assert len(records) > 0
    invalid = [(r.number, r.problems) for r in records if not r.valid]
    assert invalid == []
    kinds = {r.values["CF_XDR_LB"] for r in records}
    assert "自然人" in kinds
    assert "法人及非法人组织" in kinds
    assert any(r.values["CF_NR_FK"] for r in records)
    rows = list(csv.DictReader(io.StringIO(demo["files"]["csv"])))
    assert len(rows) == len(records)
    assert list(rows[0]) == list(CF_CODES)
    assert len(json.loads(demo["files"]["json"])) == len(records)


@pytest.mark.django_db
def test_the_demo_export_holds_no_natural_persons_full_name_or_identity_number(demo: dict[str, Any]) -> None:
    from zhifa.core.identifiers import uscc_is_valid
    from zhifa.parties.models import Party

    names = [
        n for n in Party.objects.filter(kind="natural_person").values_list("name", flat=True) if len(n) >= 2
    ]
    operators = [
        n
        for n in Party.objects.filter(kind="individual_business").values_list("legal_rep_name", flat=True)
        if n
    ]
    assert names
    for fmt, text in demo["files"].items():
        ids = [m for m in ID_18.findall(text) if not uscc_is_valid(m)]  # an all-digit USCC is public
        assert ids == [], fmt
        leaked = [n for n in (*names, *operators) if len(n) >= 2 and n in text]
        assert leaked == [], fmt
