"""Forms of the plan-editing pages: a node's amount, a move between siblings, a reason, a scenario.

Amounts are yuan to the fen; rates on the scenario form are entered as percentages and handed to
the services as fractions.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pacer.plans.scenarios import SEASONALITY_SOURCES

MAX_AMOUNT = Decimal("99999999999999.99")
REASON_LENGTH = 500
HUNDRED = Decimal(100)


def _reason_field(label: Any = None) -> forms.CharField:
    return forms.CharField(
        label=label or _("调整原因"),
        max_length=REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("必填：会记入变更记录，和调整人、时间、前后数字一起保存"),
    )


class NodeEditForm(forms.Form):
    amount = forms.DecimalField(
        label=_("新的目标（元）"),
        max_digits=16,
        decimal_places=2,
        min_value=Decimal(0),
        max_value=MAX_AMOUNT,
    )
    reason = _reason_field()
    edit_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class NodeMoveForm(forms.Form):
    from_node = forms.TypedChoiceField(label=_("从哪一项调出"), coerce=int)
    to_node = forms.TypedChoiceField(label=_("调入哪一项"), coerce=int)
    amount = forms.DecimalField(
        label=_("调动金额（元）"),
        max_digits=16,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=MAX_AMOUNT,
    )
    reason = _reason_field()
    edit_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, siblings: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["from_node"].choices = siblings  # type: ignore[attr-defined]
        self.fields["to_node"].choices = siblings  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("from_node") is not None and data.get("from_node") == data.get("to_node"):
            raise forms.ValidationError(_("调出和调入不能是同一项"))
        return data


class ReasonForm(forms.Form):
    reason = _reason_field(_("说明"))


class ScenarioForm(forms.Form):
    """Blank fields keep the source plan's assumption."""

    name = forms.CharField(label=_("情景名称"), max_length=200, required=False)
    wanted_growth = forms.DecimalField(
        label=_("期望增长率（%）"),
        required=False,
        max_digits=8,
        decimal_places=2,
        min_value=Decimal(-99),
        max_value=Decimal(1000),
    )
    win_rate_factor = forms.DecimalField(
        label=_("赢单率系数（1 = 不变）"),
        required=False,
        max_digits=6,
        decimal_places=3,
        min_value=Decimal("0.001"),
        max_value=Decimal(10),
    )
    deal_size_factor = forms.DecimalField(
        label=_("客单价系数（1 = 不变）"),
        required=False,
        max_digits=6,
        decimal_places=3,
        min_value=Decimal("0.001"),
        max_value=Decimal(10),
    )
    new_product_share = forms.DecimalField(
        label=_("新产品占比（%）"),
        required=False,
        max_digits=6,
        decimal_places=2,
        min_value=Decimal(0),
        max_value=HUNDRED,
    )
    seasonality_source = forms.ChoiceField(
        label=_("月度节奏"),
        required=False,
        choices=[("", _("不变")), *SEASONALITY_SOURCES.items()],
    )
    over_assign = forms.DecimalField(
        label=_("个人指标超配（%）"),
        required=False,
        max_digits=6,
        decimal_places=2,
        min_value=Decimal(0),
        max_value=HUNDRED,
    )

    PERCENT_FIELDS = ("wanted_growth", "new_product_share", "over_assign")
    FACTOR_FIELDS = ("win_rate_factor", "deal_size_factor")

    def changes(self) -> dict[str, Any]:
        """The filled-in assumptions, percentages as fractions."""
        data = self.cleaned_data
        result: dict[str, Any] = {}
        for name in self.PERCENT_FIELDS:
            if data.get(name) is not None:
                result[name] = data[name] / HUNDRED
        for name in self.FACTOR_FIELDS:
            if data.get(name) is not None:
                result[name] = data[name]
        if data.get("seasonality_source"):
            result["seasonality_source"] = data["seasonality_source"]
        return result
