"""The board's filters and the note that goes with acknowledging or resolving an alert."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pacer.alerts.models import AlertRule, AlertSignal, AlertStatus
from pacer.alerts.selectors import ALL, LIVE, AlertFilters
from pacer.alerts.services import NOTE_LIMIT
from pacer.org.models import Person

STATUS_CHOICES = [
    (LIVE, _("未解除")),
    *AlertStatus.choices,
    (ALL, _("全部")),
]


class AlertFilterForm(forms.Form):
    """The board's filters (GET); an unknown value is a form error, never a 500."""

    signal = forms.ChoiceField(
        label=_("信号"), required=False, choices=[("", _("全部信号")), *AlertSignal.choices]
    )
    rule = forms.ChoiceField(
        label=_("规则"), required=False, choices=[("", _("全部规则")), *AlertRule.choices]
    )
    owner = forms.ModelChoiceField(
        label=_("负责人"), required=False, queryset=Person.objects.none(), empty_label=_("全部人员")
    )
    status = forms.ChoiceField(label=_("状态"), required=False, choices=STATUS_CHOICES)

    def __init__(self, *args: Any, owners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]

    def filters(self) -> AlertFilters:
        data = self.cleaned_data if self.is_valid() else {}
        owner = data.get("owner")
        return AlertFilters(
            status=data.get("status") or LIVE,
            signal=data.get("signal") or "",
            rule=data.get("rule") or "",
            owner_id=owner.pk if owner else None,
        )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("说明"),
        required=False,
        max_length=NOTE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
