"""执法要素 configuration in the admin (检查模块、检查项、检查单), target library and conflict list."""

from django.contrib import admin

from .models import (
    CheckItem,
    Checklist,
    ChecklistEntry,
    CheckModule,
    Draw,
    InspectionTarget,
    InspectionTransfer,
    OfficerConflict,
)


class CheckItemInline(admin.TabularInline):
    model = CheckItem
    extra = 0


@admin.register(CheckModule)
class CheckModuleAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "domain", "is_active")
    list_filter = ("domain", "is_active")
    inlines = [CheckItemInline]


@admin.register(CheckItem)
class CheckItemAdmin(admin.ModelAdmin):
    list_display = ("text", "module", "legal_basis", "is_active")
    list_filter = ("domain", "is_active")
    search_fields = ("text", "legal_basis")


class ChecklistEntryInline(admin.TabularInline):
    model = ChecklistEntry
    extra = 0
    autocomplete_fields = ("item",)


@admin.register(Checklist)
class ChecklistAdmin(admin.ModelAdmin):
    list_display = ("name", "domain", "organisation", "is_active")
    list_filter = ("domain", "is_active")
    inlines = [ChecklistEntryInline]


@admin.register(InspectionTarget)
class InspectionTargetAdmin(admin.ModelAdmin):
    list_display = ("name", "domain", "library", "risk", "region_code", "is_active")
    list_filter = ("domain", "library", "risk", "is_active")
    search_fields = ("name",)
    raw_id_fields = ("party", "organisation")


@admin.register(OfficerConflict)
class OfficerConflictAdmin(admin.ModelAdmin):
    list_display = ("officer", "party", "reason", "created_at")
    raw_id_fields = ("officer", "party")


@admin.register(Draw)
class DrawAdmin(admin.ModelAdmin):
    list_display = ("plan", "seed", "drawn_at", "candidate_count", "digest")
    readonly_fields = [f.name for f in Draw._meta.fields]

    def has_add_permission(self, request: object) -> bool:  # draws only through inspection_draw
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(InspectionTransfer)
class InspectionTransferAdmin(admin.ModelAdmin):
    """检查转办 records: written only through inspection_transfer_request and its approval."""

    list_display = ("inspection", "organisation", "to_organisation", "state", "requested_at", "decided_at")
    list_filter = ("state",)
    readonly_fields = [f.name for f in InspectionTransfer._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
