"""Forms of the discretion pages: filter bar, standard + tiers + factors, calculator."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms

from ..models import DiscretionStandard, DiscretionStatus
from ..rules.discretion import Circumstance

DECIMAL_ERRORS = {"invalid": "请输入数字", "max_digits": "数字过大", "max_decimal_places": "最多保留两位小数"}


def _blank(choices: Any, label: str = "全部") -> list[tuple[Any, str]]:
    return [("", label), *list(choices)]


class DiscretionFilterForm(forms.Form):
    keyword = forms.CharField(label="关键词", required=False, max_length=100)
    organisation = forms.TypedChoiceField(label="制定单位", required=False, coerce=int, empty_value=None)
    power = forms.TypedChoiceField(label="关联职权", required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label="状态", required=False, choices=_blank(DiscretionStatus.choices))
    claimable = forms.BooleanField(label="仅看可认领", required=False)

    def __init__(self, *args: Any, organisations: Any = (), powers: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["organisation"]).choices = _blank(organisations)
        cast(forms.TypedChoiceField, self.fields["power"]).choices = _blank(powers)


class DiscretionForm(forms.Form):
    violation = forms.CharField(
        label="违法行为",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请填写违法行为"},
    )
    item_no = forms.CharField(label="序号", required=False, max_length=32)
    category = forms.CharField(label="分类", required=False, max_length=200)
    power = forms.TypedChoiceField(label="关联职权", required=False, coerce=int, empty_value=None)
    violated_provision = forms.CharField(
        label="违法依据", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    penalty_provision = forms.CharField(
        label="处罚依据", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    note = forms.CharField(label="备注", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, powers: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["power"]).choices = _blank(powers, "不关联")


class TierForm(forms.Form):
    label = forms.CharField(label="档次", max_length=32, required=False)
    circumstances = forms.CharField(
        label="适用情节（每行一条）", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    standard_text = forms.CharField(
        label="裁量标准", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    segment = forms.CharField(label="适用段落", required=False, max_length=500)


class FactorForm(forms.Form):
    name = forms.CharField(label="裁量因素", max_length=200, required=False)
    percentage = forms.DecimalField(
        label="百分比（±）",
        required=False,
        max_digits=6,
        decimal_places=2,
        min_value=Decimal(-100),
        max_value=Decimal(100),
        error_messages={
            **DECIMAL_ERRORS,
            "min_value": "不能小于-100",
            "max_value": "不能大于100",
        },
    )
    tier_order = forms.IntegerField(label="仅适用档次（序号）", required=False, min_value=1)


TierFormSet = forms.formset_factory(TierForm, extra=2, max_num=40)
FactorFormSet = forms.formset_factory(FactorForm, extra=1, max_num=40)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="原因", widget=forms.Textarea(attrs={"rows": 2}), error_messages={"required": "请填写原因"}
    )


class CalculatorForm(forms.Form):
    """裁量计算器: tier (or circumstances) + base amount + factors → recommended range."""

    tier = forms.TypedChoiceField(label="裁量档次", required=False, coerce=int, empty_value=None)
    circumstances = forms.MultipleChoiceField(
        label="适用情节", required=False, widget=forms.CheckboxSelectMultiple
    )
    statutory = forms.MultipleChoiceField(
        label="法定及从重从轻情节",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=Circumstance.choices,
    )
    base_amount = forms.DecimalField(
        label="计算基数（元）",
        required=False,
        min_value=Decimal(0),
        max_digits=16,
        decimal_places=2,
        error_messages={**DECIMAL_ERRORS, "min_value": "计算基数不能为负数"},
    )
    factors = forms.TypedMultipleChoiceField(
        label="裁量因素", required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, standard: DiscretionStandard, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tiers = list(standard.tiers.all())
        cast(forms.TypedChoiceField, self.fields["tier"]).choices = _blank(
            [(t.order, f"档次{t.label}" + (f"（{t.segment[:16]}…）" if t.segment else "")) for t in tiers],
            "按情节自动确定",
        )
        seen: list[str] = []
        for tier in tiers:
            for text in tier.circumstance_list:
                if text not in seen:
                    seen.append(text)
        cast(forms.MultipleChoiceField, self.fields["circumstances"]).choices = [(c, c) for c in seen]
        cast(forms.TypedMultipleChoiceField, self.fields["factors"]).choices = [
            (f.pk, f"{f.name}（{f.percentage:+}%）") for f in standard.factors.all()
        ]
