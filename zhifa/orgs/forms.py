"""Forms of the orgs pages: GET filter bars and the user-management forms (validation messages in
Chinese; a bound form re-renders with what the user typed)."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from zhifa.core.errors import ApplicationError

from .choices import CertificateStatus, OrganisationKind, OrganisationLevel
from .models import Domain, Organisation, Role

YES_NO = [("", "全部"), ("1", "是"), ("0", "否")]


def _blank(choices: Any, label: str = "全部") -> list[tuple[str, str]]:
    return [("", label), *list(choices)]


def tri_state(value: str) -> bool | None:
    return {"1": True, "0": False}.get(value or "")


class OrganisationFilterForm(forms.Form):
    name = forms.CharField(label="名称", required=False, max_length=100)
    kind = forms.ChoiceField(label="类型", required=False, choices=_blank(OrganisationKind.choices))
    level = forms.ChoiceField(label="层级", required=False, choices=_blank(OrganisationLevel.choices))
    region = forms.CharField(label="区划代码", required=False, max_length=12)
    domain = forms.ChoiceField(label="执法领域", required=False)
    is_active = forms.ChoiceField(label="启用", required=False, choices=YES_NO)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["domain"]).choices = _blank(
            Domain.objects.values_list("code", "name")
        )

    def clean_region(self) -> str:
        value = self.cleaned_data["region"].strip()
        if value and not value.isdigit():
            raise forms.ValidationError("区划代码只能是数字")
        return value


class OfficerFilterForm(forms.Form):
    name = forms.CharField(label="姓名", required=False, max_length=64)
    certificate_no = forms.CharField(label="执法证号", required=False, max_length=32)
    region = forms.CharField(label="区划代码", required=False, max_length=12)
    domain = forms.ChoiceField(label="执法领域", required=False)
    certificate_status = forms.ChoiceField(
        label="证件状态", required=False, choices=_blank(CertificateStatus.choices)
    )
    expiring_within_days = forms.IntegerField(
        label="N天内到期",
        required=False,
        min_value=0,
        max_value=3650,
        error_messages={
            "invalid": "请输入天数（整数）",
            "min_value": "天数不能为负",
            "max_value": "天数过大",
        },
    )
    has_legal_qualification = forms.ChoiceField(label="法律职业资格", required=False, choices=YES_NO)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["domain"]).choices = _blank(
            Domain.objects.values_list("code", "name")
        )

    def clean_region(self) -> str:
        value = self.cleaned_data["region"].strip()
        if value and not value.isdigit():
            raise forms.ValidationError("区划代码只能是数字")
        return value


class UserFilterForm(forms.Form):
    name = forms.CharField(label="用户名/姓名", required=False, max_length=64)
    role = forms.ChoiceField(label="角色", required=False)
    is_active = forms.ChoiceField(label="启用", required=False, choices=YES_NO)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["role"]).choices = _blank(
            Role.objects.order_by("sort_order").values_list("code", "name")
        )


class ServiceErrorsMixin:
    """Put an ApplicationError's field messages on the form (inline, in Chinese)."""

    def add_service_error(self, exc: ApplicationError) -> None:
        placed = False
        for field, messages in exc.fields.items():
            target = field if field in self.fields else None  # type: ignore[attr-defined]
            for message in messages:
                self.add_error(target, message)  # type: ignore[attr-defined]
                placed = True
        if not placed:
            self.add_error(None, exc.message)  # type: ignore[attr-defined]


class UserCreateForm(ServiceErrorsMixin, forms.Form):
    username = forms.CharField(label="用户名", max_length=150, error_messages={"required": "请填写用户名"})
    display_name = forms.CharField(label="姓名", max_length=64, error_messages={"required": "请填写姓名"})
    organisation: forms.ModelChoiceField = forms.ModelChoiceField(
        label="所属单位",
        queryset=Organisation.objects.none(),
        error_messages={"required": "请选择所属单位", "invalid_choice": "所选单位不在您的管理范围内"},
    )
    phone = forms.CharField(label="手机号", max_length=20, required=False)
    password = forms.CharField(
        label="初始密码",
        widget=forms.PasswordInput(render_value=False),
        error_messages={"required": "请填写初始密码"},
    )
    password_confirm = forms.CharField(
        label="确认密码",
        widget=forms.PasswordInput(render_value=False),
        error_messages={"required": "请再次输入密码"},
    )
    roles = forms.ModelMultipleChoiceField(
        label="角色",
        queryset=Role.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "您无权授予所选角色", "invalid_pk_value": "角色无效"},
    )

    def __init__(self, *args: Any, organisations: Any, roles: list[Role], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = organisations
        cast(forms.ModelMultipleChoiceField, self.fields["roles"]).queryset = Role.objects.filter(
            pk__in=[r.pk for r in roles]
        ).order_by("sort_order")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("password")
            and data.get("password_confirm")
            and data["password"] != data["password_confirm"]
        ):
            self.add_error("password_confirm", "两次输入的密码不一致")
        return data


class UserRolesForm(ServiceErrorsMixin, forms.Form):
    roles = forms.ModelMultipleChoiceField(
        label="角色",
        queryset=Role.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "您无权授予所选角色"},
    )

    def __init__(self, *args: Any, roles: list[Role], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["roles"]).queryset = Role.objects.filter(
            pk__in=[r.pk for r in roles]
        ).order_by("sort_order")
