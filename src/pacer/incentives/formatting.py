"""Incentive money and rates as text for people, in the active language.

Pay must be read to the fen, so an amount is shown in 万元 only when that is exact
(``1.86万``), otherwise in yuan (``4,047.30元``, ``500元``); English always shows yuan
(``¥4,047.30``). Rates show as many decimals as they need (``3.0%``, ``1.25%``).
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext

from pacer.planning.money import FEN, WAN
from pacer.web.formatting import money_text, uses_wan


def list_separator() -> str:
    """Between the items of a list inside a sentence."""
    return gettext("、")


def percent(ratio: Decimal | str, min_places: int = 1, max_places: int = 2) -> str:
    """``0.03`` → ``3.0%``; ``0.0125`` → ``1.25%`` (as many places as needed, within bounds)."""
    value = Decimal(ratio) * 100
    exponent = value.normalize().as_tuple().exponent
    needed = -exponent if isinstance(exponent, int) else 0
    places = max(min_places, min(max_places, needed))
    return f"{value:.{places}f}%"


def yuan(amount: Decimal | str) -> str:
    """Yuan: ``500元`` / ``4,047.30元`` (Chinese) or ``¥500.00`` (English)."""
    value = Decimal(amount)
    if uses_wan():
        text = f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"
        return gettext("%(amount)s元") % {"amount": text}
    return f"¥{value:,.2f}"


def exact_money(amount: Decimal | str) -> str:
    """``1.86万`` when 万元 with two decimals is exact and at least 1万, else ``yuan``."""
    value = Decimal(amount)
    if uses_wan() and abs(value) >= WAN and value % (WAN * FEN) == 0:
        return money_text(value)
    return yuan(value)
