"""Name search: `name contains q` (case-insensitive) through the bigram index (SQLite FTS5 /
PostgreSQL GIN), same hits as a plain substring test on both databases, whichever path runs;
the services keep `name_grams` (and, on SQLite, the FTS table through its triggers) in step."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection, transaction

from zhifa.core.audit import Actor
from zhifa.parties import search
from zhifa.parties.models import Party
from zhifa.parties.search import (
    filter_name_contains,
    fold,
    name_grams,
    name_search_is_installed,
    phrase,
    query_grams,
)
from zhifa.parties.services import party_bulk_create, party_update

from .factories import make_party, org_data, person_data

pytestmark = pytest.mark.django_db

NAMES = [
    "深圳市华强电子科技有限公司",
    "深圳市南山区华强北电子商行",
    "广州市天河电子有限公司",
    "Shenzhen ABC Trading Co., Ltd.",
    "深圳市abc贸易有限公司",
    '100% 纯净水 "特殊" 店',
    "深圳市福田区某某餐饮店",
    "ＡＢＣ全角字母商行",
    "a_b 下划线工作室",
    "张伟",
    "餐",
]
QUERIES = [
    "华强",
    "电子",
    "电子科技",
    "华强北电子",
    "abc",
    "ABC",
    "ａｂｃ",
    "Trading co",
    "有限公司",
    "100%",
    '"特殊"',
    "a_b",
    "_",
    "%",
    " ",
    "餐",
    "张伟",
    "伟",
    "不存在的名字",
    "店",
    "市华强电子科技有限公",
]


def expected_hits(named: dict[str, int], q: str) -> set[int]:
    return {pk for name, pk in named.items() if fold(q.strip()) in fold(name)}


@pytest.fixture
def named(org_world: Any) -> dict[str, int]:
    return {name: make_party(org_world.agency, name=name).pk for name in NAMES}


def test_name_index_is_installed_by_migrations() -> None:
    assert name_search_is_installed()


def test_name_grams_are_the_folded_overlapping_pairs() -> None:
    assert name_grams("深圳市华强") == "深圳 圳市 市华 华强"
    assert name_grams("Ab") == "AB"
    assert name_grams("餐") == "餐"
    assert name_grams("") == ""
    # ASCII punctuation and spaces become private-use characters: one token per pair, no escaping.
    grams = name_grams('a "b%')
    assert all(len(g) == 2 for g in grams.split(" "))
    assert not set('"% _') & set(grams.replace(" ", ""))
    assert query_grams("华强华强") == ["华强", "强华"]  # distinct, in order
    assert phrase("华强北") == "华强 强北"
    assert fold("straße ＡＢＣ abc") == "STRAßE ＡＢＣ ABC"  # one character stays one character


@pytest.fixture(params=["first_path", "second_path"])
def strategy(request: Any, monkeypatch: Any) -> str:
    """Each database has two ways to use the index; force each to prove both give the same hits.
    SQLite: join the FTS table newest first (broad scopes) / the FTS match list as an IN (narrow
    scopes). PostgreSQL: `@>` names the least frequent bigram only (ANALYZE knows them all) /
    every bigram (none known, as before the first ANALYZE)."""
    first = request.param == "first_path"
    sqlite_strategy = search.SQLITE_JOIN if first else search.SQLITE_IN
    monkeypatch.setattr(search, "_sqlite_strategy", lambda broad: sqlite_strategy)

    class EveryGramIsCommon(dict[str, float]):
        def __contains__(self, gram: object) -> bool:
            return True

        def __getitem__(self, gram: str) -> float:
            return 0.5

    monkeypatch.setattr(search, "gram_frequencies", lambda: EveryGramIsCommon() if first else {})
    return str(request.param)


@pytest.mark.parametrize("q", QUERIES)
def test_search_returns_exactly_the_substring_matches(q: str, named: dict[str, int], strategy: str) -> None:
    got = list(filter_name_contains(Party.objects.all(), q).values_list("pk", flat=True))
    assert set(got) == expected_hits(named, q)
    assert got == sorted(got, reverse=True)  # newest first


@pytest.mark.usefixtures("strategy")
def test_search_respects_the_other_filters_and_the_cap(named: dict[str, int], org_world: Any) -> None:
    other = make_party(org_world.sibling, name="深圳市另一单位电子有限公司")
    scoped = Party.objects.filter(organisation=org_world.agency)
    got = set(filter_name_contains(scoped, "电子").values_list("pk", flat=True))
    assert other.pk not in got
    assert got == {pk for name, pk in named.items() if "电子" in name}
    capped = list(
        filter_name_contains(Party.objects.all(), "有限公司", cap=2)
        .order_by("-id")
        .values_list("pk", flat=True)
    )
    assert capped == [other.pk, named["深圳市abc贸易有限公司"]]  # the newest two, on both databases


def _stored_grams(pk: int) -> str | None:
    return Party.objects.values_list("name_grams", flat=True).get(pk=pk)


def test_register_update_and_bulk_create_write_the_grams(org_world: Any) -> None:
    party = make_party(org_world.agency, name="深圳市旧名称实业有限公司")
    assert _stored_grams(party.pk) == name_grams("深圳市旧名称实业有限公司")
    person = make_party(org_world.agency, **person_data(name="李雷"))
    assert _stored_grams(person.pk) == "李雷"
    party_update(
        actor=Actor.system(),
        party=party,
        data=org_data(name="深圳市新名字实业有限公司", uscc=party.uscc, legal_rep_name="王五"),
    )
    assert _stored_grams(party.pk) == name_grams("深圳市新名字实业有限公司")
    party_bulk_create([org_data(name="深圳市批量写入有限公司")], organisation=org_world.agency)
    bulk = Party.objects.get(name="深圳市批量写入有限公司")
    assert _stored_grams(bulk.pk) == name_grams(bulk.name)


@pytest.mark.usefixtures("strategy")
def test_renamed_party_is_found_under_its_new_name_only(org_world: Any) -> None:
    party = make_party(org_world.agency, name="深圳市旧名称实业有限公司")
    party_update(
        actor=Actor.system(),
        party=party,
        data=org_data(name="深圳市新名字实业有限公司", uscc=party.uscc, legal_rep_name="王五"),
    )
    for q in ("新名字实业", "新名"):
        assert list(filter_name_contains(Party.objects.all(), q).values_list("pk", flat=True)) == [party.pk]
    for q in ("旧名称实业", "旧名"):
        assert not filter_name_contains(Party.objects.all(), q).exists()


@pytest.mark.usefixtures("strategy")
def test_deleted_party_leaves_the_index(org_world: Any) -> None:
    party = make_party(org_world.agency, name="深圳市将删除贸易有限公司")
    Party.objects.filter(pk=party.pk).delete()
    assert not filter_name_contains(Party.objects.all(), "将删除贸易").exists()
    assert not filter_name_contains(Party.objects.all(), "删除").exists()


@pytest.mark.usefixtures("strategy")
def test_bulk_created_rows_are_searchable(org_world: Any) -> None:
    party_bulk_create(
        [org_data(name=f"深圳市批量{i}号测试有限公司") for i in range(5)], organisation=org_world.agency
    )
    assert filter_name_contains(Party.objects.all(), "批量3号测试").count() == 1
    assert filter_name_contains(Party.objects.all(), "3号").count() == 1
    assert filter_name_contains(Party.objects.all(), "批量").count() == 5


def test_fill_name_grams_indexes_rows_written_around_the_services(named: dict[str, int]) -> None:
    Party.objects.filter(pk__in=named.values()).update(name_grams=None)
    assert not filter_name_contains(Party.objects.all(), "华强").exists()
    assert search.fill_name_grams(batch=3) == len(NAMES)
    assert set(filter_name_contains(Party.objects.all(), "华强").values_list("pk", flat=True)) == (
        expected_hits(named, "华强")
    )
    assert search.fill_name_grams() == 0  # nothing left to do


def _plan(queryset: Any) -> str:
    if connection.vendor == "postgresql":
        # A test table is small enough to scan: forbid scans so the plan shows whether the
        # GIN index can answer the query's expression at all (at 1M rows the planner picks it
        # for rare bigrams by itself — docs/guide/benchmarks.md).
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
            return queryset.explain()
    return queryset.explain()


@pytest.mark.parametrize("q", ["华强", "电子科技"])
@pytest.mark.parametrize("broad", [True, False])
def test_two_and_more_character_queries_use_the_bigram_index(
    q: str, broad: bool, named: dict[str, int]
) -> None:
    base = Party.objects.filter(status="active") if connection.vendor == "sqlite" else Party.objects.all()
    qs = filter_name_contains(base, q, broad=broad)
    plan = _plan(qs)
    if connection.vendor == "postgresql":
        assert search.PG_GRAMS_INDEX in plan
    else:
        assert "VIRTUAL TABLE INDEX" in plan  # the FTS5 table answers the MATCH
        first_step = plan.splitlines()[0]
        if broad:  # the page is read in the FTS table's (newest first) order
            assert "SCAN parties_party_grams_fts" in first_step, plan
        else:  # the match list becomes an IN for the scope's own index
            assert "LIST SUBQUERY" in plan, plan
    assert set(qs.values_list("pk", flat=True)) == expected_hits(named, q)
