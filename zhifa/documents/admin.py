from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Document, NumberingFormat, Phrase, ServiceRecord


@admin.register(NumberingFormat)
class NumberingFormatAdmin(admin.ModelAdmin):
    list_display = ("organisation", "number_kind", "pattern")
    list_filter = ("number_kind",)
    raw_id_fields = ("organisation",)


@admin.register(Phrase)
class PhraseAdmin(admin.ModelAdmin):
    list_display = ("category", "text", "organisation", "order")
    list_filter = ("category",)
    search_fields = ("text",)
    raw_id_fields = ("organisation",)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Issued documents and service records change only through the services (signed, audited)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ("title", "number", "status", "organisation", "subject_type", "subject_id", "issued_at")
    list_filter = ("status", "type_code")
    search_fields = ("number", "title")


@admin.register(ServiceRecord)
class ServiceRecordAdmin(ReadOnlyAdmin):
    list_display = ("document", "method", "recipient", "served_at", "effective_on")
    list_filter = ("method",)
