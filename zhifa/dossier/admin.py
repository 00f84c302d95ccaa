"""Read-only admin of archives and 典型案例 marks (writes go through the services: audited)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import DossierArchive, DossierPage, ModelCaseMark
from .services import dossier_archive_valid


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(DossierArchive)
class DossierArchiveAdmin(ReadOnlyAdmin):
    list_display = (
        "archive_number",
        "subject_type",
        "subject_id",
        "organisation",
        "archived_at",
        "signature_ok",
    )
    list_filter = ("number_year",)
    search_fields = ("archive_number",)

    @admin.display(boolean=True, description="签名有效")
    def signature_ok(self, obj: DossierArchive) -> bool:
        return dossier_archive_valid(obj)


@admin.register(ModelCaseMark)
class ModelCaseMarkAdmin(ReadOnlyAdmin):
    list_display = ("title", "domain", "organisation", "marked_at", "withdrawn_at")
    search_fields = ("title", "domain")


@admin.register(DossierPage)
class DossierPageAdmin(ReadOnlyAdmin):
    list_display = ("source", "object_id", "pages", "counted_at")
