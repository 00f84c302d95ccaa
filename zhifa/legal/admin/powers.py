"""Admin of the power list and discretion standards. Live rows change only through the services:
powers through change batches (created here, then submitted / approved / rejected by admin
actions), discretion standards through their workflow actions; content editing happens on the
pages (/legal/powers/…, /legal/discretion/…), which show the same checks inline."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from zhifa.core.audit import Actor
from zhifa.core.errors import ApplicationError

from ..models import (
    DiscretionChangeNotice,
    DiscretionClaim,
    DiscretionFactor,
    DiscretionStandard,
    DiscretionTier,
    Power,
    PowerBasis,
    PowerChangeBatch,
    PowerDraft,
    PowerVersion,
)
from ..services import discretion as discretion_svc
from ..services import powers as power_svc


class ReadOnlyMixin:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(ReadOnlyMixin, admin.TabularInline):
    extra = 0


def run_service(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet[Any],
    call: Callable[..., Any],
    done: str,
) -> None:
    """Apply a service to each selected row; report successes and Chinese errors."""
    actor = Actor.of(request.user, ip=str(request.META.get("REMOTE_ADDR", "")))
    count = 0
    for obj in queryset:
        try:
            call(actor, obj)
        except ApplicationError as exc:
            modeladmin.message_user(request, f"{obj}：{exc.message}", level=messages.ERROR)
        else:
            count += 1
    if count:
        modeladmin.message_user(request, f"{done}{count}条", level=messages.SUCCESS)


class PowerVersionInline(ReadOnlyInline):
    model = PowerVersion
    fields = ("number", "action", "created_at", "created_by", "batch", "reason")
    readonly_fields = fields
    show_change_link = True


@admin.register(Power)
class PowerAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = (
        "code",
        "name",
        "kind",
        "domain",
        "organisation",
        "subject_level",
        "may_involve_crime",
        "status",
    )
    list_filter = ("kind", "status", "may_involve_crime", "subject_level", "domain")
    search_fields = ("code", "name")
    list_select_related = ("domain", "organisation")
    inlines = (PowerVersionInline,)


class PowerBasisInline(ReadOnlyInline):
    model = PowerBasis
    fields = ("category", "law_title", "provision", "article", "paragraph", "item", "text")
    readonly_fields = fields


@admin.register(PowerVersion)
class PowerVersionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("power", "number", "action", "created_at", "created_by", "batch")
    search_fields = ("power__code", "power__name")
    list_select_related = ("power", "created_by", "batch")
    readonly_fields = ("power", "number", "action", "data", "batch", "reason", "created_by", "created_at")
    inlines = (PowerBasisInline,)


class PowerDraftInline(ReadOnlyInline):
    model = PowerDraft
    fields = ("action", "code", "power", "data")
    readonly_fields = fields


class BatchCreateForm(forms.ModelForm):
    class Meta:
        model = PowerChangeBatch
        fields = ("title", "reason", "organisation")


@admin.register(PowerChangeBatch)
class PowerChangeBatchAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "organisation",
        "state",
        "created_by",
        "created_at",
        "submitted_by",
        "decided_by",
    )
    list_filter = ("state",)
    search_fields = ("title", "reason")
    list_select_related = ("organisation", "created_by", "submitted_by", "decided_by")
    inlines = (PowerDraftInline,)
    actions = ("submit_batches", "approve_batches")

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        if obj is None:
            kwargs["form"] = BatchCreateForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ()
        return [f.name for f in PowerChangeBatch._meta.fields]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: PowerChangeBatch, form: Any, change: bool) -> None:
        if change:
            return
        created = power_svc.power_batch_create(
            actor=Actor.of(request.user), title=obj.title, reason=obj.reason, organisation=obj.organisation
        )
        obj.pk = created.pk
        obj.refresh_from_db()

    def get_inlines(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.inlines if obj is not None else ()  # drafts are added on the batch page / API

    @admin.action(description="提交审核")
    def submit_batches(self, request: HttpRequest, queryset: QuerySet[PowerChangeBatch]) -> None:
        run_service(
            self, request, queryset, lambda a, b: power_svc.power_batch_submit(actor=a, batch=b), "已提交"
        )

    @admin.action(description="审核通过并生效")
    def approve_batches(self, request: HttpRequest, queryset: QuerySet[PowerChangeBatch]) -> None:
        run_service(
            self,
            request,
            queryset,
            lambda a, b: power_svc.power_batch_approve(actor=a, batch=b),
            "已审核通过",
        )


class DiscretionTierInline(ReadOnlyInline):
    model = DiscretionTier
    fields = (
        "order",
        "label",
        "circumstances",
        "standard_text",
        "range_kind",
        "amount_min",
        "amount_max",
        "base_kind",
        "factor_min",
        "factor_max",
        "parse_status",
        "parse_reason",
    )
    readonly_fields = fields


class DiscretionFactorInline(ReadOnlyInline):
    model = DiscretionFactor
    fields = ("name", "percentage", "tier")
    readonly_fields = fields


@admin.register(DiscretionStandard)
class DiscretionStandardAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = (
        "item_no",
        "violation_short",
        "category",
        "organisation",
        "version",
        "status",
        "published_at",
    )
    list_filter = ("status", "category")
    search_fields = ("item_no", "violation", "penalty_provision")
    list_select_related = ("organisation",)
    inlines = (DiscretionTierInline, DiscretionFactorInline)
    actions = ("submit_standards", "approve_standards", "publish_standards")

    @admin.display(description="违法行为")
    def violation_short(self, obj: DiscretionStandard) -> str:
        return obj.violation[:40]

    @admin.action(description="提交审核")
    def submit_standards(self, request: HttpRequest, queryset: QuerySet[DiscretionStandard]) -> None:
        run_service(
            self,
            request,
            queryset,
            lambda a, s: discretion_svc.discretion_submit(actor=a, standard=s),
            "已提交",
        )

    @admin.action(description="审核通过")
    def approve_standards(self, request: HttpRequest, queryset: QuerySet[DiscretionStandard]) -> None:
        run_service(
            self,
            request,
            queryset,
            lambda a, s: discretion_svc.discretion_approve(actor=a, standard=s),
            "已审核通过",
        )

    @admin.action(description="发布")
    def publish_standards(self, request: HttpRequest, queryset: QuerySet[DiscretionStandard]) -> None:
        run_service(
            self,
            request,
            queryset,
            lambda a, s: discretion_svc.discretion_publish(actor=a, standard=s),
            "已发布",
        )


@admin.register(DiscretionClaim)
class DiscretionClaimAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("organisation", "standard", "claimed_version", "claimed_by", "claimed_at", "active")
    list_filter = ("active",)
    list_select_related = ("organisation", "standard", "claimed_by")


@admin.register(DiscretionChangeNotice)
class DiscretionChangeNoticeAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("organisation", "kind", "message", "created_at", "read_at")
    list_filter = ("kind",)
    list_select_related = ("organisation",)
