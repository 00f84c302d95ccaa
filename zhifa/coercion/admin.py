from django.contrib import admin

from .models import Measure


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    """Read-only: measures change through their services only."""

    list_display = ("kind", "party_name", "case_number", "state", "organisation", "started_at", "ends_on")
    list_filter = ("kind", "state")
    search_fields = ("party_name", "case_number")

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
