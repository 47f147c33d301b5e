"""``{% load incentives_money %}``: ``{{ amount|pay }}`` shows incentive money to the fen."""

from __future__ import annotations

from decimal import Decimal

from django import template

from pacer.incentives.formatting import exact_money
from pacer.web.formatting import EMPTY

register = template.Library()


@register.filter
def pay(amount: Decimal | str | None) -> str:
    if amount is None or amount == "":
        return EMPTY
    return exact_money(amount)
