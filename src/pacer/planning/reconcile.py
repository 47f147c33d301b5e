"""Make a parent's months and its children's months add up both ways.

Each node's months are first split on its own projects and seasonality, so siblings' months
need not add up to their parent's month. ``fit_months`` finds the child × month table closest
to the children's own month profiles (iterative proportional fitting) whose rows are the
children's amounts and whose columns are the parent's months, then rounds it to whole fen
keeping both sums exact: every row still sums to its child, every column to its parent month.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_DOWN, Decimal

from pacer.planning.money import FEN

ITERATIONS = 200
# Columns this close to the parent's months (yuan) are as good as exact for whole-fen rounding.
TOLERANCE = Decimal("0.00001")


def fit_months(
    parent_months: Sequence[Decimal],
    child_amounts: Sequence[Decimal],
    child_profiles: Sequence[Sequence[Decimal]],
    unit: Decimal = FEN,
) -> list[list[Decimal]]:
    """Child × month amounts with exact row sums ``child_amounts`` and column sums
    ``parent_months`` (both in whole ``unit``s, non-negative, with equal totals).

    ``child_profiles[c]`` are child c's own months (any non-negative weights): the result stays
    as close to them as the two sums allow.
    """
    months = len(parent_months)
    if len(child_amounts) != len(child_profiles) or any(len(p) != months for p in child_profiles):
        msg = "each child needs one profile value per parent month"
        raise ValueError(msg)
    if sum(parent_months, Decimal(0)) != sum(child_amounts, Decimal(0)):
        msg = "the children must add up to the parent before their months can"
        raise ValueError(msg)
    if any(v < 0 for v in (*parent_months, *child_amounts)):
        msg = "amounts cannot be negative"
        raise ValueError(msg)
    if not child_amounts:
        return []
    table = _proportional_fit(parent_months, child_amounts, child_profiles)
    return _round_keeping_sums(table, parent_months, child_amounts, unit)


def _proportional_fit(
    columns: Sequence[Decimal], rows: Sequence[Decimal], seed: Sequence[Sequence[Decimal]]
) -> list[list[Decimal]]:
    months = len(columns)
    # A small even share keeps every cell reachable, so a month a child's own profile left
    # empty can still take what the parent's month needs.
    table = []
    for amount, profile in zip(rows, seed, strict=True):
        total = sum(profile, Decimal(0))
        shape = [p / total if total > 0 else Decimal(1) / months for p in profile]
        table.append([amount * (s + Decimal("1e-9") / months) for s in shape])
    col_sums = _column_sums(table, months)
    for _ in range(ITERATIONS):
        for m, target in enumerate(columns):
            col_sum = col_sums[m]
            for row in table:
                row[m] = row[m] * target / col_sum if col_sum else Decimal(0)
        # Rows last: every row then sums to its child exactly (to 28 digits).
        for i, amount in enumerate(rows):
            row_sum = sum(table[i], Decimal(0))
            table[i] = [c * amount / row_sum if row_sum else Decimal(0) for c in table[i]]
        # The next round's column sums double as the test of this one.
        col_sums = _column_sums(table, months)
        if all(abs(s - t) <= TOLERANCE for s, t in zip(col_sums, columns, strict=True)):
            break
    return table


def _column_sums(table: list[list[Decimal]], months: int) -> list[Decimal]:
    return [sum((row[m] for row in table), Decimal(0)) for m in range(months)]


def _round_keeping_sums(
    table: list[list[Decimal]],
    columns: Sequence[Decimal],
    rows: Sequence[Decimal],
    unit: Decimal,
) -> list[list[Decimal]]:
    """Whole units with exact margins: floors first, then the missing units cell by cell,
    largest remainder first, wherever both the row and the column still lack one."""
    units = [[int((c / unit).to_integral_value(rounding=ROUND_DOWN)) for c in row] for row in table]
    row_need = [int(r / unit) - sum(u) for r, u in zip(rows, units, strict=True)]
    col_need = [int(c / unit) - sum(u[m] for u in units) for m, c in enumerate(columns)]
    if min(row_need + col_need) < 0:
        # The fit did not converge to within a unit: fall back to the plain north-west fill,
        # which always meets both sums (it ignores the profiles).
        units = [[0] * len(columns) for _ in rows]
        row_need = [int(r / unit) for r in rows]
        col_need = [int(c / unit) for c in columns]
    remainders = sorted(
        (
            (table[i][m] / unit - units[i][m], i, m)
            for i in range(len(rows))
            for m in range(len(columns))
        ),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    for _remainder, i, m in remainders:
        if row_need[i] > 0 and col_need[m] > 0:
            units[i][m] += 1
            row_need[i] -= 1
            col_need[m] -= 1
    # Whatever is left goes north-west corner first.
    for i in range(len(rows)):
        for m in range(len(columns)):
            move = min(row_need[i], col_need[m])
            if move > 0:
                units[i][m] += move
                row_need[i] -= move
                col_need[m] -= move
    return [[Decimal(u) * unit for u in row] for row in units]
