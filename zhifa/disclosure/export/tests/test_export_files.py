"""The export files: CSV (UTF-8 BOM, CF codes as header) and JSON (objects keyed by CF code),
streamed in chunks; invalid records only in the report; the `disclosure_export` command."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhifa.core.audit import Actor
from zhifa.core.models import AuditEvent
from zhifa.disclosure.export.cf import CF_CODES
from zhifa.disclosure.export.selectors import export_publications, iter_cf_records
from zhifa.disclosure.export.services import disclosure_export_run
from zhifa.disclosure.export.writers import csv_chunks, json_chunks
from zhifa.disclosure.models import PublicationState
from zhifa.parties.tests.factories import make_party

from .factories import PublicationFactory, agency, demo_penalties, publication_for

pytestmark = pytest.mark.django_db
RESIDENT_ID = re.compile(r"\d{17}[\dX]")


def run(fmt: str = "csv", **kwargs: Any) -> Any:
    return disclosure_export_run(actor=Actor.system("test"), user=None, fmt=fmt, **kwargs)


def read(name: str) -> bytes:
    with default_storage.open(name, "rb") as fh:
        return fh.read()


def test_csv_is_utf8_with_bom_and_the_cf_codes_as_header() -> None:
    pub = PublicationFactory.create()
    result = run("csv")
    raw = read(result.data_name)
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == list(CF_CODES)
    assert len(rows) == 2
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["CF_WSH"] == pub.number
    assert record["CF_NR_FK"] == "0.200000"
    assert result.data_name.startswith("private/disclosure/")
    assert result.data_name.endswith(".csv")


def test_json_is_a_list_of_objects_keyed_by_cf_code_with_chinese_unescaped() -> None:
    PublicationFactory.create_batch(2)
    result = run("json")
    text = read(result.data_name).decode("utf-8")
    assert "法人及非法人组织" in text  # ensure_ascii=False
    data = json.loads(text)
    assert len(data) == 2
    assert all(list(obj) == list(CF_CODES) for obj in data)


def test_empty_selection_writes_a_valid_empty_file() -> None:
    assert json.loads("".join(json_chunks([]))) == []
    assert "".join(csv_chunks([])) == "\ufeff" + ",".join(CF_CODES) + "\r\n"


def test_a_record_missing_a_required_item_is_reported_and_absent_from_the_file() -> None:
    good = PublicationFactory.create()
    bad = PublicationFactory.create(facts="", penalty_kinds=["罚款"], fine_amount=None)
    for fmt in ("csv", "json"):
        result = run(fmt)
        data = read(result.data_name).decode("utf-8-sig")
        assert good.number in data
        assert bad.number not in data
        assert result.summary() == {"exported": 1, "invalid": 1}
        report = json.loads(read(result.report_name))
        assert report["exported"] == 1
        assert report["invalid"] == 1
        (row,) = report["records"]
        assert row["publication_id"] == bad.pk
        assert row["number"] == bad.number
        assert "缺少必填项 CF_SY（违法事实）" in row["problems"]
        assert "缺少 CF_NR_FK（罚款金额（万元））：处罚类别含罚款时必填" in row["problems"]


def test_only_published_penalties_in_the_date_range_and_unit_are_exported() -> None:
    org = agency()
    child = agency(parent=org)
    inside = PublicationFactory.create(organisation=org, decided_on=dt.date(2026, 3, 2))
    child_pub = PublicationFactory.create(organisation=child, decided_on=dt.date(2026, 3, 5))
    PublicationFactory.create(organisation=org, decided_on=dt.date(2026, 4, 2))  # after the range
    PublicationFactory.create(organisation=org, state=PublicationState.WITHDRAWN)
    PublicationFactory.create(organisation=org, state=PublicationState.PENDING)
    PublicationFactory.create(organisation=org, kind="inspection")
    PublicationFactory.create()  # another agency
    window = {"date_from": dt.date(2026, 3, 1), "date_to": dt.date(2026, 3, 31)}
    only_org = run("json", organisation_id=org.pk, **window)
    assert [o["CF_WSH"] for o in json.loads(read(only_org.data_name))] == [inside.number]
    with_children = run("json", organisation_id=org.pk, include_children=True, **window)
    assert [o["CF_WSH"] for o in json.loads(read(with_children.data_name))] == [
        inside.number,
        child_pub.number,
    ]


def test_every_run_is_audited() -> None:
    PublicationFactory.create()
    result = run("csv", date_from=dt.date(2026, 1, 1))
    event = AuditEvent.objects.get(action="disclosure.export.run")
    payload = json.loads(event.payload)
    assert payload["exported"] == 1
    assert payload["file"] == result.data_name
    assert payload["date_from"] == "2026-01-01"


def test_records_are_built_in_chunks_with_a_bounded_number_of_queries() -> None:
    org = agency()
    party = make_party(org)
    for _ in range(25):
        publication_for(party, org)
    with CaptureQueriesContext(connection) as queries:
        records = list(iter_cf_records(export_publications(user=None), chunk_size=10))
    assert len(records) == 25
    # 3 chunks (+ the empty one) × (publications + parties) + the agency once
    assert len(queries) <= 4 + 3 + 1


def test_the_demo_export_holds_no_unmasked_natural_person_name_or_id() -> None:
    org = agency()
    demo_penalties(org)
    person = make_party(org, kind="natural_person", name="欧阳娜娜")
    publication_for(person, org)
    for fmt in ("csv", "json"):
        result = run(fmt)
        text = read(result.data_name).decode("utf-8-sig") + read(result.report_name).decode("utf-8")
        assert result.summary() == {"exported": 6, "invalid": 0}
        assert "张三丰" not in text
        assert "欧阳娜娜" not in text
        assert "欧阳**" in text
        assert not RESIDENT_ID.findall(text)


def test_the_command_prints_the_paths_and_one_json_summary_line(tmp_path: Path) -> None:
    org = agency()
    PublicationFactory.create(organisation=org)
    PublicationFactory.create(organisation=org, number="")
    out = io.StringIO()
    call_command("disclosure_export", "--format", "json", "--from", "2026-01-01", "--to", "2026-12-31",
                 "--org", org.uscc, stdout=out)  # fmt: skip
    lines = out.getvalue().strip().splitlines()
    assert json.loads(lines[-1]) == {"exported": 1, "invalid": 1}
    data_path, report_path = lines[:-1]
    assert Path(data_path).exists()
    assert data_path.endswith(".json")
    assert json.loads(Path(report_path).read_text(encoding="utf-8"))["records"][0]["problems"] == [
        "缺少必填项 CF_WSH（行政处罚决定书文号）"
    ]


def test_the_command_refuses_bad_input_with_a_clear_message() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="开始日期不能晚于结束日期"):
        call_command("disclosure_export", "--from", "2026-03-01", "--to", "2026-02-01", stdout=io.StringIO())
    with pytest.raises(CommandError, match="找不到唯一的单位"):
        call_command("disclosure_export", "--org", "999999", stdout=io.StringIO())


def test_strict_mode_exits_non_zero_when_a_record_is_invalid() -> None:
    PublicationFactory.create(number="")
    with pytest.raises(SystemExit) as exc:
        call_command("disclosure_export", "--strict", stdout=io.StringIO())
    assert exc.value.code == 1
