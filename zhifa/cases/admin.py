"""Configuration pages (Django admin): the figures that vary by province, sector or date, and each
unit's issuing details. Cases themselves change only through case_transition, never here."""

from django.contrib import admin

from .models import CasePeriod, FirstViolationEntry, HearingThreshold, IssuingProfile, SummaryLimit


@admin.register(IssuingProfile)
class IssuingProfileAdmin(admin.ModelAdmin):
    list_display = ("organisation", "review_body", "court", "payment_bank")
    raw_id_fields = ("organisation",)
    search_fields = ("organisation__name", "review_body", "court")


@admin.register(FirstViolationEntry)
class FirstViolationEntryAdmin(admin.ModelAdmin):
    list_display = ("item_no", "violation", "power", "province_code", "sector", "valid_from", "valid_to")
    list_filter = ("province_code", "sector")
    raw_id_fields = ("power",)
    search_fields = ("violation",)


@admin.register(SummaryLimit, HearingThreshold, CasePeriod)
class ScopedConfigAdmin(admin.ModelAdmin):
    list_display = ("__str__", "province_code", "sector", "valid_from", "valid_to", "confidence")
    list_filter = ("confidence", "sector")
