"""执法公示查询 pages (spec/01 §2.2.5): no login, no cookie, list + filters + pagination, detail,
404 for anything not public, the withdrawal note, few statements per page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zhifa.disclosure.models import PartyKind, PublicationState

from .factories import body, publication


@pytest.fixture
def anonymous() -> Client:
    return Client(enforce_csrf_checks=True)


@pytest.mark.django_db
def test_the_search_page_is_public_sets_no_cookie_and_lists_the_newest_first(anonymous: Client) -> None:
    agency = body("深圳市市场监督管理局", "4403")
    old = publication(agency, party_name="深圳市老字号食品有限公司", age=20)
    new = publication(agency, party_name="深圳市新开业食品有限公司", age=1, title="未按规定公示食品原料")
    response = anonymous.get("/gs/")
    assert response.status_code == 200
    assert not response.cookies
    html = response.content.decode()
    assert html.index("新开业") < html.index("老字号")
    assert f"/gs/publications/{new.pk}/" in html
    assert f"/gs/publications/{old.pk}/" in html
    assert "未按规定公示食品原料" in html
    assert "共 2 条" in html


@pytest.mark.django_db
def test_searching_by_keyword_kind_agency_district_street_and_dates(anonymous: Client) -> None:
    city = body("深圳市市场监督管理局", "4403")
    district = body("深圳市市场监督管理局南山监管局", "440305")
    street = body("深圳市南山区粤海街道办事处", "440305007")
    a = publication(city, party_name="深圳市粤海餐饮有限公司")
    b = publication(district, party_name="深圳市粤海贸易有限公司", kind="inspection")
    c = publication(street, party_name="深圳市粤海科技有限公司", decided_on=dt.date(2025, 3, 1))

    def listed(query: str) -> set[int]:
        html = anonymous.get("/gs/" + query).content.decode()
        return {int(pk) for pk in re.findall(r"/gs/publications/(\d+)/", html)}

    assert listed("?q=粤海") == {a.pk, b.pk, c.pk}
    assert listed("?q=粤海&kind=inspection") == {b.pk}
    assert listed(f"?q=粤海&agency={district.pk}") == {b.pk}
    assert listed("?q=粤海&district=440305") == {b.pk, c.pk}
    assert listed("?q=粤海&district=440305&street=440305007") == {c.pk}
    assert listed("?q=粤海&to=2025-12-31") == {c.pk}
    assert listed("?from=2026-01-01") == {a.pk, b.pk}
    # Unknown values are ignored rather than failing the page.
    assert listed("?q=粤海&kind=x&agency=abc&district=999999&street=1&from=bad") == {a.pk, b.pk, c.pk}


@pytest.mark.django_db
def test_the_street_list_follows_the_chosen_district(anonymous: Client) -> None:
    from zhifa.orgs.tests.factories import region

    region("440305", "南山区")
    region("440305007", "粤海街道")
    body("深圳市南山区粤海街道办事处", "440305007")
    html = anonymous.get("/gs/").content.decode()
    assert '<option value="440305">南山区</option>' in html
    assert '<option value="440305007">' not in html
    html = anonymous.get("/gs/?district=440305").content.decode()
    assert '<option value="440305007">粤海街道</option>' in html


@pytest.mark.django_db
def test_pages_are_numbered_and_deep_paging_stops_at_the_cap(
    anonymous: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from zhifa.portal.selectors import publications

    monkeypatch.setattr(publications, "BROWSE_CAP", 30)
    agency = body("深圳市市场监督管理局", "4403")
    rows = [publication(agency, party_name=f"深圳市第{i}号商行", age=i + 1) for i in range(35)]
    first = anonymous.get("/gs/").content.decode()
    assert "第 1 / 2 页" in first
    assert "仅列出最新 30 条" in first
    second = anonymous.get("/gs/?page=2").content.decode()
    assert f"/gs/publications/{rows[20].pk}/" in second
    assert f"/gs/publications/{rows[30].pk}/" not in second
    beyond = anonymous.get("/gs/?page=99").content.decode()  # the last page, not an error
    assert "第 2 / 2 页" in beyond


@pytest.mark.django_db
def test_keyword_pages_keep_the_filters_in_their_links(anonymous: Client) -> None:
    agency = body("深圳市市场监督管理局", "4403")
    for i in range(25):
        publication(agency, party_name=f"深圳市同名{i}贸易商行", age=i + 1)
    html = anonymous.get("/gs/?q=同名&kind=penalty").content.decode()
    assert "第 1 页" in html
    assert "q=%E5%90%8C%E5%90%8D&amp;kind=penalty&amp;page=2" in html
    last = anonymous.get("/gs/?q=同名&kind=penalty&page=2").content.decode()
    assert "共 25 条" in last
    assert 'rel="prev"' in last


@pytest.mark.django_db
def test_the_detail_page_shows_time_agency_cause_basis_and_decision(anonymous: Client) -> None:
    agency = body("深圳市市场监督管理局", "4403")
    p = publication(
        agency,
        party_name="深圳市明辉电器有限公司",
        party_code="91440300MA5FTEST1X",
        legal_representative="陈明辉",
        title="销售不合格电器",
        facts="当事人销售的电热水壶经抽检不合格",
        basis="《中华人民共和国产品质量法》第四十九条",
        decision="没收违法所得，罚款人民币二万元",
        fine_amount="20000.00",
        decided_on=dt.date(2026, 5, 8),
    )
    response = anonymous.get(f"/gs/publications/{p.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "深圳市市场监督管理局",
        "销售不合格电器",
        "《中华人民共和国产品质量法》第四十九条",
        "没收违法所得，罚款人民币二万元",
        "2026年5月8日",
        "91440300MA5FTEST1X",
        "陈明辉",  # an organisation's legal representative is published (CF_FRDB)
        "20000.00 元",
    ):
        assert text in html, text


@pytest.mark.django_db
def test_anything_not_public_is_not_found(anonymous: Client) -> None:
    agency = body("深圳市市场监督管理局", "4403")
    today = timezone.localdate()
    hidden = [
        publication(agency, state=PublicationState.PENDING),
        publication(agency, state=PublicationState.EXEMPT),
        publication(agency, state=PublicationState.EXPIRED),
        publication(agency, state=PublicationState.REPAIRED),
        publication(agency, public_until=today - dt.timedelta(days=1)),
    ]
    for row in hidden:
        assert anonymous.get(f"/gs/publications/{row.pk}/").status_code == 404
    assert anonymous.get("/gs/publications/999999/").status_code == 404
    assert Client().post("/gs/").status_code == 405


@pytest.mark.django_db
def test_a_withdrawn_publication_shows_the_public_note_without_the_party(anonymous: Client) -> None:
    agency = body("深圳市市场监督管理局", "4403")
    row = publication(
        agency,
        state=PublicationState.WITHDRAWN,
        party_kind=PartyKind.PERSON,
        party_name="李*",
        number="深市监罚〔2026〕88号",
        end_note="该处罚决定已被复议机关撤销。",
        ended_at=timezone.now(),
    )
    html = anonymous.get(f"/gs/publications/{row.pk}/").content.decode()
    assert "该信息已撤回" in html
    assert "该处罚决定已被复议机关撤销。" in html
    assert "深市监罚〔2026〕88号" in html
    assert "李*" not in html
    assert f"/gs/publications/{row.pk}/" not in anonymous.get("/gs/?q=李*").content.decode()


@pytest.mark.django_db
def test_the_list_reads_a_fixed_number_of_statements(anonymous: Client) -> None:
    agency = body("深圳市市场监督管理局", "4403")
    for i in range(30):
        publication(agency, party_name=f"深圳市固定{i}商行")
    anonymous.get("/gs/")  # the filter options are read once per process and minute
    with CaptureQueriesContext(connection) as browse:
        anonymous.get("/gs/?page=2")
    with CaptureQueriesContext(connection) as keyword:
        anonymous.get("/gs/?q=固定&page=2")
    with CaptureQueriesContext(connection) as detail:
        anonymous.get(f"/gs/publications/{agency.pk}/")
    assert len(browse) == 2  # COUNT (capped) + the page
    # The page's rows (plus one) through the bigram index; SQLite first counts the phrase's matches.
    assert len(keyword) == (2 if connection.vendor == "sqlite" else 1)
    assert len(detail) <= 2
