"""Admin pages: approval chains (edited through the audited service), alert settings, and
read-only views of deadlines, tasks, runs and signed decisions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest

from zhifa.core.audit import Actor
from zhifa.core.errors import ApplicationError

from .models import (
    ApprovalChain,
    ApprovalDecision,
    ApprovalRun,
    Deadline,
    DeadlineAlertSetting,
    DeadlineExtension,
    DeadlineSuspension,
    Task,
)
from .registry import registered_approval_types, validate_steps
from .services.approvals import approval_chain_save, approval_verify
from .services.deadlines import deadline_alert_setting_set


def _actor(request: HttpRequest) -> Actor:
    return Actor.of(request.user, ip=str(request.META.get("REMOTE_ADDR", "")))


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ApprovalChainForm(forms.ModelForm):
    class Meta:
        model = ApprovalChain
        fields = ["organisation", "approval_type", "steps", "is_active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        types = registered_approval_types()
        if types:
            self.fields["approval_type"].help_text = "已登记：" + "、".join(types)

    def clean_steps(self) -> Any:
        try:
            return validate_steps(self.cleaned_data.get("steps"))
        except ApplicationError as exc:
            raise forms.ValidationError(next(iter(exc.fields.get("steps", [])), exc.message)) from exc


@admin.register(ApprovalChain)
class ApprovalChainAdmin(admin.ModelAdmin):
    form = ApprovalChainForm
    list_display = ("organisation", "approval_type", "is_active", "updated_at")
    list_filter = ("is_active", "approval_type")
    search_fields = ("organisation__name", "approval_type")
    raw_id_fields = ("organisation",)

    def save_model(self, request: HttpRequest, obj: ApprovalChain, form: Any, change: bool) -> None:
        try:
            saved = approval_chain_save(
                actor=_actor(request),
                organisation=obj.organisation,
                approval_type=obj.approval_type,
                steps=obj.steps,
                is_active=obj.is_active,
                chain=obj if change else None,
            )
            obj.pk = saved.pk
        except ApplicationError as exc:
            messages.error(request, exc.message)


@admin.register(DeadlineAlertSetting)
class DeadlineAlertSettingAdmin(admin.ModelAdmin):
    list_display = ("rule_code", "due_soon_days", "updated_at")
    fields = ("rule_code", "due_soon_days")

    def save_model(self, request: HttpRequest, obj: DeadlineAlertSetting, form: Any, change: bool) -> None:
        saved = deadline_alert_setting_set(
            actor=_actor(request), rule_code=obj.rule_code, due_soon_days=obj.due_soon_days
        )
        obj.pk = saved.pk


class SuspensionInline(admin.TabularInline):
    model = DeadlineSuspension
    extra = 0
    can_delete = False
    readonly_fields = ("reason", "started_on", "ended_on", "created_by", "created_at")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ExtensionInline(admin.TabularInline):
    model = DeadlineExtension
    extra = 0
    can_delete = False
    readonly_fields = ("amount", "unit", "reason", "basis", "approved_by", "approved_at")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Deadline)
class DeadlineAdmin(ReadOnlyAdmin):
    list_display = ("title", "subject_type", "subject_id", "organisation", "started_on", "due_on", "state")
    list_filter = ("state", "rule_code")
    search_fields = ("rule_code", "title")
    inlines = [SuspensionInline, ExtensionInline]


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    list_display = (
        "title",
        "kind",
        "organisation",
        "assignee",
        "queue_role",
        "status",
        "due_on",
        "created_at",
    )
    list_filter = ("status", "kind")
    search_fields = ("title",)


class DecisionInline(admin.TabularInline):
    model = ApprovalDecision
    extra = 0
    can_delete = False
    fields = ("step_index", "label", "decided_by", "decision", "comment", "decided_at", "verified")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description="签名验证")
    def verified(self, obj: ApprovalDecision) -> str:
        return "通过" if approval_verify(obj) else "失败"


@admin.register(ApprovalRun)
class ApprovalRunAdmin(ReadOnlyAdmin):
    list_display = (
        "pk",
        "approval_type",
        "subject_title",
        "organisation",
        "status",
        "current_step",
        "started_at",
    )
    list_filter = ("status", "approval_type")
    inlines = [DecisionInline]


@admin.register(ApprovalDecision)
class ApprovalDecisionAdmin(ReadOnlyAdmin):
    list_display = ("run", "step_index", "label", "decided_by", "decision", "decided_at")
