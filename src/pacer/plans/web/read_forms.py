"""The form on the target-setting page that builds a new draft plan.

Amounts are yuan and may be written ``50000000``, ``50,000,000``, ``5000万`` or ``0.5亿``;
rates are fractions (``0.316``) or percentages (``31.6%``). Every bad value is reported on its
field, in words a person can act on.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pacer.exchange.values import CellError, parse_money
from pacer.planning.feasibility import Market
from pacer.planning.inputs import Assumptions
from pacer.planning.money import FEN

MIN_YEAR = 2000
MAX_YEAR = 2100


class TextNumberField(forms.CharField):
    """A number typed as text; its length is checked on the text, before it is parsed."""

    def __init__(self, *, max_chars: int = 40, **kwargs: Any) -> None:
        self.max_chars = max_chars
        super().__init__(**kwargs)
        self.widget.attrs["maxlength"] = str(max_chars)

    def text(self, value: Any) -> str:
        text = (super().to_python(value) or "").replace("％", "%").strip()
        if len(text) > self.max_chars:
            raise forms.ValidationError(
                gettext("内容过长（最多 %(limit)d 个字符）") % {"limit": self.max_chars}
            )
        return text


class AmountField(TextNumberField):
    """Yuan (``Decimal`` to the fen) from ``5000万``, ``0.5亿``, ``¥50,000,000`` …"""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = self.text(value)
        if not text:
            return None
        try:
            amount, _rounded = parse_money(text)
        except CellError as exc:
            raise forms.ValidationError(
                gettext("“%(value)s”：%(reason)s") % {"value": text, "reason": exc.reason}
            ) from exc
        if amount <= 0:
            raise forms.ValidationError(gettext("金额必须大于零：%(value)s") % {"value": text})
        return amount.quantize(FEN)


class RateField(TextNumberField):
    """A rate as a fraction: ``31.6%`` → 0.316, ``0.316`` → 0.316, within [low, high]."""

    def __init__(self, *, low: Decimal, high: Decimal | None, **kwargs: Any) -> None:
        self.low = low
        self.high = high
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = self.text(value)
        if not text:
            return None
        percent = text.endswith("%")
        try:
            rate = Decimal(text.rstrip("%").strip())
        except InvalidOperation:
            rate = Decimal("NaN")
        if not rate.is_finite():
            raise forms.ValidationError(
                gettext("“%(value)s”不是比率（例如 0.2 或 20%%）") % {"value": text}
            )
        rate = rate / 100 if percent else rate
        if rate < self.low or (self.high is not None and rate > self.high):
            raise forms.ValidationError(self._range_message(text))
        return rate

    def _range_message(self, text: str) -> str:
        low = f"{self.low * 100:g}%"
        if self.high is None:
            return gettext("“%(value)s”须大于 %(low)s") % {"value": text, "low": low}
        high = f"{self.high * 100:g}%"
        return gettext("“%(value)s”须在 %(low)s 到 %(high)s 之间") % {
            "value": text,
            "low": low,
            "high": high,
        }


class PlanBuildForm(forms.Form):
    year = forms.IntegerField(label=_("财年"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    target = AmountField(label=_("年度目标"), help_text=_("元，可写 5000万 或 50000000"))
    growth = RateField(
        label=_("期望增长率"),
        low=Decimal(-1),
        high=None,
        required=False,
        max_chars=20,
        help_text=_("如 31.6% 或 0.316；留空则按目标与去年之比"),
    )
    name = forms.CharField(label=_("计划名称"), max_length=200, required=False)
    new_product_share = RateField(
        label=_("新产品占比"),
        low=Decimal(0),
        high=Decimal(1),
        required=False,
        max_chars=20,
        help_text=_("新产品上市计划占目标的比例，默认 20%，最低按 10% 计"),
    )
    market_size = AmountField(
        label=_("市场容量（去年）"), required=False, help_text=_("元，可写 20亿")
    )
    market_growth = RateField(
        label=_("市场增长率"),
        low=Decimal(-1),
        high=None,
        required=False,
        max_chars=20,
        help_text=_("留空按 0% 计"),
    )
    market_share = RateField(
        label=_("目标市场份额"),
        low=Decimal(0),
        high=Decimal(1),
        required=False,
        max_chars=20,
        help_text=_("与市场容量一起填写，如 2.5%"),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        size, share = data.get("market_size"), data.get("market_share")
        growth = data.get("market_growth")
        if size is None and share is None and growth is not None:
            self.add_error("market_size", gettext("填写了市场增长率，还需要市场容量和目标份额"))
        elif size is not None and share is None and "market_share" not in self.errors:
            self.add_error("market_share", gettext("填写了市场容量，还需要目标市场份额"))
        elif share is not None and size is None and "market_size" not in self.errors:
            self.add_error("market_size", gettext("填写了目标市场份额，还需要市场容量"))
        return data

    def assumptions(self) -> Assumptions:
        """The assumptions the form sets; everything else keeps the defaults."""
        data = self.cleaned_data
        market = None
        if data.get("market_size") is not None and data.get("market_share") is not None:
            market = Market(
                size=data["market_size"],
                growth=data.get("market_growth") or Decimal(0),
                share=data["market_share"],
            )
        defaults = Assumptions()
        share = data.get("new_product_share")
        return Assumptions(
            wanted_growth=data.get("growth"),
            new_product_share=defaults.new_product_share if share is None else share,
            market=market,
        )
