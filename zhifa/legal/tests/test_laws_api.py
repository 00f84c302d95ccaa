"""/api/legal/laws/: list, law detail with TOC, article with paragraphs/items, search; permission."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from zhifa.legal.models import Law

from .laws_support import article, import_laws

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(org_world: Any, make_user: Any) -> Client:
    import_laws("行政处罚法", "行政强制法")
    client = Client()
    client.force_login(make_user(org_world.agency, "officer"))
    return client


def test_api_requires_authentication_and_permission(org_world: Any, make_user: Any) -> None:
    assert Client().get("/api/legal/laws/").status_code == 401
    no_role = Client()
    no_role.force_login(make_user(org_world.agency))
    response = no_role.get("/api/legal/laws/search", {"q": "听证"})
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_list_laws_pages_and_filters(api: Client) -> None:
    body = api.get("/api/legal/laws/", {"limit": 1}).json()
    assert body["count"] == 2
    assert len(body["items"]) == 1
    filtered = api.get("/api/legal/laws/", {"keyword": "强制"}).json()
    assert [i["name"] for i in filtered["items"]] == ["行政强制法"]
    current = filtered["items"][0]["current"]
    assert (current["article_count"], current["validity"], current["legal_level"]) == (71, "valid", "law")


def test_law_detail_has_versions_toc_and_article_refs(api: Client) -> None:
    law = Law.objects.get(name="行政处罚法")
    body = api.get(f"/api/legal/laws/{law.pk}").json()
    assert body["title"] == "中华人民共和国行政处罚法"
    assert [v["version_date"] for v in body["versions"]] == ["2021-01-22"]
    assert len(body["articles"]) == 86
    chapter_five = body["toc"][4]
    assert (chapter_five["label"], chapter_five["title"]) == ("第五章", "行政处罚的决定")
    assert [s["title"] for s in chapter_five["sections"]] == ["一般规定", "简易程序", "普通程序", "听证程序"]
    assert chapter_five["sections"][3]["first_article"]["anchor"] == "art-63"
    assert api.get("/api/legal/laws/999999").status_code == 404


def test_article_detail_has_paragraphs_and_items(api: Client) -> None:
    nine = article("行政处罚法", 9)
    body = api.get(f"/api/legal/laws/articles/{nine.pk}").json()
    assert (body["label"], body["law_name"], body["is_current_version"]) == ("第九条", "行政处罚法", True)
    (paragraph,) = body["paragraphs"]
    assert paragraph["lead"] == "行政处罚的种类："
    assert [i["label"] for i in paragraph["items"]] == [
        "（一）",
        "（二）",
        "（三）",
        "（四）",
        "（五）",
        "（六）",
    ]
    assert api.get("/api/legal/laws/articles/999999").json()["code"] == "not_found"


def test_search_returns_ranked_hits_with_snippets_and_paging(api: Client) -> None:
    body = api.get("/api/legal/laws/search", {"q": "听证", "limit": "3"}).json()
    assert body["tokens"] == ["听证"]
    assert body["count"] > 3
    assert len(body["items"]) == 3
    top = body["items"][0]
    assert (top["law_name"], top["article"]["label"]) == ("行政处罚法", "第六十四条")
    assert "<mark>听证</mark>" in top["snippet_html"]
    second_page = api.get("/api/legal/laws/search", {"q": "听证", "limit": "3", "offset": "3"}).json()
    first_ids = {i["article"]["id"] for i in body["items"]}
    assert first_ids.isdisjoint(i["article"]["id"] for i in second_page["items"])


def test_openapi_declares_the_law_schemas(api: Client) -> None:
    schema = api.get("/api/openapi.json").json()
    assert "/api/legal/laws/search" in schema["paths"]
    names = set(schema["components"]["schemas"])
    assert {"LawOut", "LawDetailOut", "ArticleOut", "SearchOut"} <= names
