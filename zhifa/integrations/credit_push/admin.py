"""The push log in the admin (read-only: receipts are written by the push service only)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import PushBatch, PushedRecord, PushReceipt


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReceiptInline(admin.TabularInline):
    model = PushReceipt
    fields = ("publication", "cf_wsh", "operation", "status", "remote_id", "attempts", "http_status", "error")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(PushBatch)
class PushBatchAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "started_at",
        "status",
        "total",
        "accepted",
        "rejected",
        "failed",
        "invalid",
        "actor_label",
    )
    list_filter = ("status",)
    date_hierarchy = "started_at"
    inlines = [ReceiptInline]


@admin.register(PushReceipt)
class PushReceiptAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "cf_wsh",
        "operation",
        "status",
        "remote_id",
        "attempts",
        "http_status",
        "finished_at",
    )
    list_filter = ("status", "operation")
    search_fields = ("cf_wsh", "remote_id", "idempotency_key")
    raw_id_fields = ("batch", "publication", "organisation")


@admin.register(PushedRecord)
class PushedRecordAdmin(ReadOnlyAdmin):
    list_display = ("publication", "operation", "remote_id", "publication_version", "pushed_at")
    list_filter = ("operation",)
    search_fields = ("remote_id",)
    raw_id_fields = ("publication", "organisation", "receipt")
