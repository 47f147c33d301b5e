"""Exact sums of stored amounts in SQL, on SQLite as on PostgreSQL.

Amounts are stored with four places; summing them as whole ten-thousandths of a yuan (integers)
keeps the sum exact where SQLite's SUM over decimals would go through floating point.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import BigIntegerField, F, Q, Sum
from django.db.models.functions import Cast, Round

UNITS_PER_YUAN = 10_000
UNIT_PLACES = 4


def units(field: str = "amount") -> Cast:
    """SQL value of ``field`` in ten-thousandths of a yuan, an integer."""
    return Cast(Round(F(field) * UNITS_PER_YUAN), BigIntegerField())


def units_sum(field: str = "amount", *, within: Q | None = None) -> Sum:
    """SQL sum of ``field`` in ten-thousandths of a yuan: an integer (NULL over no rows),
    exact up to 9 × 10^14 yuan. ``within`` filters the rows summed."""
    return Sum(units(field), filter=within)


def yuan(units: int | Decimal) -> Decimal:
    """Ten-thousandths of a yuan back to yuan, with the stored four places."""
    return Decimal(int(units)).scaleb(-UNIT_PLACES)
