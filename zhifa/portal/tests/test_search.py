"""The public keyword search (zhifa.portal.search): party name, 文号 or code contains the keyword,
the same hits on SQLite (FTS5) and PostgreSQL (GIN), kept in step with writes, public rows only."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from zhifa.disclosure.models import PartyKind, Publication, PublicationState
from zhifa.portal.search import (
    MATCH_CAP,
    SEPARATOR,
    clean_query,
    fill_publication_grams,
    filter_contains,
    grams_for_publication,
    publication_search_is_installed,
)
from zhifa.portal.selectors.publications import PublicationFilters, publication_search

from .factories import body, publication


def found(q: str, **filters: Any) -> list[int]:
    result = publication_search(PublicationFilters(q=q, **filters))
    return [p.pk for p in result.rows]


def test_grams_hold_each_published_field_apart() -> None:
    grams = grams_for_publication("王*", "深市监罚〔2026〕12号", "91440300MA5ABCDE1X")
    parts = grams.split(f" {SEPARATOR} ")
    assert parts[0].split(" ")[0] == "王\U000f002a"  # "*" is one token character, never a separator
    assert parts[1].startswith("深市 市监 监罚")
    assert parts[2].endswith("1X")
    assert grams_for_publication("华强", "", "") == "华强"
    assert SEPARATOR[0] not in clean_query(f"华{SEPARATOR}强")


@pytest.mark.django_db
def test_the_index_is_installed_by_the_portal_migrations() -> None:
    assert publication_search_is_installed()


def test_the_disclosure_services_write_the_grams_the_index_reads() -> None:
    """zhifa.disclosure.grams.search_grams is disclosure's copy (it may not import the portal)."""
    from zhifa.disclosure.grams import search_grams

    for name, number, code in (
        ("王*", "深市监罚〔2026〕12号", "4403**********0014"),
        ("深圳市华强北 电子(有限)公司", "", "91440300MA5ABCDE1X"),
        ("Ab-c", "x", ""),
        ("", "", ""),
    ):
        assert search_grams(party_name=name, number=number, party_code=code) == grams_for_publication(
            name, number, code
        )


@pytest.mark.django_db
def test_a_name_piece_a_document_number_or_a_code_finds_the_publication() -> None:
    agency = body("深圳市市场监督管理局", "4403")
    shop = publication(agency, party_name="深圳市华强北电子有限公司", party_code="91440300MA5FTEST1X")
    person = publication(
        agency, party_kind=PartyKind.PERSON, party_name="欧阳**", party_code="4403**********0014", number=""
    )
    other = publication(agency, party_name="深圳市南山科技有限公司", number="深市监罚〔2026〕77号")
    assert found("华强北") == [shop.pk]
    assert found("强北电子") == [shop.pk]
    assert found("ma5ftest") == [shop.pk]  # codes are folded to upper case
    assert found("〔2026〕77号") == [other.pk]
    assert found("欧阳") == [person.pk]
    assert found("科技有限") == [other.pk]
    assert set(found("有限公司")) == {shop.pk, other.pk}
    assert found("华强南山") == []


@pytest.mark.django_db
def test_a_phrase_never_runs_from_the_party_name_into_the_number() -> None:
    agency = body("深圳市市场监督管理局", "4403")
    publication(agency, party_name="深圳市华强", number="强北罚〔2026〕1号")
    assert found("华强强北") == []
    assert found("深圳市华强") != []


@pytest.mark.django_db
def test_one_character_is_not_searched_and_says_so() -> None:
    agency = body("深圳市市场监督管理局", "4403")
    publication(agency, party_name="深圳市华强北电子有限公司")
    result = publication_search(PublicationFilters(q="华"))
    assert result.short_keyword
    assert len(result.rows) == 1  # the newest publications instead


@pytest.mark.django_db
def test_only_published_unexpired_rows_are_found() -> None:
    agency = body("深圳市市场监督管理局", "4403")
    today = timezone.localdate()
    live = publication(agency, party_name="深圳市鑫达贸易有限公司")
    last_day = publication(agency, party_name="深圳市鑫达贸易商行", public_until=today)
    publication(agency, party_name="深圳市鑫达实业有限公司", public_until=today - dt.timedelta(days=1))
    for state in (
        PublicationState.PENDING,
        PublicationState.EXEMPT,
        PublicationState.EXPIRED,
        PublicationState.REPAIRED,
        PublicationState.WITHDRAWN,
    ):
        publication(agency, party_name=f"深圳市鑫达{state}有限公司", state=state)
    assert set(found("鑫达")) == {live.pk, last_day.pk}


@pytest.mark.django_db
def test_the_index_follows_inserts_corrections_and_deletes() -> None:
    agency = body("深圳市市场监督管理局", "4403")
    row = publication(agency, party_name="深圳市恒泰物流有限公司")
    assert found("恒泰") == [row.pk]
    row.party_name = "深圳市隆昌物流有限公司"
    row.search_grams = grams_for_publication(row.party_name, row.number, row.party_code)
    row.save(update_fields=["party_name", "search_grams"])
    assert found("恒泰") == []
    assert found("隆昌") == [row.pk]
    Publication.objects.filter(pk=row.pk).delete()
    assert found("隆昌") == []


@pytest.mark.django_db
def test_filters_narrow_a_keyword_search_on_both_strategies() -> None:
    city = body("深圳市市场监督管理局", "4403")
    futian = body("深圳市市场监督管理局福田监管局", "440304")
    street = body("深圳市福田区华富街道办事处", "440304003")
    a = publication(city, party_name="深圳市华富科技有限公司", kind="penalty")
    b = publication(futian, party_name="深圳市华富贸易有限公司", kind="inspection")
    c = publication(street, party_name="深圳市华富餐饮有限公司", kind="coercion")
    assert set(found("华富")) == {a.pk, b.pk, c.pk}
    assert found("华富", kind="inspection") == [b.pk]
    assert found("华富", agency=futian.pk) == [b.pk]
    assert set(found("华富", district="440304")) == {b.pk, c.pk}
    assert found("华富", district="440304", street="440304003") == [c.pk]
    today = timezone.localdate()
    publication(city, party_name="深圳市华富老店", decided_on=today - dt.timedelta(days=400))
    assert len(found("华富", date_from=today - dt.timedelta(days=30))) == 3
    assert len(found("华富", date_to=today - dt.timedelta(days=300))) == 1


@pytest.mark.django_db
def test_a_keyword_pages_through_the_newest_matches_up_to_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    from zhifa.portal.selectors import publications

    monkeypatch.setattr(publications, "result_cap", lambda q: 40)
    agency = body("深圳市市场监督管理局", "4403")
    rows = [publication(agency, party_name=f"深圳市宝安{i}贸易有限公司") for i in range(45)]
    newest = [r.pk for r in reversed(rows)]  # same decision day: the later record first
    first = publication_search(PublicationFilters(q="宝安"))
    assert [p.pk for p in first.rows] == newest[:20]
    assert (first.has_next, first.total, first.capped) == (True, None, False)
    second = publication_search(PublicationFilters(q="宝安"), page=2)
    assert [p.pk for p in second.rows] == newest[20:40]
    assert (second.has_next, second.capped) == (False, True)  # the cap: no third page
    assert publication_search(PublicationFilters(q="宝安"), page=9).number == 2
    few = publication_search(PublicationFilters(q="宝安1"))  # 宝安1, 宝安10 … 宝安19
    assert (few.total, few.has_next, few.num_pages) == (11, False, 1)


def test_two_characters_page_through_fewer_matches_than_longer_queries() -> None:
    from zhifa.portal.search import SHORT_CAP, result_cap

    assert (result_cap("王*"), result_cap("科技"), result_cap("华强北")) == (SHORT_CAP, SHORT_CAP, MATCH_CAP)


@pytest.mark.django_db
def test_both_strategies_list_the_same_rows_newest_decision_first() -> None:
    from zhifa.portal.search import INDEX, WALK

    agency = body("深圳市市场监督管理局", "4403")
    today = timezone.localdate()
    old = publication(agency, party_name="深圳市华强科技有限公司", decided_on=today - dt.timedelta(days=90))
    new = publication(agency, party_name="深圳市南山科技有限公司", decided_on=today - dt.timedelta(days=3))
    tie = publication(agency, party_name="深圳市福田科技有限公司", decided_on=today - dt.timedelta(days=3))
    publication(agency, party_name="深圳市科有限公司")  # 科有: not the phrase
    public = Publication.objects.filter(state=PublicationState.PUBLISHED)
    for narrow, small in ((False, False), (True, False), (True, True)):
        for strategy in (WALK, INDEX):
            found = filter_contains(public, "科技有限", narrow=narrow, small=small, strategy=strategy)
            assert list(found.values_list("id", flat=True)) == [tie.pk, new.pk, old.pk], (narrow, strategy)


@pytest.mark.django_db
def test_a_page_is_the_same_whichever_way_sqlite_reads_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """search_page: the FTS-first statement (rare), the walk, and a small filter's rows sorted."""
    from zhifa.portal import search

    agency = body("深圳市市场监督管理局", "4403")
    other = body("深圳市生态环境局", "4403")
    rows = [
        publication(agency if i % 2 else other, party_name=f"深圳市恒{i}科技有限公司", age=i)
        for i in range(9)
    ]
    public = Publication.objects.filter(state=PublicationState.PUBLISHED)
    mine = public.filter(organisation=agency)
    expected = [r.pk for r in rows if r.organisation_id == agency.pk]
    pages = set()
    from zhifa.portal.cache import clear_all

    for rare_limit, few in ((100, 100), (0, 100), (0, 0)):
        clear_all()  # the strategy of a term is kept per process
        monkeypatch.setattr(search, "RARE_LIMIT", rare_limit)
        monkeypatch.setattr(search, "NARROW_RARE_LIMIT", rare_limit)
        monkeypatch.setattr(search, "FEW_ROWS", few)
        page = search.search_page(mine, "科技", start=1, limit=3, narrow=True)
        pages.add(tuple(p.pk for p in page))
    assert pages == {tuple(expected[1:4])}


@pytest.mark.django_db
def test_common_terms_walk_and_rare_terms_use_the_bigram_index(monkeypatch: pytest.MonkeyPatch) -> None:
    from zhifa.portal import search

    agency = body("深圳市市场监督管理局", "4403")
    for i in range(4):
        publication(agency, party_name=f"深圳市第{i}科技有限公司")
    publication(agency, party_name="深圳市华强电子有限公司")
    if connection.vendor == "sqlite":
        monkeypatch.setattr(search, "RARE_LIMIT", 3)
    else:
        shares = {"有限": 0.9, "科技": 0.01, "技有": 0.01, "华强": 0.0005}
        monkeypatch.setattr(search, "gram_frequencies", lambda: shares)
        assert search.search_strategy("有限公司") == search.INDEX  # 公司 is not in the list: rare
    assert search.search_strategy("科技有限") == search.WALK
    assert search.search_strategy("华强") == search.INDEX
    public = Publication.objects.filter(state=PublicationState.PUBLISHED)
    walk = str(filter_contains(public, "科技有限").query)
    index = str(filter_contains(public, "华强").query)
    assert "MATCH" not in walk
    assert "@>" not in walk
    assert ("MATCH" in index) or ("@>" in index)


@pytest.mark.django_db
def test_fill_writes_grams_of_rows_that_lack_them() -> None:
    agency = body("深圳市市场监督管理局", "4403")
    row = publication(agency, party_name="深圳市瑞祥五金制品厂", search_grams="")
    assert found("瑞祥") == []
    assert fill_publication_grams(batch=1) == 1
    assert found("瑞祥") == [row.pk]
    assert fill_publication_grams() == 0


@pytest.mark.django_db
def test_portal_reindex_prints_one_json_line() -> None:
    import io
    import json

    from django.core.management import call_command

    agency = body("深圳市市场监督管理局", "4403")
    publication(agency, party_name="深圳市瑞祥五金制品厂", search_grams="")
    out = io.StringIO()
    call_command("portal_reindex", stdout=out)
    line = json.loads(out.getvalue())
    assert line["written"] == 1
    assert line["index_installed"] is True
    assert line["db"] == connection.vendor
    assert found("五金") != []


@pytest.mark.django_db(transaction=True)
def test_portal_reindex_reinstalls_an_index_lost_with_a_remade_table() -> None:
    """SQLite drops triggers with their table (a migration that remakes disclosure_publication)."""
    import io
    import json

    from django.core.management import call_command

    from zhifa.portal.search import uninstall_publication_search

    uninstall_publication_search(None, _Editor())
    assert not publication_search_is_installed()
    agency = body("深圳市市场监督管理局", "4403")
    row = publication(agency, party_name="深圳市嘉润酒店管理有限公司")
    out = io.StringIO()
    call_command("portal_reindex", stdout=out)
    line = json.loads(out.getvalue())
    assert (line["index_was_installed"], line["index_installed"]) == (False, True)
    assert found("嘉润") == [row.pk]


class _Editor:
    connection = connection

    def execute(self, sql: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql)


@pytest.mark.django_db
def test_plain_agency_and_place_filters_find_the_same_rows_through_no_index() -> None:
    from zhifa.portal.selectors.publications import filtered_publications

    city = body("深圳市市场监督管理局", "4403")
    street = body("深圳市南山区粤海街道办事处", "440305007")
    body("深圳市市场监督管理局南山监管局", "440305")
    a = publication(street, party_name="深圳市粤海甲商行")
    publication(city, party_name="深圳市粤海乙商行")
    for filters in (PublicationFilters(agency=street.pk), PublicationFilters(district="440305")):
        indexed = filtered_publications(filters)
        plain = filtered_publications(filters, plain=True)
        assert (
            list(indexed.values_list("id", flat=True)) == list(plain.values_list("id", flat=True)) == [a.pk]
        )
        sql = str(plain.query)
        assert ("+" in sql) or ("|| ''" in sql)


@pytest.mark.django_db
def test_a_filtered_common_term_lists_the_same_rows_read_whole_or_walked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from zhifa.portal import search
    from zhifa.portal.cache import clear_all

    agency = body("深圳市市场监督管理局", "4403")
    other = body("深圳市生态环境局", "4403")
    for i in range(6):
        publication(agency if i % 3 else other, party_name=f"深圳市隆{i}科技有限公司", age=i)
    monkeypatch.setattr(search, "RARE_LIMIT", 0)
    monkeypatch.setattr(search, "NARROW_RARE_LIMIT", 0)  # 科技 is "common": walked
    pages = set()
    for few in (100, 0):  # the agency's rows read whole and sorted / the newest decisions walked
        monkeypatch.setattr(search, "FEW_ROWS", few)
        clear_all()
        result = publication_search(PublicationFilters(q="科技", agency=agency.pk))
        pages.add(tuple(p.pk for p in result.rows))
    assert len(pages) == 1
    assert len(next(iter(pages))) == 4
