"""Forms of the SLA board: open a request on a project, record the department's answer."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pacer.crm.models import Project
from pacer.sla.models import Department, RequestKind
from pacer.sla.services import MAX_NOTE

LOCAL_INPUT = "%Y-%m-%dT%H:%M"
# A clock a few minutes ahead on the user's computer is not an error.
CLOCK_SKEW = timedelta(minutes=5)


def _moment(label: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        input_formats=[LOCAL_INPUT, "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT),
    )


class RequestForm(forms.Form):
    project = forms.ModelChoiceField(label=_("项目"), queryset=Project.objects.none())
    kind = forms.ChoiceField(label=_("请求类型"), choices=RequestKind.choices)
    department = forms.ChoiceField(
        label=_("对接部门"),
        choices=[("", _("按请求类型默认")), *Department.choices],
        required=False,
    )
    subject = forms.CharField(label=_("请求内容"), max_length=300, required=False)
    requested_at = _moment(_("发起时间"))

    def __init__(self, *args: Any, projects: Any, now: datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["project"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = projects
        self.now = now

    def clean_requested_at(self) -> datetime:
        value: datetime = self.cleaned_data["requested_at"]
        if value > self.now + CLOCK_SKEW:
            raise forms.ValidationError(gettext("发起时间不能晚于现在"))
        return value


class RespondForm(forms.Form):
    responded_at = _moment(_("回复时间"))
    note = forms.CharField(
        label=_("回复说明"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, now: datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.now = now

    def clean_responded_at(self) -> datetime:
        value: datetime = self.cleaned_data["responded_at"]
        if value > self.now + CLOCK_SKEW:
            raise forms.ValidationError(gettext("回复时间不能晚于现在"))
        return value
