"""Reads of the law library (法律法规库).

Laws are reference data, not unit-scoped: every user holding ``legal.law.view`` sees all of them,
whatever the data scope of the granting role. Each selector still checks the permission first
(``require_perm``) and fails closed; a missing row raises ``NotFound``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When

from zhifa.core.errors import NotFound
from zhifa.orgs.scopes import require_perm

from ..models import Article, LawChapter, LawItem, LawSection, LawVersion, LegalLevel, Paragraph
from ..permissions import LegalPerm
from ..search import SearchFilters, SearchResult, get_search_backend

LEVEL_ORDER = Case(
    *(When(legal_level=value, then=Value(rank)) for rank, value in enumerate(LegalLevel.values)),
    default=Value(99),
    output_field=IntegerField(),
)


@dataclass(frozen=True)
class LawFilters:
    keyword: str = ""  # in the law's name or title
    legal_level: str = ""
    validity: str = ""
    issuing_body: str = ""
    has_text: bool | None = None


def law_list_for_user(user: Any, filters: LawFilters | None = None) -> QuerySet[LawVersion]:
    """The current version of every law matching the filters, texts first, by level and name."""
    require_perm(user, LegalPerm.LAW_VIEW)
    f = filters or LawFilters()
    qs = LawVersion.objects.filter(is_current=True).select_related("law")
    if f.keyword.strip():
        term = f.keyword.strip()
        qs = qs.filter(Q(law__name__contains=term) | Q(law__title__contains=term) | Q(title__contains=term))
    if f.legal_level:
        qs = qs.filter(legal_level=f.legal_level)
    if f.validity:
        qs = qs.filter(validity=f.validity)
    if f.issuing_body.strip():
        qs = qs.filter(issuing_body__contains=f.issuing_body.strip())
    if f.has_text is not None:
        qs = qs.filter(has_text=f.has_text)
    return qs.annotate(level_rank=LEVEL_ORDER).order_by("-has_text", "level_rank", "law__name", "pk")


def law_version_get_for_user(user: Any, law_id: int, version_id: int | None = None) -> LawVersion:
    """A law's version (its current one when ``version_id`` is None)."""
    require_perm(user, LegalPerm.LAW_VIEW)
    qs = LawVersion.objects.select_related("law").filter(law_id=law_id)
    version = qs.filter(pk=version_id).first() if version_id else qs.filter(is_current=True).first()
    if version is None:
        raise NotFound()
    return version


def law_versions(version: LawVersion) -> list[LawVersion]:
    """All versions of the version's law, newest first (the version switcher)."""
    return list(LawVersion.objects.filter(law_id=version.law_id).order_by("-version_date", "-pk"))


@dataclass
class TocSection:
    section: LawSection
    first_article: Article | None = None


@dataclass
class TocChapter:
    chapter: LawChapter
    sections: list[TocSection] = field(default_factory=list)
    first_article: Article | None = None
    article_count: int = 0


@dataclass
class ArticleBlock:
    """One article in reading order, with the headings that open before it."""

    article: Article
    opens_chapter: LawChapter | None = None
    opens_section: LawSection | None = None


def article_queryset() -> QuerySet[Article]:
    return Article.objects.select_related("version__law", "chapter", "section").prefetch_related(
        Prefetch(
            "paragraphs",
            queryset=Paragraph.objects.order_by("number").prefetch_related(
                Prefetch("items", queryset=LawItem.objects.order_by("number"))
            ),
        )
    )


def law_text(version: LawVersion) -> tuple[list[TocChapter], list[ArticleBlock]]:
    """Table of contents (编/章 → 节) and the articles with paragraphs and items, in order."""
    articles = list(article_queryset().filter(version=version).order_by("position"))
    chapters = {c.pk: TocChapter(c) for c in LawChapter.objects.filter(version=version).order_by("position")}
    sections = {s.pk: TocSection(s) for s in LawSection.objects.filter(version=version).order_by("position")}
    for toc_section in sections.values():
        chapter_id = toc_section.section.chapter_id
        if chapter_id in chapters:
            chapters[chapter_id].sections.append(toc_section)
    blocks: list[ArticleBlock] = []
    last_chapter: int | None = None
    last_section: int | None = None
    for article in articles:
        block = ArticleBlock(article)
        if article.chapter_id and article.chapter_id != last_chapter:
            block.opens_chapter = article.chapter
            chapters[article.chapter_id].first_article = article
        if article.section_id and article.section_id != last_section:
            block.opens_section = article.section
            sections[article.section_id].first_article = article
        if article.chapter_id:
            chapters[article.chapter_id].article_count += 1
        last_chapter, last_section = article.chapter_id, article.section_id
        blocks.append(block)
    return list(chapters.values()), blocks


def article_get_for_user(user: Any, article_id: int) -> Article:
    require_perm(user, LegalPerm.LAW_VIEW)
    article = article_queryset().filter(pk=article_id).first()
    if article is None:
        raise NotFound()
    return article


def article_neighbours(article: Article) -> tuple[Article | None, Article | None]:
    siblings = Article.objects.filter(version_id=article.version_id).only("pk", "label", "position")
    previous = siblings.filter(position__lt=article.position).order_by("-position").first()
    following = siblings.filter(position__gt=article.position).order_by("position").first()
    return previous, following


def paragraph_lead(paragraph: Paragraph) -> str:
    """The paragraph's own sentence(s) before its items (``Paragraph.text`` includes the items)."""
    lines = paragraph.text.split("\n")
    count = len(paragraph.items.all())
    return "\n".join(lines[: len(lines) - count]) if count else paragraph.text


@dataclass
class SearchPage:
    result: SearchResult
    articles: list[tuple[Article, str]]  # (article, highlighted snippet) in rank order


def law_search_for_user(
    user: Any, query: str, *, limit: int = 20, offset: int = 0, filters: SearchFilters | None = None
) -> SearchPage:
    """Full-text search of articles (current versions unless filtered otherwise)."""
    require_perm(user, LegalPerm.LAW_VIEW)
    result = get_search_backend().search(query, limit=limit, offset=offset, filters=filters)
    by_id = Article.objects.select_related("version__law").in_bulk(result.ids)
    return SearchPage(
        result, [(by_id[hit.article_id], hit.snippet) for hit in result.hits if hit.article_id in by_id]
    )
