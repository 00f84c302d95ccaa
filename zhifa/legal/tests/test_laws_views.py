"""Law library pages: permission guard, list filters, law text with TOC and anchors, versions, search."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from zhifa.core.audit import Actor
from zhifa.legal.models import Law, LawVersion
from zhifa.legal.services.laws import law_library_import

from .laws_support import article, import_laws, law_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(org_world: Any, make_user: Any) -> Client:
    client = Client()
    client.force_login(make_user(org_world.agency, "officer"))  # 执法人员 hold legal.law.view
    return client


@pytest.fixture
def laws(db: None) -> None:
    import_laws("行政处罚法", "行政强制法")


def test_pages_require_login_and_the_law_view_permission(org_world: Any, make_user: Any, laws: None) -> None:
    law = Law.objects.get(name="行政处罚法")
    urls = [
        reverse("legal:law_list"),
        reverse("legal:law_search") + "?q=听证",
        reverse("legal:law_detail", args=[law.pk]),
        reverse("legal:article_detail", args=[article("行政处罚法", 1).pk]),
    ]
    anonymous = Client()
    no_role = Client()
    no_role.force_login(make_user(org_world.agency))
    for url in urls:
        assert anonymous.get(url).status_code == 302
        assert no_role.get(url).status_code == 403


def test_law_list_filters_by_level_validity_body_and_keyword(reader: Client, laws: None) -> None:
    page = reader.get(reverse("legal:law_list")).content.decode()
    assert "中华人民共和国行政处罚法" in page
    assert "中华人民共和国行政强制法" in page
    filtered = reader.get(reverse("legal:law_list"), {"keyword": "强制"}).content.decode()
    assert "中华人民共和国行政强制法" in filtered
    assert "中华人民共和国行政处罚法" not in filtered
    assert (
        "没有符合条件"
        in reader.get(reverse("legal:law_list"), {"legal_level": "local_regulation"}).content.decode()
    )
    assert "没有符合条件" in reader.get(reverse("legal:law_list"), {"validity": "repealed"}).content.decode()
    by_body = reader.get(
        reverse("legal:law_list"), {"issuing_body": "全国人民代表大会常务委员会"}
    ).content.decode()
    assert "中华人民共和国行政处罚法" in by_body


def test_law_detail_shows_toc_articles_with_anchors_paragraphs_and_items(reader: Client, laws: None) -> None:
    law = Law.objects.get(name="行政处罚法")
    response = reader.get(reverse("legal:law_detail", args=[law.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'aria-label="目录"' in html
    assert "第五章 行政处罚的决定" in html
    assert "第四节 听证程序" in html
    assert 'id="art-32"' in html
    assert 'href="#art-63"' in html  # 第四节 听证程序 opens with 第六十三条
    assert html.count('class="law-article"') == 86
    assert '<span class="law-item-label">（一）</span>警告、通报批评；' in html


def test_version_switcher_lists_every_version(reader: Client, tmp_path: Path) -> None:
    current = law_file("行政处罚法")
    (tmp_path / current.name).write_bytes(current.read_bytes())
    older = current.read_text("utf-8").replace("第八十六条 本法自2021年7月15日起施行。", "")
    (tmp_path / "行政处罚法(2017-09-01).md").write_text(older, "utf-8")
    law_library_import(actor=Actor.system("test"), directory=tmp_path)
    law = Law.objects.get(name="行政处罚法")
    old = LawVersion.objects.get(law=law, version_date__year=2017)
    html = reader.get(reverse("legal:law_detail", args=[law.pk])).content.decode()
    assert 'id="version-select"' in html
    assert "2021-01-22 · 现行有效（现行版本）" in html
    assert "2017-09-01 · 已被修订" in html
    old_html = reader.get(reverse("legal:law_detail", args=[law.pk]), {"version": old.pk}).content.decode()
    assert old_html.count('class="law-article"') == 85


def test_search_page_lists_highlighted_snippets_linking_to_article_permalinks(
    reader: Client, laws: None
) -> None:
    html = reader.get(reverse("legal:law_search"), {"q": "听证"}).content.decode()
    target = article("行政处罚法", 64)
    assert "<mark>听证</mark>" in html
    assert reverse("legal:article_detail", args=[target.pk]) + "?q=%E5%90%AC%E8%AF%81" in html
    assert "共找到" in html
    permalink = reader.get(reverse("legal:article_detail", args=[target.pk]), {"q": "听证"}).content.decode()
    assert "中华人民共和国行政处罚法 第六十四条" in permalink
    assert "<mark>听证</mark>应当依照以下程序组织" in permalink
    assert "下一条：第六十五条" in permalink


def test_unknown_law_and_article_are_404(reader: Client, laws: None) -> None:
    assert reader.get(reverse("legal:law_detail", args=[999999])).status_code == 404
    assert reader.get(reverse("legal:article_detail", args=[999999])).status_code == 404


def test_catalogue_only_law_is_listed_without_text(reader: Client) -> None:
    from zhifa.legal.models import LegalLevel

    law = Law.objects.create(name="检察官法", legal_level=LegalLevel.LAW)
    LawVersion.objects.create(
        law=law, version_date="2019-04-23", validity="valid", legal_level=LegalLevel.LAW, is_current=True
    )
    assert "检察官法" in reader.get(reverse("legal:law_list")).content.decode()
    assert "仅收录目录信息" in reader.get(reverse("legal:law_detail", args=[law.pk])).content.decode()
