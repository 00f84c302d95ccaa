"""Admin pages: the publication rules (deadlines, credit periods, 较低数额, severity) are edited here;
publications are read-only — they change only through the services (traced and audited)."""

from typing import Any

from django.contrib import admin

from .models import (
    CreditPeriod,
    LowFineThreshold,
    Publication,
    PublicationChange,
    PublicationRule,
    SeverityPolicy,
)


@admin.register(PublicationRule)
class PublicationRuleAdmin(admin.ModelAdmin):
    list_display = (
        "kind", "sector", "province_code", "amount", "unit", "period_regime",
        "publish_summary", "publish_warning_only", "valid_from", "valid_to", "confidence",
    )  # fmt: skip
    list_filter = ("kind", "period_regime", "confidence")


@admin.register(CreditPeriod)
class CreditPeriodAdmin(admin.ModelAdmin):
    list_display = (
        "regime", "period_class", "sector", "province_code", "published",
        "min_amount", "min_unit", "max_amount", "max_unit", "valid_from", "valid_to", "confidence",
    )  # fmt: skip
    list_filter = ("regime", "confidence")


@admin.register(LowFineThreshold, SeverityPolicy)
class ScopedRuleAdmin(admin.ModelAdmin):
    list_display = ("__str__", "province_code", "sector", "valid_from", "valid_to", "confidence")
    list_filter = ("confidence",)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class PublicationChangeInline(admin.TabularInline):
    model = PublicationChange
    extra = 0
    can_delete = False
    fields = ("changed_at", "actor_label", "field", "before", "after", "reason")
    readonly_fields = fields

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Publication)
class PublicationAdmin(ReadOnlyAdmin):
    list_display = (
        "kind",
        "number",
        "party_name",
        "organisation_name",
        "state",
        "decided_on",
        "due_on",
        "public_until",
    )
    list_filter = ("kind", "state", "severity", "regime")
    search_fields = ("number", "party_name", "title")
    inlines = (PublicationChangeInline,)
    exclude = ("search_grams",)
