"""Forms only parse and render; every rule lives in zhifa.parties.rules (service-side)."""

from __future__ import annotations

from django import forms

from .choices import EnterpriseStatus, IdType, PartyKind, SourceType


def _choices(choices: list[tuple[str, str]], blank: str = "请选择") -> list[tuple[str, str]]:
    return [("", blank), *choices]


class PartyForm(forms.Form):
    kind = forms.ChoiceField(label="行政相对人类别", choices=_choices(PartyKind.choices))
    name = forms.CharField(label="名称/姓名", max_length=200)
    id_type = forms.ChoiceField(label="证件类型", choices=_choices(IdType.choices, "无"), required=False)
    id_number = forms.CharField(
        label="证件号码",
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    uscc = forms.CharField(label="统一社会信用代码", max_length=24, required=False)
    business_reg_no = forms.CharField(label="工商注册号", max_length=50, required=False)
    org_code = forms.CharField(label="组织机构代码", max_length=12, required=False)
    tax_reg_no = forms.CharField(label="税务登记号", max_length=20, required=False)
    institution_cert_no = forms.CharField(label="事业单位证书号", max_length=20, required=False)
    social_org_reg_no = forms.CharField(label="社会组织登记证号", max_length=50, required=False)
    legal_rep_name = forms.CharField(label="法定代表人/负责人", max_length=50, required=False)
    legal_rep_id_type = forms.ChoiceField(
        label="法定代表人证件类型", choices=_choices(IdType.choices, "无"), required=False
    )
    legal_rep_id_number = forms.CharField(
        label="法定代表人证件号码",
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    address = forms.CharField(label="住所/地址", max_length=255, required=False)
    phone = forms.CharField(label="联系电话", max_length=32, required=False)
    region_code = forms.CharField(label="注册地区划代码", max_length=12, required=False)
    registration_authority = forms.CharField(label="登记机关", max_length=100, required=False)
    industry_code = forms.CharField(label="行业代码", max_length=8, required=False)
    enterprise_status = forms.ChoiceField(
        label="企业状态", choices=_choices(EnterpriseStatus.choices, "—"), required=False
    )
    source = forms.ChoiceField(label="来源类型", choices=SourceType.choices, initial=SourceType.ENFORCEMENT)

    def apply_errors(self, fields: dict[str, list[str]], message: str) -> None:
        """Show a service ValidationError inline, next to the fields it names."""
        placed = False
        for name, messages in fields.items():
            for text in messages:
                if name in self.fields:
                    self.add_error(name, text)
                    placed = True
        if not placed:
            self.add_error(None, message)
