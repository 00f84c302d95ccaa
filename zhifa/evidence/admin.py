"""Django admin for evidence: read-only (every write goes through the audited services; custody
rows are hash-chained). Files are named, never linked: they are served only through the
authorising views."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .custody import custody_verify
from .models import CustodyEvent, Evidence, EvidenceFile


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class EvidenceFileInline(admin.TabularInline):  # type: ignore[type-arg]
    model = EvidenceFile
    fields = ("original_name", "media_kind", "size", "sm3", "uploaded_by", "uploaded_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ("id", "subject_type", "subject_id", "seq", "kind", "title", "admissible", "organisation")
    list_filter = ("kind", "admissible", "subject_type")
    search_fields = ("title", "=subject_id")
    list_select_related = ("organisation",)
    show_full_result_count = False
    exclude = ()
    readonly_fields = (
        "subject_type",
        "subject_id",
        "organisation",
        "region_code",
        "seq",
        "kind",
        "title",
        "description",
        "source",
        "collected_at",
        "collected_by",
        "place",
        "page_count",
        "is_original",
        "verified_against_original",
        "details",
        "admissible",
        "exclusion_reason",
        "excluded_at",
        "custody_state",
        "created_at",
    )
    fields = readonly_fields
    inlines = (EvidenceFileInline,)

    @admin.display(description="保管链")
    def custody_state(self, obj: Evidence) -> str:
        broken = custody_verify(obj)
        return "链条完整" if broken is None else f"链条被篡改（第一条异常记录 ID {broken}）"


@admin.register(EvidenceFile)
class EvidenceFileAdmin(ReadOnlyAdmin):
    list_display = ("id", "evidence", "original_name", "media_kind", "size", "sm3", "uploaded_at")
    list_filter = ("media_kind",)
    search_fields = ("=sm3", "original_name")
    list_select_related = ("evidence",)
    fields = (
        "evidence",
        "stored_name",
        "original_name",
        "content_type",
        "size",
        "sm3",
        "media_kind",
        "uploaded_by",
        "uploaded_at",
    )
    readonly_fields = fields

    @admin.display(description="存储位置")
    def stored_name(self, obj: EvidenceFile) -> str:
        return str(obj.file.name)


@admin.register(CustodyEvent)
class CustodyEventAdmin(ReadOnlyAdmin):
    list_display = ("id", "evidence", "seq", "action", "actor_label", "at", "holder", "location")
    list_filter = ("action",)
    list_select_related = ("evidence",)
    fields = (
        "evidence",
        "seq",
        "action",
        "actor",
        "actor_label",
        "at",
        "holder",
        "location",
        "note",
        "prev_hash",
        "hash",
    )
    readonly_fields = fields
