"""Exact money: yuan as ``Decimal`` with a fixed number of places, and exact splits.

Every split of an amount uses the largest-remainder method, so the parts always add up to the
whole to the last fen: each part first gets its share rounded *down* to the unit, and the units
left over go, one each, to the parts whose rounding cut off the most.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")
# Stored amounts keep four places (1/100 fen) so that imported data, e.g. prices after a
# percentage discount, keep their exact totals; plans and splits are made to the fen.
STORED_PLACES = 4
STORED = Decimal("0.0001")
MAX_STORED = Decimal(10) ** 14  # 18 digits in all, four of them after the point
YUAN = Decimal(1)
WAN = Decimal(10000)


def to_money(value: Decimal | int | str, unit: Decimal = FEN) -> Decimal:
    """``value`` as yuan rounded half-up to ``unit`` (default: one fen)."""
    return Decimal(value).quantize(unit, rounding=ROUND_HALF_UP)


def split_by_weights(
    total: Decimal, weights: Sequence[Decimal | int], unit: Decimal = FEN
) -> list[Decimal]:
    """Split ``total`` in proportion to ``weights`` so that the parts sum exactly to ``total``.

    ``total`` must be a whole number of ``unit``s (it may be negative: the split is then the
    mirror of the positive one). Weights must be non-negative; when they are all zero the
    split is even. Ties in the remainders go to the earlier part, so the result is stable.
    """
    if not weights:
        msg = "cannot split an amount over no parts"
        raise ValueError(msg)
    if total != total.quantize(unit):
        msg = f"total {total} is not a whole number of {unit}"
        raise ValueError(msg)
    ws = [Decimal(w) for w in weights]
    if any(w < 0 for w in ws):
        msg = "weights must not be negative"
        raise ValueError(msg)
    if total < 0:
        return [-part for part in split_by_weights(-total, ws, unit)]
    weight_sum = sum(ws, Decimal(0))
    if weight_sum == 0:
        ws = [Decimal(1)] * len(ws)
        weight_sum = Decimal(len(ws))
    units = int(total / unit)
    exact = [Decimal(units) * w / weight_sum for w in ws]
    floors = [int(e.to_integral_value(rounding=ROUND_DOWN)) for e in exact]
    left = units - sum(floors)
    by_remainder = sorted(range(len(ws)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in by_remainder[:left]:
        floors[i] += 1
    return [Decimal(n) * unit for n in floors]


def money_text(amount: Decimal) -> str:
    """Plain text of a stored amount: two places, or four when the last two are used."""
    if amount == amount.quantize(FEN):
        return f"{amount:.2f}"
    return f"{amount.quantize(STORED):.4f}"


def to_wan(amount: Decimal) -> Decimal:
    """Yuan expressed in 万元 (ten thousand yuan), unrounded."""
    return amount / WAN
