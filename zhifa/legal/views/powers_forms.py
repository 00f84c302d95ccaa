"""Forms of the power-list pages (Chinese validation messages; bound forms keep what was typed)."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from zhifa.orgs.choices import OrganisationLevel
from zhifa.orgs.models import Domain, Organisation

from ..models import BasisCategory, BatchState, DraftAction, PowerKind, PowerStatus

BASIS_ROWS = 3


def _blank(choices: Any, label: str = "全部") -> list[tuple[Any, str]]:
    return [("", label), *list(choices)]


class PowerFilterForm(forms.Form):
    code = forms.CharField(label="职权编码", required=False, max_length=64)
    name = forms.CharField(label="职权名称", required=False, max_length=100)
    kind = forms.ChoiceField(label="职权类型", required=False, choices=_blank(PowerKind.choices))
    domain = forms.TypedChoiceField(label="执法领域", required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label="状态", required=False, choices=_blank(PowerStatus.choices))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["domain"]).choices = _blank(
            Domain.objects.values_list("pk", "name")
        )


class BatchFilterForm(forms.Form):
    state = forms.ChoiceField(label="状态", required=False, choices=_blank(BatchState.choices))


class BatchForm(forms.Form):
    title = forms.CharField(label="批次名称", max_length=200, error_messages={"required": "请填写批次名称"})
    reason = forms.CharField(
        label="调整原因",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写调整原因"},
    )


class DraftForm(forms.Form):
    """One proposed change; for 修改/取消 the code names the existing power."""

    action = forms.ChoiceField(label="操作", choices=DraftAction.choices)
    code = forms.CharField(label="职权编码", max_length=64, error_messages={"required": "请填写职权编码"})
    name = forms.CharField(label="职权名称", max_length=300, required=False)
    kind = forms.ChoiceField(label="职权类型", choices=_blank(PowerKind.choices, "请选择"), required=False)
    domain = forms.TypedChoiceField(label="执法领域", required=False, coerce=int, empty_value=None)
    subject_level = forms.ChoiceField(
        label="行使层级", choices=_blank(OrganisationLevel.choices, "请选择"), required=False
    )
    organisation = forms.TypedChoiceField(label="实施主体", required=False, coerce=int, empty_value=None)
    may_involve_crime = forms.BooleanField(label="可能涉刑", required=False)
    description = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["domain"]).choices = _blank(
            Domain.objects.values_list("pk", "name"), "请选择"
        )
        orgs = organisations if organisations is not None else Organisation.objects.none()
        cast(forms.TypedChoiceField, self.fields["organisation"]).choices = _blank(
            [(o.pk, o.name) for o in orgs], "请选择"
        )
        for i in range(1, BASIS_ROWS + 1):
            self.fields[f"basis_category_{i}"] = forms.ChoiceField(
                label=f"依据{i}类别", required=False, choices=_blank(BasisCategory.choices, "—")
            )
            self.fields[f"basis_law_{i}"] = forms.CharField(
                label=f"依据{i}法律法规", required=False, max_length=300
            )
            self.fields[f"basis_provision_{i}"] = forms.CharField(
                label=f"依据{i}条款", required=False, max_length=100
            )
            self.fields[f"basis_article_{i}"] = forms.IntegerField(
                label=f"依据{i}条文ID",
                required=False,
                min_value=1,
                error_messages={"invalid": "请输入条文编号"},
            )
            self.fields[f"basis_text_{i}"] = forms.CharField(
                label=f"依据{i}原文", required=False, widget=forms.Textarea(attrs={"rows": 2})
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == DraftAction.CREATE:
            for name, message in (
                ("name", "请填写职权名称"),
                ("kind", "请选择职权类型"),
                ("subject_level", "请选择行使层级"),
                ("organisation", "请选择实施主体"),
            ):
                if not data.get(name):
                    self.add_error(name, message)
        for i in range(1, BASIS_ROWS + 1):
            filled = any(data.get(f"basis_{k}_{i}") for k in ("law", "provision", "article", "text"))
            if filled and not data.get(f"basis_category_{i}"):
                self.add_error(f"basis_category_{i}", "请选择依据类别")
        return data

    def bases(self) -> list[dict[str, Any]]:
        rows = []
        for i in range(1, BASIS_ROWS + 1):
            d = self.cleaned_data
            if not d.get(f"basis_category_{i}"):
                continue
            rows.append(
                {
                    "category": d[f"basis_category_{i}"],
                    "law_title": d.get(f"basis_law_{i}", ""),
                    "provision": d.get(f"basis_provision_{i}", ""),
                    "article_id": d.get(f"basis_article_{i}"),
                    "text": d.get(f"basis_text_{i}", ""),
                }
            )
        return rows

    def power_data(self, *, partial: bool) -> dict[str, Any]:
        """Data for power_batch_add_change; `partial` (修改) sends only what was filled in."""
        d = self.cleaned_data
        data: dict[str, Any] = {
            "code": d["code"].strip(),
            "name": d.get("name", ""),
            "kind": d.get("kind", ""),
            "domain_id": d.get("domain"),
            "subject_level": d.get("subject_level", ""),
            "organisation_id": d.get("organisation"),
            "may_involve_crime": d.get("may_involve_crime", False),
            "description": d.get("description", ""),
        }
        bases = self.bases()
        if bases or not partial:
            data["bases"] = bases
        if partial:
            data = {k: v for k, v in data.items() if v not in ("", None) or k == "bases"}
            data["may_involve_crime"] = d.get("may_involve_crime", False)
        return data


class RejectForm(forms.Form):
    reason = forms.CharField(
        label="退回原因",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请填写退回原因"},
    )
