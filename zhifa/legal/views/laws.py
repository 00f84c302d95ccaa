"""法律法规库 pages: law list, law text with table of contents, full-text search, article permalink."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path

from zhifa.core.text import highlight_zh, query_tokens_zh
from zhifa.orgs.views.common import guarded, paginate, query_without_page

from ..models import Article, LegalLevel, Validity
from ..permissions import LegalPerm
from ..search import SearchFilters
from ..selectors.laws import (
    LawFilters,
    article_get_for_user,
    article_neighbours,
    law_list_for_user,
    law_search_for_user,
    law_text,
    law_version_get_for_user,
    law_versions,
    paragraph_lead,
)

SEARCH_PER_PAGE = 20


class LawFilterForm(forms.Form):
    keyword = forms.CharField(label="标题关键词", required=False, max_length=100)
    legal_level = forms.ChoiceField(
        label="效力级别", required=False, choices=[("", "全部"), *LegalLevel.choices]
    )
    validity = forms.ChoiceField(label="时效性", required=False, choices=[("", "全部"), *Validity.choices])
    issuing_body = forms.CharField(label="制定机关", required=False, max_length=100)
    has_text = forms.ChoiceField(
        label="正文", required=False, choices=[("", "全部"), ("1", "有正文"), ("0", "仅目录")]
    )


@dataclass
class ItemView:
    label: str
    html: str


@dataclass
class ParagraphView:
    number: int
    html: str
    items: list[ItemView] = field(default_factory=list)


@dataclass
class ArticleView:
    article: Article
    paragraphs: list[ParagraphView]


def article_view(article: Article, tokens: list[str]) -> ArticleView:
    paragraphs = []
    for paragraph in article.paragraphs.all():
        items = [ItemView(item.label, highlight_zh(item.text, tokens)) for item in paragraph.items.all()]
        paragraphs.append(
            ParagraphView(paragraph.number, highlight_zh(paragraph_lead(paragraph), tokens), items)
        )
    return ArticleView(article, paragraphs)


@guarded(LegalPerm.LAW_VIEW)
def law_list(request: HttpRequest) -> HttpResponse:
    form = LawFilterForm(request.GET or None)
    filters = LawFilters()
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        has_text = {"1": True, "0": False}.get(d["has_text"])
        filters = LawFilters(d["keyword"], d["legal_level"], d["validity"], d["issuing_body"], has_text)
    page = paginate(request, law_list_for_user(request.user, filters))
    return render(
        request,
        "legal/laws/law_list.html",
        {"form": form, "page": page, "query": query_without_page(request)},
    )


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@guarded(LegalPerm.LAW_VIEW)
def law_detail(request: HttpRequest, law_id: int) -> HttpResponse:
    version = law_version_get_for_user(request.user, law_id, _int(request.GET.get("version")))
    tokens = query_tokens_zh(request.GET.get("q", ""))
    toc, blocks = law_text(version)
    context: dict[str, Any] = {
        "version": version,
        "law": version.law,
        "versions": law_versions(version),
        "toc": toc,
        "blocks": [(block, article_view(block.article, tokens)) for block in blocks],
        "q": request.GET.get("q", ""),
    }
    return render(request, "legal/laws/law_detail.html", context)


@guarded(LegalPerm.LAW_VIEW)
def article_detail(request: HttpRequest, article_id: int) -> HttpResponse:
    article = article_get_for_user(request.user, article_id)
    q = request.GET.get("q", "")
    previous, following = article_neighbours(article)
    context = {
        "article": article,
        "version": article.version,
        "law": article.version.law,
        "view": article_view(article, query_tokens_zh(q)),
        "previous": previous,
        "following": following,
        "q": q,
    }
    return render(request, "legal/laws/article_detail.html", context)


@guarded(LegalPerm.LAW_VIEW)
def law_search(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:200]
    page_no = max(_int(request.GET.get("page")) or 1, 1)
    all_versions = request.GET.get("all_versions") == "1"
    filters = SearchFilters(current_only=not all_versions, legal_level=request.GET.get("legal_level") or None)
    page = law_search_for_user(
        request.user, q, limit=SEARCH_PER_PAGE, offset=(page_no - 1) * SEARCH_PER_PAGE, filters=filters
    )
    total = page.result.total
    pages = max((total + SEARCH_PER_PAGE - 1) // SEARCH_PER_PAGE, 1)
    context = {
        "q": q,
        "tokens": page.result.tokens,
        "hits": page.articles,
        "total": total,
        "page_no": page_no,
        "pages": pages,
        "has_previous": page_no > 1,
        "has_next": page_no < pages,
        "query": query_without_page(request),
        "all_versions": all_versions,
        "legal_level": request.GET.get("legal_level", ""),
        "levels": LegalLevel.choices,
    }
    return render(request, "legal/laws/search.html", context)


urlpatterns: list[URLPattern] = [
    path("laws/", law_list, name="law_list"),
    path("law-search/", law_search, name="law_search"),
    path("laws/<int:law_id>/", law_detail, name="law_detail"),
    path("laws/articles/<int:article_id>/", article_detail, name="article_detail"),
]
