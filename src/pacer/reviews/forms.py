"""Forms of the review pages: which review to generate, and the fields people fill in."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pacer.access import Actor
from pacer.reviews.models import Review, ReviewKind
from pacer.reviews.selectors import subject_people, subject_teams
from pacer.reviews.services import MAX_TEXT
from pacer.tracking.review_periods import PeriodFormatError, parse_month, parse_week

REASON_PREFIX = "reason:"


def _text_area(label: Any, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": rows, "cols": 60}),
    )


class GenerateForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=ReviewKind.choices)
    subject = forms.ChoiceField(label=_("对象"))
    period = forms.CharField(
        label=_("期间"),
        max_length=10,
        help_text=_("周复盘如 2026-W24，月复盘如 2026-06"),
    )

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = [(f"person:{p.pk}", p.name) for p in subject_people(actor)]
        teams = [(f"team:{t.pk}", t.name) for t in subject_teams(actor)]
        choices: list[Any] = [(gettext("人员"), people)]
        if teams:
            choices.append((gettext("团队"), teams))
        field = self.fields["subject"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, text = data.get("kind"), data.get("period")
        if kind and text:
            try:
                period = parse_week(text) if kind == ReviewKind.WEEKLY else parse_month(text)
            except PeriodFormatError as exc:
                self.add_error(
                    "period",
                    gettext("“%(value)s”不是%(kind)s的期间，应写成 %(form)s")
                    % {"value": text, "kind": ReviewKind(kind).label, "form": exc.expected},
                )
            else:
                data["period_start"] = period.start
        subject = data.get("subject", "")
        if subject:
            subject_type, _sep, pk = subject.partition(":")
            data["subject_type"], data["subject_id"] = subject_type, int(pk)
        return data


class ReviewFieldsForm(forms.Form):
    """One reason per missed action, then the review's own text fields."""

    def __init__(self, *args: Any, review: Review, missed: list[dict[str, Any]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.reason_fields: list[tuple[str, dict[str, Any]]] = []
        for action in missed:
            name = f"{REASON_PREFIX}{action['key']}"
            self.fields[name] = _text_area(
                gettext("%(person)s %(stage)s 未完成的原因")
                % {"person": action["person"], "stage": action["stage_label"]},
                rows=2,
            )
            self.initial[name] = review.reasons.get(action["key"], "")
            self.reason_fields.append((name, action))
        if review.kind == ReviewKind.WEEKLY:
            self.fields["next_week"] = _text_area(_("下周改进"))
            self.initial["next_week"] = review.next_week
        else:
            self.fields["resource_changes"] = _text_area(_("资源调整"))
            self.initial["resource_changes"] = review.resource_changes
        self.fields["comments"] = _text_area(_("备注"))
        self.initial["comments"] = review.comments
        # The version the writer saw: a save over someone else's newer text is refused.
        self.fields["seen_updated_at"] = forms.DateTimeField(
            required=False, widget=forms.HiddenInput
        )
        self.initial["seen_updated_at"] = review.updated_at.isoformat()

    def reasons(self) -> dict[str, str]:
        return {
            name.removeprefix(REASON_PREFIX): value
            for name, value in self.cleaned_data.items()
            if name.startswith(REASON_PREFIX)
        }

    def bound_reasons(self) -> list[tuple[forms.BoundField, dict[str, Any]]]:
        return [(self[name], action) for name, action in self.reason_fields]
