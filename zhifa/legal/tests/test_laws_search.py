"""SearchBackend: the same hits on SQLite (FTS5) and PostgreSQL (GIN) — the suite runs on both.

The expected hits are computed here independently of the database: tokenise every article's text
and keep those holding all query tokens. The backend must return exactly that set.
"""

from __future__ import annotations

import pytest
from django.db import connection

from zhifa.core.audit import Actor
from zhifa.core.models import AuditEvent
from zhifa.core.text import query_tokens_zh, snippet_zh, tokenize_zh
from zhifa.legal.models import Article
from zhifa.legal.search import SearchFilters, get_search_backend
from zhifa.legal.services.laws import article_update_text

from .laws_support import article, import_laws

CORPUS = ("行政处罚法", "行政强制法", "食品安全法", "行政许可法")
QUERIES = (
    "罚款",
    "听证",
    "违法所得",
    "行政强制措施",
    "责令停产停业",
    "食品安全 标准",
    "听证 期限",
    "当事人 陈述 申辩",
)


@pytest.fixture
def corpus(db: None) -> dict[int, str]:
    import_laws(*CORPUS)
    return dict(Article.objects.values_list("pk", "text"))


def expected_hits(texts: dict[int, str], query: str) -> set[int]:
    wanted = set(query_tokens_zh(query))
    return {pk for pk, text in texts.items() if wanted <= set(tokenize_zh(text))}


@pytest.mark.parametrize("query", QUERIES)
def test_search_returns_exactly_the_articles_holding_all_query_tokens(
    corpus: dict[int, str], query: str
) -> None:
    result = get_search_backend().search(query, limit=10_000)
    expected = expected_hits(corpus, query)
    assert expected, f"the corpus should contain {query}"
    assert set(result.ids) == expected
    assert result.total == len(expected)
    # Every article containing the query literally is found (tokenisation loses no phrase).
    if " " not in query:
        assert {pk for pk, text in corpus.items() if query in text} <= set(result.ids)


def test_search_backend_matches_the_database_vendor(db: None) -> None:
    assert get_search_backend().vendor == connection.vendor


def test_search_pages_are_slices_of_one_deterministic_ranking(corpus: dict[int, str]) -> None:
    backend = get_search_backend()
    full = backend.search("罚款", limit=10_000)
    scores = [hit.score for hit in full.hits]
    assert scores == sorted(scores, reverse=True)
    pages = [backend.search("罚款", limit=25, offset=o).ids for o in range(0, full.total, 25)]
    assert [pk for page in pages for pk in page] == full.ids
    assert backend.search("罚款", limit=10_000).ids == full.ids


def test_hearing_search_ranks_the_hearing_procedure_article_first(corpus: dict[int, str]) -> None:
    result = get_search_backend().search("听证", limit=5)
    top = Article.objects.select_related("version__law").get(pk=result.ids[0])
    assert (top.version.law.name, top.number) == ("行政处罚法", 64)
    assert "<mark>听证</mark>" in result.hits[0].snippet


def test_search_filters_by_law(corpus: dict[int, str]) -> None:
    law_id = article("行政强制法", 1).version.law_id
    result = get_search_backend().search("罚款", limit=10_000, filters=SearchFilters(law_id=law_id))
    assert result.total > 0
    assert set(Article.objects.filter(pk__in=result.ids).values_list("version__law__name", flat=True)) == {
        "行政强制法"
    }


@pytest.mark.parametrize("query", ["", "   ", "，。！", "'\" OR 1=1 --", "NEAR(罚款)", "a & b | !c"])
def test_empty_punctuation_and_operator_queries_are_safe(corpus: dict[int, str], query: str) -> None:
    result = get_search_backend().search(query)
    expected = expected_hits(corpus, query) if query_tokens_zh(query) else set()
    assert set(result.ids) == expected


def test_snippet_escapes_html_and_marks_tokens() -> None:
    snippet = snippet_zh("当事人<script>要求听证的", ["听证"])
    assert snippet == "当事人&lt;script&gt;要求<mark>听证</mark>的"


def test_tokenizer_folds_width_and_case_and_drops_punctuation() -> None:
    assert tokenize_zh("ＡＢＣ公司，GB 2760-2014") == ["abc", "公司", "gb", "2760", "2014"]
    assert query_tokens_zh("行政强制措施") == ["行政", "强制", "措施", "强制措施"]


def test_editing_an_article_reindexes_it_and_is_audited(corpus: dict[int, str]) -> None:
    target = article("行政强制法", 3)
    backend = get_search_backend()
    assert target.pk not in backend.search("紫外线消毒").ids
    article_update_text(
        actor=Actor.system("test"),
        article_id=target.pk,
        text="本法所称行政强制，包括紫外线消毒。\n有下列情形之一的：\n（一）甲；\n（二）乙。",
    )
    assert backend.search("紫外线消毒").ids == [target.pk]
    target.refresh_from_db()
    assert [p.items.count() for p in target.paragraphs.all()] == [0, 2]
    assert AuditEvent.objects.filter(action="legal.article.update", subject_id=str(target.pk)).exists()
