"""Admin pages: complaint categories (Open311 services), Open311 clients with their API keys (issued
once, shown once, stored as a digest), and a read-only list of complaints (no reporter data: that
stays with the clue, for the handling unit)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from zhifa.core.audit import Actor, audit_append

from .models import Complaint, ComplaintService, Open311Client
from .rules import check_definitions
from .services import open311_client_issue_key, open311_client_save


def _actor(request: HttpRequest) -> Actor:
    return Actor.of(request.user, ip=str(request.META.get("REMOTE_ADDR", "")))


class ComplaintServiceForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ComplaintService
        fields = (
            "code",
            "name",
            "description",
            "group",
            "keywords",
            "service_type",
            "receiving_unit",
            "domain",
            "violation",
            "clue_channel",
            "service_notice",
            "attributes",
            "is_active",
            "sort_order",
        )

    def clean_attributes(self) -> Any:
        value = self.cleaned_data.get("attributes") or []
        problems = check_definitions(value)
        if problems:
            raise forms.ValidationError(problems)
        return value


@admin.register(ComplaintService)
class ComplaintServiceAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = ComplaintServiceForm
    list_display = (
        "code",
        "name",
        "group",
        "receiving_unit",
        "domain",
        "service_type",
        "is_active",
        "sort_order",
    )
    list_filter = ("is_active", "service_type", "group")
    search_fields = ("code", "name", "keywords")
    autocomplete_fields = ("receiving_unit",)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit_append(
                actor=_actor(request),
                action="complaints.service.update" if change else "complaints.service.create",
                subject=obj,
                payload={"code": obj.code, "changed": list(form.changed_data)},
            )


@admin.register(Open311Client)
class Open311ClientAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "key_prefix", "clue_channel", "is_active", "last_used_at", "request_count")
    list_filter = ("is_active", "clue_channel")
    search_fields = ("name", "contact")
    readonly_fields = ("key_prefix", "last_used_at", "created_at")
    fields = ("name", "contact", "clue_channel", "is_active", "key_prefix", "last_used_at", "created_at")
    actions = ("issue_new_key",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Open311Client]:
        return super().get_queryset(request).annotate(n_requests=Count("complaints"))

    @admin.display(description="提交的请求数", ordering="n_requests")
    def request_count(self, obj: Any) -> int:
        return int(getattr(obj, "n_requests", 0))

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        open311_client_save(actor=_actor(request), client=obj, created=not change)
        if not change:
            key = open311_client_issue_key(actor=_actor(request), client=obj)
            obj.refresh_from_db()
            messages.warning(request, f"API 密钥（只显示这一次，请立即交给“{obj.name}”）：{key}")

    @admin.action(description="签发新的 API 密钥（旧密钥立即失效）")
    def issue_new_key(self, request: HttpRequest, queryset: QuerySet[Open311Client]) -> None:
        for client in queryset:
            key = open311_client_issue_key(actor=_actor(request), client=client)
            messages.warning(request, f"“{client.name}”的新 API 密钥（只显示这一次）：{key}")


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("id", "service", "source", "client", "created_at", "rating")
    list_filter = ("source", "service", "rating")
    list_select_related = ("service", "client")
    fields = ("clue", "service", "source", "client", "created_at", "rating", "rating_comment", "rated_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
