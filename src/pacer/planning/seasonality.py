"""Seasonality learned from history: each month's share of the year.

For every full past year, each month's share of that year's total; the shares are averaged
over the years available and shrunk towards the even split when history is short, with the
weight ``years / (years + 1)`` on history (one year → 1/2, two → 2/3, three → 3/4, …).
No usable history gives the even split, and the result says so.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

MONTHS = 12


@dataclass(frozen=True)
class Seasonality:
    """Twelve month shares (as exact fractions summing to 1), in fiscal-month order.

    ``years_used`` lists the history years that fed the shares; ``history_weight`` is the weight
    given to history against the even split (0 when there was none).
    """

    shares: tuple[Fraction, ...]
    years_used: tuple[int, ...]
    history_weight: Fraction

    def __post_init__(self) -> None:
        if len(self.shares) != MONTHS or sum(self.shares) != 1:
            msg = "seasonality needs twelve shares summing to one"
            raise ValueError(msg)

    @property
    def is_even(self) -> bool:
        return not self.years_used

    def share_of(self, month_indexes: Sequence[int]) -> Fraction:
        """The share of several fiscal months (0-based indexes) taken together."""
        return sum((self.shares[i] for i in month_indexes), Fraction(0))


EVEN = Seasonality(
    shares=(Fraction(1, MONTHS),) * MONTHS, years_used=(), history_weight=Fraction(0)
)


def learn_seasonality(history: Mapping[int, Sequence[Decimal]]) -> Seasonality:
    """Learn month shares from ``history``: fiscal year → twelve monthly totals (yuan).

    Years whose total is not positive, or that do not have twelve months, are ignored (a
    partial year would bias the shares towards the months it has).
    """
    usable = {
        year: months
        for year, months in history.items()
        if len(months) == MONTHS and sum(months, Decimal(0)) > 0 and min(months) >= 0
    }
    if not usable:
        return EVEN
    years = sorted(usable)
    averaged = [Fraction(0)] * MONTHS
    for year in years:
        months = usable[year]
        total = Fraction(sum(months, Decimal(0)))
        for i, amount in enumerate(months):
            averaged[i] += Fraction(amount) / total / len(years)
    weight = Fraction(len(years), len(years) + 1)
    shares = tuple(weight * a + (1 - weight) * Fraction(1, MONTHS) for a in averaged)
    return Seasonality(shares=shares, years_used=tuple(years), history_weight=weight)
