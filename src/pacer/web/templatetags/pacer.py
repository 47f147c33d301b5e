"""Template filters for money and ratios: ``{% load pacer %}``.

- ``{{ amount|money }}``: ``1,234.56万`` in Chinese, ``¥12,345,600.00`` in English;
- ``{{ amount|wan }}``: the number of 万元 only, ``1,234.56``;
- ``{{ ratio|pct }}`` / ``{{ ratio|pct:1 }}``: ``Decimal("0.125")`` → ``13%`` / ``12.5%``.
"""

from __future__ import annotations

from decimal import Decimal

from django import template

from pacer.web.formatting import EMPTY, money_text, pct_text, wan_number

register = template.Library()


@register.filter
def money(amount: Decimal | int | None) -> str:
    return money_text(amount)


@register.filter
def wan(amount: Decimal | int | None) -> str:
    if amount is None or amount == "":
        return EMPTY
    return wan_number(amount)


@register.filter
def pct(ratio: Decimal | int | None, places: int = 0) -> str:
    return pct_text(ratio, int(places))
