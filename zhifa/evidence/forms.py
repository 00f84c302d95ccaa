"""Forms of the evidence pages: they parse and keep what the user typed; rules live in services."""

from __future__ import annotations

from typing import Any

from django import forms

from .choices import MANUAL_CUSTODY_ACTIONS, CustodyAction, EvidenceKind
from .rules import KIND_DETAIL_FIELDS


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label="证据种类", choices=[("", "请选择"), *EvidenceKind.choices])
    title = forms.CharField(label="证据名称", max_length=200)
    description = forms.CharField(
        label="证明对象/内容", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    source = forms.CharField(label="来源/提供人", max_length=200, required=False)
    collected_at = forms.DateTimeField(
        label="收集时间",
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="留空为当前时间",
    )
    place = forms.CharField(label="收集地点", max_length=200, required=False)
    page_count = forms.IntegerField(label="页数", min_value=0, required=False)
    is_original = forms.TypedChoiceField(
        label="原件/复印件",
        choices=[("1", "原件"), ("0", "复印件")],
        coerce=lambda v: v == "1",
        initial="1",
    )
    verified_against_original = forms.BooleanField(label="复印件已与原件核对无误", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind, fields in KIND_DETAIL_FIELDS.items():
            for key, label in fields:
                name = f"detail_{kind}_{key}"
                self.fields[name] = forms.CharField(label=label, max_length=500, required=False)
                self.fields[name].widget.attrs["data-kind"] = kind

    def detail_groups(self) -> list[tuple[str, str, list[Any]]]:
        """(kind, label, bound fields) for the kind-specific fieldsets."""
        labels = dict(EvidenceKind.choices)
        return [
            (kind, labels[kind], [self[f"detail_{kind}_{key}"] for key, _ in fields])
            for kind, fields in KIND_DETAIL_FIELDS.items()
        ]

    def base_fields_bound(self) -> list[Any]:
        return [self[name] for name in self.fields if not name.startswith("detail_")]

    def details(self) -> dict[str, str]:
        kind = self.cleaned_data.get("kind", "")
        prefix = f"detail_{kind}_"
        return {
            name.removeprefix(prefix): value
            for name, value in self.cleaned_data.items()
            if name.startswith(prefix) and value
        }


class CustodyForm(forms.Form):
    action = forms.ChoiceField(
        label="保管环节",
        choices=[("", "请选择"), *((a.value, a.label) for a in MANUAL_CUSTODY_ACTIONS)],
    )
    holder = forms.CharField(label="保管人/接收人", max_length=100, required=False)
    location = forms.CharField(label="保管地点", max_length=200, required=False)
    note = forms.CharField(label="说明", max_length=2000, required=False)

    def action_label(self) -> str:
        return str(CustodyAction(self.cleaned_data["action"]).label)


class ExcludeForm(forms.Form):
    reason = forms.CharField(
        label="排除理由（以非法手段取得）", max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
