"""Admin pages of the core kernel: the audit trail (read-only) and the holiday calendar (edited
through `zhifa.core.services`, so every change is audited and bumps the calendar version)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from .audit import Actor
from .models import (
    AuditEvent,
    CalendarVersion,
    Holiday,
    HolidayKind,
    HolidayYear,
    ScheduledJobRun,
    SigningKey,
)
from .permissions import CorePerm
from .services import calendar_policy_set, holiday_delete, holiday_set, holiday_year_delete, holiday_year_set

# The admin index shows the red "holiday schedule missing" banner (needs the context processor
# zhifa.core.context_processors.calendar_warning).
admin.site.index_template = "core/admin_index.html"

WEEKDAYS = "一二三四五六日"


def _actor(request: HttpRequest) -> Actor:
    return Actor.of(request.user, ip=str(request.META.get("REMOTE_ADDR", "")))


def _may(request: HttpRequest, perm: str) -> bool:
    user = request.user
    if not (user.is_active and user.is_staff):
        return False
    if user.is_superuser:
        return True
    from zhifa.orgs.scopes import has_perm

    return has_perm(user, perm)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("seq", "occurred_at", "actor_label", "action", "subject_type", "subject_id", "ip")
    list_filter = ("action", ("occurred_at", admin.DateFieldListFilter))
    date_hierarchy = "occurred_at"
    search_fields = ("=subject_id", "subject_type", "actor_label")
    ordering = ("-seq",)
    show_full_result_count = False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _may(request, CorePerm.AUDIT_VIEW)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _may(request, CorePerm.AUDIT_VIEW)


class CalendarAdminMixin:
    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _may(request, CorePerm.HOLIDAY_MANAGE)

    has_module_permission = has_view_permission  # type: ignore[assignment]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _may(request, CorePerm.HOLIDAY_MANAGE)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _may(request, CorePerm.HOLIDAY_MANAGE)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _may(request, CorePerm.HOLIDAY_MANAGE)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        from .workdays import calendar_coverage

        missing = calendar_coverage()["missing"]
        if missing and request.method == "GET":
            years = "、".join(f"{year}年" for year in missing)
            messages.error(
                request,
                f"{years}的法定节假日和调休安排尚未录入完整：请逐日录入“法定节假日”和“调休上班”，"
                f"再在“节假日年度”中把该年标记为“已完整录入”。在此之前该年度的工作日期限按周一至周五估算。",
            )
        return super().changelist_view(request, extra_context)  # type: ignore[misc]


class HolidayForm(forms.ModelForm):
    class Meta:
        model = Holiday
        fields = ("date", "kind", "name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, kind = data.get("date"), data.get("kind")
        if day and kind == HolidayKind.MAKEUP_WORKDAY and day.weekday() < 5:
            self.add_error("kind", "调休上班日应为周六或周日")
        return data


@admin.register(Holiday)
class HolidayAdmin(CalendarAdminMixin, admin.ModelAdmin):
    form = HolidayForm
    list_display = ("date", "weekday", "kind", "name", "source", "updated_at")
    list_filter = ("kind", "source")
    date_hierarchy = "date"
    search_fields = ("name",)
    ordering = ("-date",)

    @admin.display(description="星期")
    def weekday(self, obj: Holiday) -> str:
        return "周" + WEEKDAYS[obj.date.weekday()]

    def save_model(self, request: HttpRequest, obj: Holiday, form: Any, change: bool) -> None:
        original = form.initial.get("date") if change else None
        if change and original and original != obj.date:
            holiday_delete(actor=_actor(request), date=original)
        saved = holiday_set(actor=_actor(request), date=obj.date, kind=obj.kind, name=obj.name)
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: Holiday) -> None:
        holiday_delete(actor=_actor(request), date=obj.date)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Holiday]) -> None:
        for day in list(queryset.values_list("date", flat=True)):
            holiday_delete(actor=_actor(request), date=day)


@admin.register(HolidayYear)
class HolidayYearAdmin(CalendarAdminMixin, admin.ModelAdmin):
    list_display = ("year", "complete", "source", "note", "updated_at")
    list_filter = ("complete", "source")
    fields = ("year", "complete", "note")
    ordering = ("-year",)
    actions = ("mark_complete",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("year",) if obj is not None else ()

    def save_model(self, request: HttpRequest, obj: HolidayYear, form: Any, change: bool) -> None:
        saved = holiday_year_set(actor=_actor(request), year=obj.year, complete=obj.complete, note=obj.note)
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: HolidayYear) -> None:
        holiday_year_delete(actor=_actor(request), year=obj.year)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[HolidayYear]) -> None:
        for year in list(queryset.values_list("year", flat=True)):
            holiday_year_delete(actor=_actor(request), year=year)

    @admin.action(description="标记为已完整录入")
    def mark_complete(self, request: HttpRequest, queryset: QuerySet[HolidayYear]) -> None:
        for row in queryset:
            holiday_year_set(actor=_actor(request), year=row.year, complete=True, note=row.note)
        messages.success(request, "已标记为完整录入")


@admin.register(CalendarVersion)
class CalendarVersionAdmin(CalendarAdminMixin, admin.ModelAdmin):
    list_display = ("pk", "makeup_days_count_as_workdays", "changed_at")
    fields = ("makeup_days_count_as_workdays", "token", "changed_at")
    readonly_fields = ("token", "changed_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: CalendarVersion, form: Any, change: bool) -> None:
        calendar_policy_set(
            actor=_actor(request), makeup_days_count_as_workdays=obj.makeup_days_count_as_workdays
        )


@admin.register(SigningKey)
class SigningKeyAdmin(ReadOnlyAdmin):
    list_display = ("name", "public_key", "created_at")
    exclude = ("private_key_encrypted",)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_active and request.user.is_superuser


@admin.register(ScheduledJobRun)
class ScheduledJobRunAdmin(ReadOnlyAdmin):
    list_display = ("name", "last_run_at", "last_finished_at", "last_result")

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_active and request.user.is_superuser
