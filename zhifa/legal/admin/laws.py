"""Admin of the law library: read-mostly. Laws and versions come from ``import_laws``; an article's
text may be corrected here (``legal.law.manage``), which goes through ``article_update_text`` so its
paragraphs/items are re-split, the search index refreshed and the change audited."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from zhifa.core.audit import Actor
from zhifa.orgs.scopes import has_perm

from ..models import Article, Law, LawItem, LawVersion, Paragraph
from ..permissions import LegalPerm
from ..services.laws import article_update_text
from ..services.laws_parser import parse_article_body


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class LawVersionInline(admin.TabularInline):
    model = LawVersion
    fields = ("version_date", "validity", "is_current", "effective_date", "issuing_body", "article_count")
    readonly_fields = fields
    extra = 0
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Law)
class LawAdmin(ReadOnlyAdmin):
    list_display = ("name", "title", "legal_level", "category")
    list_filter = ("legal_level",)
    search_fields = ("name", "title")
    inlines = (LawVersionInline,)
    show_full_result_count = False


@admin.register(LawVersion)
class LawVersionAdmin(ReadOnlyAdmin):
    list_display = (
        "law",
        "version_date",
        "legal_level",
        "validity",
        "is_current",
        "has_text",
        "article_count",
    )
    list_filter = ("legal_level", "validity", "is_current", "has_text")
    search_fields = ("law__name", "title", "issuing_body")
    list_select_related = ("law",)
    show_full_result_count = False


class ParagraphInline(admin.TabularInline):
    model = Paragraph
    fields = ("number", "text", "item_count")
    readonly_fields = fields
    extra = 0

    @admin.display(description="项数")
    def item_count(self, obj: Paragraph) -> int:
        return LawItem.objects.filter(paragraph=obj).count()

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ArticleAdminForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = ("text",)
        help_texts = {
            "text": "每款一行；项以“（一）”等开头，归入其上一款。保存后重新切分款项并更新全文检索。"
        }

    def clean_text(self) -> str:
        text: str = self.cleaned_data["text"]
        try:
            parse_article_body(text)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return text


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = ("label", "law_name", "version_date", "chapter", "section")
    list_select_related = ("version__law", "chapter", "section")
    list_filter = ("version__is_current", "version__legal_level")
    search_fields = ("version__law__name", "label", "text")
    readonly_fields = ("version", "label", "chapter", "section")
    fields = ("version", "label", "chapter", "section", "text")
    inlines = (ParagraphInline,)
    show_full_result_count = False

    @admin.display(description="法律法规", ordering="version__law__name")
    def law_name(self, obj: Article) -> str:
        return obj.version.law.name

    @admin.display(description="版本", ordering="version__version_date")
    def version_date(self, obj: Article) -> Any:
        return obj.version.version_date

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return has_perm(request.user, LegalPerm.LAW_MANAGE) and super().has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Article, form: Any, change: bool) -> None:
        actor = Actor.of(request.user, ip=str(request.META.get("REMOTE_ADDR", "")))
        updated = article_update_text(actor=actor, article_id=obj.pk, text=form.cleaned_data["text"])
        obj.text, obj.search_text = updated.text, updated.search_text
