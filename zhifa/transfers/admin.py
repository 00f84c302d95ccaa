from django.contrib import admin

from .models import Transfer


@admin.register(Transfer)
class TransferAdmin(admin.ModelAdmin):
    """Read-only: transfers change through their services only."""

    list_display = ("case_number", "kind", "state", "organisation", "to_body", "reported_at")
    list_filter = ("kind", "state")
    search_fields = ("case_number", "party_name", "to_body")

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
