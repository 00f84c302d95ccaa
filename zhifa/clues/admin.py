from django.contrib import admin

from .models import Clue, ClueReply, ClueSetting, ClueTimeLimit, ScreeningRule


@admin.register(Clue)
class ClueAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("number", "channel", "violation", "state", "organisation", "received_at")
    list_filter = ("channel", "state")
    search_fields = ("number", "violation", "party_name")
    raw_id_fields = (
        "organisation",
        "handling_unit",
        "handling_officer",
        "handler_user",
        "party",
        "merged_into",
        "created_by",
    )


@admin.register(ScreeningRule)
class ScreeningRuleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "name",
        "organisation",
        "sort_order",
        "is_active",
        "suggest_unit",
        "suggest_domain",
        "suggest_priority",
    )
    list_filter = ("is_active",)
    raw_id_fields = ("organisation", "suggest_unit")


@admin.register(ClueTimeLimit)
class ClueTimeLimitAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("domain", "amount", "unit", "basis")


@admin.register(ClueSetting)
class ClueSettingAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("organisation", "duplicate_radius_m", "duplicate_window_days")
    raw_id_fields = ("organisation",)


@admin.register(ClueReply)
class ClueReplyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("clue", "channel", "status", "created_at", "sent_at")
    list_filter = ("channel", "status")
    raw_id_fields = ("clue", "reporter", "created_by")
