"""Admin pages of the orgs app. Writes go through the services so that they are validated the same
way and audited: forms run the services' checks inline (Chinese errors), save_model calls them."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from zhifa.core.audit import Actor
from zhifa.core.errors import ApplicationError

from .models import ApiToken, Domain, Officer, Organisation, Region, Role, User, UserRole
from .services.domains import domain_save
from .services.officers import OFFICER_FIELDS, officer_create, officer_update, officer_validate
from .services.organisations import (
    ORGANISATION_FIELDS,
    organisation_create,
    organisation_deactivate,
    organisation_update,
    organisation_validate,
)
from .services.roles import ROLE_FIELDS, known_permissions, role_create, role_update, role_validate
from .services.tokens import api_token_revoke
from .services.users import (
    USER_FIELDS,
    user_activate,
    user_create,
    user_deactivate,
    user_set_password,
    user_set_roles,
    user_update,
)


def actor(request: HttpRequest) -> Actor:
    return Actor.of(request.user, ip=str(request.META.get("REMOTE_ADDR", "")))


class ServiceCheckedForm(forms.ModelForm):
    """Runs a service's validation in clean() and puts its Chinese messages on the fields."""

    def run_check(self, check: Any) -> None:
        try:
            check()
        except ApplicationError as exc:
            if not exc.fields:
                raise forms.ValidationError(exc.message) from exc
            for field, msgs in exc.fields.items():
                for msg in msgs:
                    self.add_error(field if field in self.fields else None, msg)


# ---------------------------------------------------------------- regions (read-only reference data)
class ParentRegionFilter(admin.SimpleListFilter):
    title = "上级区划"
    parameter_name = "parent_code"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        code = request.GET.get(self.parameter_name)
        if code:
            region = Region.objects.filter(code=code).first()
            return [(code, str(region) if region else code)]
        return []

    def queryset(self, request: HttpRequest, queryset: QuerySet[Region]) -> QuerySet[Region]:
        value = self.value()
        return queryset.filter(parent__code=value) if value else queryset


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent", "children_link")
    list_filter = ("level", ParentRegionFilter)
    search_fields = ("=code", "code", "name")
    list_select_related = ("parent",)
    list_per_page = 50
    show_full_result_count = False
    ordering = ("code",)

    @admin.display(description="下级区划")
    def children_link(self, obj: Region) -> str:
        url = reverse("admin:orgs_region_changelist") + f"?parent_code={obj.code}"
        return format_html('<a href="{}">查看下级</a>', url)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# ---------------------------------------------------------------- domains
@admin.register(Domain)
class DomainAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "sort_order")
    search_fields = ("code", "name")

    def save_model(self, request: HttpRequest, obj: Domain, form: Any, change: bool) -> None:
        domain_save(
            actor=actor(request),
            code=obj.code,
            name=obj.name,
            sort_order=obj.sort_order,
            domain=Domain.objects.get(pk=obj.pk) if change else None,
        )
        if not change:
            obj.pk = Domain.objects.get(code=obj.code.strip()).pk

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# ---------------------------------------------------------------- organisations
class OrganisationAdminForm(ServiceCheckedForm):
    class Meta:
        model = Organisation
        fields = list(ORGANISATION_FIELDS)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors:
            payload = {k: data.get(k) for k in ORGANISATION_FIELDS if k != "domains"}
            self.run_check(
                lambda: organisation_validate(payload, instance=self.instance if self.instance.pk else None)
            )
        return data


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    form = OrganisationAdminForm
    list_display = ("name", "kind", "level", "region_code", "parent", "is_active")
    list_filter = ("kind", "level", "is_active")
    search_fields = ("name", "short_name", "uscc", "region_code")
    list_select_related = ("parent",)
    autocomplete_fields = ("region", "parent", "supervised_by", "entrusted_by")
    filter_horizontal = ("domains",)
    actions = ("deactivate_selected",)

    def save_model(self, request: HttpRequest, obj: Organisation, form: Any, change: bool) -> None:
        data = {k: form.cleaned_data.get(k) for k in ORGANISATION_FIELDS}
        data["domains"] = list(data.get("domains") or [])
        if change:
            saved = organisation_update(actor=actor(request), organisation=obj, changes=data)
        else:
            saved = organisation_create(actor=actor(request), **data)
        obj.pk = saved.pk

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        for formset in formsets:  # domains were set by the service
            self.save_formset(request, form, formset, change=change)

    @admin.action(description="停用所选单位")
    def deactivate_selected(self, request: HttpRequest, queryset: QuerySet[Organisation]) -> None:
        for org in queryset:
            try:
                organisation_deactivate(actor=actor(request), organisation=org, reason="管理后台停用")
            except ApplicationError as exc:
                self.message_user(request, f"{org.name}：{exc.message}", messages.ERROR)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# ---------------------------------------------------------------- officers
class OfficerAdminForm(ServiceCheckedForm):
    class Meta:
        model = Officer
        fields = list(OFFICER_FIELDS)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors:
            payload = {k: data.get(k) for k in OFFICER_FIELDS if k != "domains"}
            self.run_check(
                lambda: officer_validate(payload, instance=self.instance if self.instance.pk else None)
            )
        return data


@admin.register(Officer)
class OfficerAdmin(SimpleHistoryAdmin):
    form = OfficerAdminForm
    list_display = (
        "name",
        "certificate_no",
        "organisation",
        "certificate_valid_to",
        "certificate_status",
        "is_active",
    )
    list_filter = ("certificate_status", "has_legal_qualification", "is_active")
    search_fields = ("name", "certificate_no", "organisation__name")
    list_select_related = ("organisation",)
    autocomplete_fields = ("organisation", "user")
    filter_horizontal = ("domains",)

    def save_model(self, request: HttpRequest, obj: Officer, form: Any, change: bool) -> None:
        data = {k: form.cleaned_data.get(k) for k in OFFICER_FIELDS}
        data["domains"] = list(data.get("domains") or [])
        if change:
            saved = officer_update(actor=actor(request), officer=obj, changes=data)
        else:
            data.pop("is_active", None)
            saved = officer_create(actor=actor(request), **data)
        obj.pk = saved.pk

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# ---------------------------------------------------------------- roles
class RoleAdminForm(ServiceCheckedForm):
    permissions = forms.MultipleChoiceField(
        label="权限", required=False, widget=FilteredSelectMultiple("权限", is_stacked=False)
    )

    class Meta:
        model = Role
        fields = [
            "code",
            "name",
            "description",
            "data_scope",
            "permissions",
            "scope_overrides",
            "custom_organisations",
            "sort_order",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["permissions"]).choices = [
            (code, f"{label}（{code}）" if label != code else code)
            for code, label in known_permissions().items()
        ]
        if self.instance.pk:
            self.fields["code"].disabled = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors:
            payload = {k: data.get(k) for k in ROLE_FIELDS}
            self.run_check(lambda: role_validate(payload))
        return data


@admin.register(Role)
class RoleAdmin(SimpleHistoryAdmin):
    form = RoleAdminForm
    list_display = ("name", "code", "data_scope", "sort_order")
    search_fields = ("name", "code")
    filter_horizontal = ("custom_organisations",)

    def save_model(self, request: HttpRequest, obj: Role, form: Any, change: bool) -> None:
        data = {k: form.cleaned_data.get(k) for k in ROLE_FIELDS}
        data["custom_organisations"] = list(data.get("custom_organisations") or [])
        if change:
            saved = role_update(actor=actor(request), role=obj, changes=data)
        else:
            saved = role_create(actor=actor(request), code=form.cleaned_data["code"], **data)
        obj.pk = saved.pk

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# ---------------------------------------------------------------- users
class UserRoleInline(admin.TabularInline):
    model = UserRole
    extra = 1
    fields = ("role", "granted_at")
    readonly_fields = ("granted_at",)
    verbose_name = "角色"
    verbose_name_plural = "角色"


class UserAdminForm(ServiceCheckedForm):
    new_password = forms.CharField(
        label="设置新密码",
        required=False,
        widget=forms.PasswordInput,
        help_text="留空则不修改；新建用户必须填写",
    )

    class Meta:
        model = User
        fields = [
            "username",
            "display_name",
            "organisation",
            "phone",
            "email",
            "is_active",
            "is_staff",
            "is_superuser",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["username"].disabled = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.instance.pk and not data.get("new_password"):
            self.add_error("new_password", "新建用户必须设置密码")
        return data


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    form = UserAdminForm
    inlines = (UserRoleInline,)
    list_display = ("username", "display_name", "organisation", "is_active", "is_staff", "last_login")
    list_filter = ("is_active", "is_staff", "user_roles__role")
    search_fields = ("username", "display_name", "organisation__name")
    list_select_related = ("organisation",)
    autocomplete_fields = ("organisation",)

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        d = form.cleaned_data
        try:
            if change:
                user_update(actor=actor(request), user=obj, changes={k: d.get(k) for k in USER_FIELDS})
                if d.get("new_password"):
                    user_set_password(actor=actor(request), user=obj, password=d["new_password"])
                if d.get("is_active") and not User.objects.get(pk=obj.pk).is_active:
                    user_activate(actor=actor(request), user=obj)
                elif not d.get("is_active") and User.objects.get(pk=obj.pk).is_active:
                    user_deactivate(actor=actor(request), user=obj, reason="管理后台停用")
            else:
                saved = user_create(
                    actor=actor(request),
                    username=d["username"],
                    password=d["new_password"],
                    display_name=d.get("display_name") or d["username"],
                    organisation=d.get("organisation"),
                    phone=d.get("phone") or "",
                    email=d.get("email") or "",
                    is_staff=bool(d.get("is_staff")),
                )
                if d.get("is_superuser"):
                    user_update(actor=actor(request), user=saved, changes={"is_superuser": True})
                obj.pk = saved.pk
        except ApplicationError as exc:
            self.message_user(request, exc.message, messages.ERROR)
            raise

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """The roles inline is applied through user_set_roles (audited), not saved row by row."""
        user = User.objects.get(pk=form.instance.pk)
        for formset in formsets:
            if formset.model is not UserRole:
                self.save_formset(request, form, formset, change=change)
                continue
            roles = []
            for row in formset.forms:
                cleaned = getattr(row, "cleaned_data", None) or {}
                if cleaned.get("role") and not cleaned.get("DELETE"):
                    roles.append(cleaned["role"])
            user_set_roles(actor=actor(request), user=user, roles=roles)
            # The admin's change message reads these; the audit event holds the real change.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []


# ---------------------------------------------------------------- API tokens
@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "user__username")
    list_select_related = ("user",)
    readonly_fields = ("user", "name", "created_at", "last_used_at", "revoked_at")
    exclude = ("digest",)
    actions = ("revoke_selected",)

    @admin.action(description="撤销所选令牌")
    def revoke_selected(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset:
            api_token_revoke(actor=actor(request), token=token)
        self.message_user(request, f"已撤销 {queryset.count()} 个令牌")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
