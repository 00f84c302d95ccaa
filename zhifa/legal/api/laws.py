"""法律法规库 API, mounted at /api/legal/laws/.

GET /api/legal/laws/                    laws (current versions), filters + limit/offset paging
GET /api/legal/laws/search?q=…          full-text search of articles with highlighted snippets
GET /api/legal/laws/articles/{id}       one article with its paragraphs (款) and items (项)
GET /api/legal/laws/{law_id}            a law (``?version=`` for another version) with its versions and TOC

All require ``legal.law.view`` (403 otherwise); unknown ids answer 404.
"""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from zhifa.orgs.schemas import ErrorOut

from ..models import Article, LawVersion
from ..search import SearchFilters
from ..selectors.laws import (
    LawFilters,
    article_get_for_user,
    law_list_for_user,
    law_search_for_user,
    law_text,
    law_version_get_for_user,
    law_versions,
    paragraph_lead,
)

router = Router(tags=["法律法规库"])

ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class VersionOut(Schema):
    id: int
    version_date: dt.date | None
    title: str
    publish_date: dt.date | None
    effective_date: dt.date | None
    validity: str
    validity_label: str
    legal_level: str
    legal_level_label: str
    issuing_body: str
    document_no: str
    is_current: bool
    has_text: bool
    article_count: int


class LawOut(Schema):
    """A law with its current version (resolved from that LawVersion row)."""

    id: int
    name: str
    title: str
    category: str
    current: VersionOut

    @staticmethod
    def resolve_id(obj: LawVersion) -> int:
        return obj.law_id

    @staticmethod
    def resolve_name(obj: LawVersion) -> str:
        return obj.law.name

    @staticmethod
    def resolve_title(obj: LawVersion) -> str:
        return obj.law.title

    @staticmethod
    def resolve_category(obj: LawVersion) -> str:
        return obj.law.category

    @staticmethod
    def resolve_current(obj: LawVersion) -> dict[str, Any]:
        return version_out(obj)


class ArticleRef(Schema):
    id: int
    number: int
    sub_number: int
    label: str
    anchor: str


class TocSectionOut(Schema):
    label: str
    title: str
    first_article: ArticleRef | None


class TocChapterOut(Schema):
    kind: str
    label: str
    title: str
    article_count: int
    first_article: ArticleRef | None
    sections: list[TocSectionOut]


class LawDetailOut(Schema):
    id: int
    name: str
    title: str
    category: str
    version: VersionOut
    history: str
    versions: list[VersionOut]
    toc: list[TocChapterOut]
    articles: list[ArticleRef]


class ItemOut(Schema):
    number: int
    label: str
    text: str


class ParagraphOut(Schema):
    id: int
    number: int
    lead: str
    text: str
    items: list[ItemOut]


class ArticleOut(Schema):
    id: int
    law_id: int
    law_name: str
    law_title: str
    version_id: int
    version_date: dt.date | None
    is_current_version: bool
    number: int
    sub_number: int
    label: str
    chapter: str
    section: str
    text: str
    paragraphs: list[ParagraphOut]


class SearchHitOut(Schema):
    article: ArticleRef
    law_id: int
    law_name: str
    version_id: int
    version_date: dt.date | None
    score: int
    snippet_html: str


class SearchOut(Schema):
    query: str
    tokens: list[str]
    count: int
    items: list[SearchHitOut]


class LawFilterIn(Schema):
    keyword: str = ""
    legal_level: str = ""
    validity: str = ""
    issuing_body: str = ""
    has_text: bool | None = None


def version_out(v: LawVersion) -> dict[str, Any]:
    return {
        "id": v.pk,
        "version_date": v.version_date,
        "title": v.title,
        "publish_date": v.publish_date,
        "effective_date": v.effective_date,
        "validity": v.validity,
        "validity_label": v.get_validity_display(),
        "legal_level": v.legal_level,
        "legal_level_label": v.get_legal_level_display(),
        "issuing_body": v.issuing_body,
        "document_no": v.document_no,
        "is_current": v.is_current,
        "has_text": v.has_text,
        "article_count": v.article_count,
    }


def article_ref(a: Article | None) -> dict[str, Any] | None:
    if a is None:
        return None
    return {"id": a.pk, "number": a.number, "sub_number": a.sub_number, "label": a.label, "anchor": a.anchor}


@router.get("/", response={200: list[LawOut], **ERRORS}, summary="法律法规列表")
@paginate(LimitOffsetPagination)
def list_laws(request: HttpRequest, filters: Query[LawFilterIn]) -> Any:
    f = LawFilters(
        filters.keyword, filters.legal_level, filters.validity, filters.issuing_body, filters.has_text
    )
    return law_list_for_user(request.user, f)


@router.get("/search", response={200: SearchOut, **ERRORS}, summary="条文全文检索")
def search_articles(
    request: HttpRequest,
    q: str,
    limit: int = Query(20, ge=1, le=100),
    offset: int = Query(0, ge=0),
    law_id: int | None = None,
    legal_level: str = "",
    all_versions: bool = False,
) -> Any:
    filters = SearchFilters(law_id=law_id, legal_level=legal_level or None, current_only=not all_versions)
    page = law_search_for_user(request.user, q[:200], limit=limit, offset=offset, filters=filters)
    return {
        "query": page.result.query,
        "tokens": page.result.tokens,
        "count": page.result.total,
        "items": [
            {
                "article": article_ref(article),
                "law_id": article.version.law_id,
                "law_name": article.version.law.name,
                "version_id": article.version_id,
                "version_date": article.version.version_date,
                "score": hit.score,
                "snippet_html": str(snippet),
            }
            for (article, snippet), hit in zip(page.articles, page.result.hits, strict=False)
        ],
    }


@router.get("/articles/{article_id}", response={200: ArticleOut, **ERRORS}, summary="条文详情（含款、项）")
def get_article(request: HttpRequest, article_id: int) -> Any:
    a = article_get_for_user(request.user, article_id)
    return {
        "id": a.pk,
        "law_id": a.version.law_id,
        "law_name": a.version.law.name,
        "law_title": a.version.law.title,
        "version_id": a.version_id,
        "version_date": a.version.version_date,
        "is_current_version": a.version.is_current,
        "number": a.number,
        "sub_number": a.sub_number,
        "label": a.label,
        "chapter": str(a.chapter) if a.chapter else "",
        "section": str(a.section) if a.section else "",
        "text": a.text,
        "paragraphs": [
            {
                "id": p.pk,
                "number": p.number,
                "lead": paragraph_lead(p),
                "text": p.text,
                "items": [{"number": i.number, "label": i.label, "text": i.text} for i in p.items.all()],
            }
            for p in a.paragraphs.all()
        ],
    }


@router.get("/{law_id}", response={200: LawDetailOut, **ERRORS}, summary="法律法规详情（含版本、目录）")
def get_law(request: HttpRequest, law_id: int, version: int | None = None) -> Any:
    v = law_version_get_for_user(request.user, law_id, version)
    toc, blocks = law_text(v)
    return {
        "id": v.law_id,
        "name": v.law.name,
        "title": v.law.title,
        "category": v.law.category,
        "version": version_out(v),
        "history": v.history,
        "versions": [version_out(x) for x in law_versions(v)],
        "toc": [
            {
                "kind": c.chapter.kind,
                "label": c.chapter.label,
                "title": c.chapter.title,
                "article_count": c.article_count,
                "first_article": article_ref(c.first_article),
                "sections": [
                    {
                        "label": s.section.label,
                        "title": s.section.title,
                        "first_article": article_ref(s.first_article),
                    }
                    for s in c.sections
                ],
            }
            for c in toc
        ],
        "articles": [article_ref(b.article) for b in blocks],
    }
