"""Pure rules: tracking codes, status derived from the clue's state, Open311 attributes and times,
the district of a point."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from zhifa.portal.complaints.choices import PublicStatus
from zhifa.portal.complaints.geo import district_at
from zhifa.portal.complaints.rules import (
    TRACKING_ALPHABET,
    can_rate,
    check_definitions,
    clean_attribute_answers,
    format_tracking_code,
    new_tracking_code,
    normalise_tracking_code,
    open311_status,
    parse_iso8601,
    public_status,
)

VENUE = {
    "code": "venue",
    "datatype": "singlevaluelist",
    "required": True,
    "description": "场所类型",
    "order": 1,
    "values": [{"key": "shop", "name": "商店"}],
}


def test_tracking_codes_are_12_unambiguous_symbols_and_differ_each_time() -> None:
    codes = {new_tracking_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert len(code) == 12
        assert set(code) <= set(TRACKING_ALPHABET)
        assert not set(code) & set("ILOU")


def test_a_tracking_code_is_read_back_whatever_the_case_separators_and_look_alikes() -> None:
    code = "AB0C1DEFGH2K"
    shown = format_tracking_code(code)
    assert shown == "AB0C-1DEF-GH2K"
    assert normalise_tracking_code(shown) == code
    assert normalise_tracking_code(" ab0c 1def gh2k ") == code
    assert normalise_tracking_code("ABOC-IDEF-GH2K") == code  # O→0, I→1
    assert normalise_tracking_code("ABOC-IDEF-GH2") == ""  # too short
    assert normalise_tracking_code("ABOC-IDEF-GH2*") == ""


@pytest.mark.parametrize(
    ("state", "status", "open311"),
    [
        ("registered", PublicStatus.RECEIVED, "open"),
        ("accepted", PublicStatus.ACCEPTED, "open"),
        ("assigned", PublicStatus.IN_PROGRESS, "open"),
        ("rejected", PublicStatus.REJECTED, "closed"),
        ("handled", PublicStatus.CLOSED, "closed"),
    ],
)
def test_the_public_status_and_the_open311_status_derive_from_the_clue_state(
    state: str, status: PublicStatus, open311: str
) -> None:
    assert public_status(state) == status
    assert open311_status(status) == open311


def test_the_five_public_status_labels_are_the_reporter_facing_words() -> None:
    assert [s.label for s in PublicStatus] == ["受理中", "已受理", "不予受理", "办理中", "已办结"]


def test_rating_is_open_only_once_and_only_when_closed() -> None:
    assert can_rate(PublicStatus.CLOSED, already_rated=False)
    assert can_rate(PublicStatus.REJECTED, already_rated=False)
    assert not can_rate(PublicStatus.CLOSED, already_rated=True)
    assert not can_rate(PublicStatus.IN_PROGRESS, already_rated=False)


def test_iso8601_requires_a_time_zone_as_georeport_v2_says() -> None:
    assert parse_iso8601("2026-05-01T08:15:30+08:00") == datetime(
        2026, 5, 1, 8, 15, 30, tzinfo=timezone(timedelta(hours=8))
    )
    assert parse_iso8601("1994-11-05T13:15:30Z") == datetime(1994, 11, 5, 13, 15, 30, tzinfo=UTC)
    assert parse_iso8601("1994-11-05T08:15:30-05:00") == parse_iso8601("1994-11-05T13:15:30Z")
    assert parse_iso8601("2026-05-01T08:15:30") is None  # no zone
    assert parse_iso8601("2026-05-01") is None
    assert parse_iso8601("2026-13-01T00:00:00Z") is None


def test_attribute_definitions_are_checked_for_codes_datatypes_and_values() -> None:
    assert check_definitions([VENUE]) == []
    assert check_definitions("x") == ["附加项定义须为列表"]
    problems = check_definitions(
        [
            {"code": "a b", "datatype": "string", "description": "x"},
            {"code": "n", "datatype": "blob", "description": "x"},
            {"code": "l", "datatype": "multivaluelist", "description": "x", "values": []},
            {"code": "n", "datatype": "text", "description": ""},
        ]
    )
    assert len(problems) == 5
    assert any("code" in p and "重复" in p for p in problems)


def test_attribute_answers_are_validated_against_their_definitions() -> None:
    number = {"code": "depth", "datatype": "number", "description": "深度", "order": 2}
    when = {"code": "seen", "datatype": "datetime", "description": "发现时间", "order": 3}
    multi = {
        "code": "kinds",
        "datatype": "multivaluelist",
        "description": "类型",
        "order": 4,
        "values": [{"key": "a", "name": "甲"}, {"key": "b", "name": "乙"}],
    }
    defs = [VENUE, number, when, multi]
    clean, problems = clean_attribute_answers(
        defs,
        {
            "venue": ["shop"],
            "depth": ["1.5"],
            "seen": ["2026-05-01T10:00:00+08:00"],
            "kinds": ["a", "b"],
            "x": ["?"],
        },
    )
    assert problems == []
    assert clean == {
        "venue": "shop",
        "depth": "1.5",
        "seen": "2026-05-01T10:00:00+08:00",
        "kinds": ["a", "b"],
    }
    _, problems = clean_attribute_answers(defs, {"depth": ["deep"], "seen": ["yesterday"], "kinds": ["c"]})
    assert len(problems) == 4  # venue required, depth not a number, seen no zone, kind unknown
    assert "attribute[venue] 为必填项" in problems[0]


@pytest.mark.parametrize(
    ("lat", "lng", "code", "name"),
    [
        (22.547, 114.12, "440303", "罗湖区"),
        (22.541, 114.051, "440304", "福田区"),
        (22.531, 113.93, "440305", "南山区"),
    ],
)
def test_a_point_falls_in_its_shenzhen_district(lat: float, lng: float, code: str, name: str) -> None:
    found = district_at(lat, lng)
    assert found is not None
    assert (found.code, found.name, found.region_code) == (code, name, code)


def test_a_point_outside_the_jurisdiction_has_no_district() -> None:
    assert district_at(23.129, 113.264) is None  # 广州
    assert district_at(39.9, 116.4) is None  # 北京
