"""The month a page shows or computes, written ``YYYY-MM``."""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from pacer.incentives.months import MonthError, parse_month


class MonthForm(forms.Form):
    month = forms.CharField(label=_("月份"), max_length=7, help_text=_("YYYY-MM，例如 2026-07"))

    def clean_month(self) -> date:
        try:
            return parse_month(self.cleaned_data["month"])
        except MonthError as exc:
            raise ValidationError(str(exc)) from exc
