"""Money and ratios as text for people.

Chinese shows amounts in 万元 with two decimals (``1,234.56万``); English shows full yuan with
thousands separators and two decimals (``¥12,345,600.00``). Values are ``Decimal`` or ``int``;
a ``float`` is refused, because it cannot carry fen exactly.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils import translation

from pacer.planning.money import FEN, WAN

EMPTY = "—"


def uses_wan(language: str | None = None) -> bool:
    """Whether amounts are shown in 万元 for ``language`` (default: the active language)."""
    code = (language or translation.get_language() or "zh-hans").lower()
    return code.startswith("zh")


def exact(value: Decimal | int | str) -> Decimal:
    """``value`` as a ``Decimal``; floats are rejected rather than silently rounded."""
    if isinstance(value, float):
        msg = f"money must be Decimal or int, not float ({value!r})"
        raise TypeError(msg)
    if isinstance(value, bool):
        msg = "money must be Decimal or int, not bool"
        raise TypeError(msg)
    return Decimal(value)


def _grouped(value: Decimal, places: int = 2) -> str:
    unit = Decimal(1).scaleb(-places)
    return f"{value.quantize(unit, rounding=ROUND_HALF_UP):,.{places}f}"


def wan_number(amount: Decimal | int | str) -> str:
    """Yuan as 万元, number only, two decimals, grouped: 12345600 → ``1,234.56``."""
    return _grouped(exact(amount) / WAN)


def money_text(amount: Decimal | int | str | None, language: str | None = None) -> str:
    """Yuan for display in ``language``: ``1,234.56万`` (Chinese) or ``¥12,345,600.00``."""
    if amount is None or amount == "":
        return EMPTY
    value = exact(amount)
    if uses_wan(language):
        return f"{wan_number(value)}万"
    sign = "-" if value < 0 else ""
    return f"{sign}¥{_grouped(abs(value).quantize(FEN, rounding=ROUND_HALF_UP))}"


def pct_text(ratio: Decimal | int | str | None, places: int = 0) -> str:
    """A ratio as a percentage: ``Decimal("0.125")`` → ``13%`` (``places=1``: ``12.5%``)."""
    if ratio is None or ratio == "":
        return EMPTY
    return f"{_grouped(exact(ratio) * 100, places)}%"
