"""Forms of the forecast pages: my number and reason, a manager's adjustment, a category."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from pacer.forecasts.models import CATEGORY_CHOICES

NUMBER_FIELD = {
    "max_digits": 16,
    "decimal_places": 2,
    "min_value": Decimal(0),
    "localize": False,
}


class SubmissionForm(forms.Form):
    number = forms.DecimalField(label=_("我的预测（元）"), **NUMBER_FIELD)  # type: ignore[arg-type]
    reason = forms.CharField(
        label=_("与系统承诺数不同的原因"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("你的数字与系统承诺数不同时必填。"),
    )


class AdjustmentForm(forms.Form):
    number = forms.DecimalField(label=_("调整后的预测（元）"), **NUMBER_FIELD)  # type: ignore[arg-type]
    reason = forms.CharField(
        label=_("调整原因"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class CategoryForm(forms.Form):
    category = forms.ChoiceField(label=_("预测类别"), choices=CATEGORY_CHOICES)
    reason = forms.CharField(label=_("原因"), required=False, max_length=2000)
