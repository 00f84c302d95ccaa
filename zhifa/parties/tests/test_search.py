"""Name search: `name contains q` (case-insensitive) through pg_trgm / FTS5 trigram, same hits as a
plain substring scan on both databases; the SQLite triggers keep the index in step."""

from __future__ import annotations

from typing import Any

import pytest

from zhifa.core.audit import Actor
from zhifa.parties import search
from zhifa.parties.models import Party
from zhifa.parties.search import filter_name_contains, name_search_is_installed
from zhifa.parties.services import party_update

from .factories import make_party, org_data

pytestmark = pytest.mark.django_db

NAMES = [
    "深圳市华强电子科技有限公司",
    "深圳市南山区华强北电子商行",
    "广州市天河电子有限公司",
    "Shenzhen ABC Trading Co., Ltd.",
    "深圳市abc贸易有限公司",
    '100% 纯净水 "特殊" 店',
    "深圳市福田区某某餐饮店",
]
QUERIES = [
    "华强",
    "电子",
    "电子科技",
    "华强北电子",
    "abc",
    "ABC",
    "Trading co",
    "有限公司",
    "100%",
    '"特殊"',
    "餐",
    "不存在的名字",
    "店",
]


@pytest.fixture
def named(org_world: Any) -> dict[str, int]:
    return {name: make_party(org_world.agency, name=name).pk for name in NAMES}


def test_name_index_is_installed_by_migrations() -> None:
    assert name_search_is_installed()


@pytest.fixture(params=["first_path", "second_path"])
def strategy(request: Any, monkeypatch: Any) -> str:
    """Each database has two paths; force each to prove both give the same hits.
    SQLite: FTS walk (tiny chunks) / LIKE over the scope. PostgreSQL: newest-first scan under a
    timeout / trigram bitmap."""
    if request.param == "first_path":
        monkeypatch.setattr(search, "FTS_CHUNK", 2)
        monkeypatch.setattr(search, "MAX_FTS_CHUNKS", 100)
        monkeypatch.setattr(search, "PG_FAST_PATH_MS", 10_000)
    else:
        monkeypatch.setattr(search, "MAX_FTS_CHUNKS", 0)
        monkeypatch.setattr(search, "PG_FAST_PATH_MS", None)
    return str(request.param)


@pytest.mark.parametrize("q", QUERIES)
def test_search_returns_exactly_the_substring_matches(q: str, named: dict[str, int], strategy: str) -> None:
    got = set(filter_name_contains(Party.objects.all(), q).values_list("pk", flat=True))
    expected = {pk for name, pk in named.items() if q.lower() in name.lower()}
    assert got == expected


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


def test_renamed_party_is_found_under_its_new_name_only(org_world: Any) -> None:
    party = make_party(org_world.agency, name="深圳市旧名称实业有限公司")
    party_update(
        actor=Actor.system(),
        party=party,
        data=org_data(name="深圳市新名字实业有限公司", uscc=party.uscc, legal_rep_name="王五"),
    )
    assert list(filter_name_contains(Party.objects.all(), "新名字实业").values_list("pk", flat=True)) == [
        party.pk
    ]
    assert not filter_name_contains(Party.objects.all(), "旧名称实业").exists()


def test_deleted_party_leaves_the_index(org_world: Any) -> None:
    party = make_party(org_world.agency, name="深圳市将删除贸易有限公司")
    Party.objects.filter(pk=party.pk).delete()
    assert not filter_name_contains(Party.objects.all(), "将删除贸易").exists()


def test_bulk_created_rows_are_searchable(org_world: Any) -> None:
    from zhifa.parties.services import party_bulk_create

    party_bulk_create(
        [org_data(name=f"深圳市批量{i}号测试有限公司") for i in range(5)], organisation=org_world.agency
    )
    assert filter_name_contains(Party.objects.all(), "批量3号测试").count() == 1


def test_postgres_fast_path_timeout_falls_back_and_restores_the_timeout(
    named: dict[str, int], monkeypatch: Any
) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("postgres-only strategy: this case runs in the PostgreSQL leg of make test")

    class Cancelled(Exception):
        sqlstate = "57014"

    calls: list[str] = []
    real_list = list

    def cancelled_once(iterable: Any) -> Any:
        if not calls and hasattr(iterable, "query"):
            calls.append("cancelled")
            from django.db import OperationalError

            raise OperationalError("canceling statement due to statement timeout") from Cancelled()
        return real_list(iterable)

    monkeypatch.setattr(search, "list", cancelled_once, raising=False)
    got = set(filter_name_contains(Party.objects.all(), "有限公司").values_list("pk", flat=True))
    assert calls == ["cancelled"]
    assert got == {pk for name, pk in named.items() if "有限公司" in name}
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "0"
