"""Rolling forecast arithmetic: categories, roll-ups, accuracy, bias and why a number moved.

Categories per project (commit / best case / pipeline / omitted) roll up cumulatively, as sales
teams read them: commit = commit + closed; best case = best case + commit + closed;
pipeline = pipeline + best case + commit + closed. Accuracy of a forecast F for a window
whose actual turned out A: ``max(0, 1 − |A − F| ÷ A)``; bias: ``(F − A) ÷ A`` (positive:
over-forecast). With A = 0, accuracy is 1 when F = 0, else 0, and bias is undefined.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum


class Category(StrEnum):
    COMMIT = "commit"
    BEST_CASE = "best_case"
    PIPELINE = "pipeline"
    OMITTED = "omitted"


# Default category by project stage (the owner may change it; the change is logged).
DEFAULT_CATEGORY = {
    "lead": Category.OMITTED,
    "needs": Category.PIPELINE,
    "proposal": Category.PIPELINE,
    "negotiation": Category.BEST_CASE,
}

RATIO = Decimal("0.0001")


@dataclass(frozen=True)
class Rollup:
    """Cumulative forecast totals in yuan."""

    closed: Decimal
    commit: Decimal
    best_case: Decimal
    pipeline: Decimal


def rollup(closed: Decimal, amounts: Mapping[Category, Decimal]) -> Rollup:
    """Cumulative totals from ``closed`` (won in the window) and the open amounts by category."""
    commit = closed + amounts.get(Category.COMMIT, Decimal(0))
    best = commit + amounts.get(Category.BEST_CASE, Decimal(0))
    pipeline = best + amounts.get(Category.PIPELINE, Decimal(0))
    return Rollup(closed=closed, commit=commit, best_case=best, pipeline=pipeline)


def accuracy(forecast: Decimal, actual: Decimal) -> Decimal:
    """``max(0, 1 − |actual − forecast| ÷ actual)``, in [0, 1] to four places."""
    if actual == 0:
        return Decimal(1) if forecast == 0 else Decimal(0)
    value = 1 - abs(actual - forecast) / abs(actual)
    return max(Decimal(0), value).quantize(RATIO, rounding=ROUND_HALF_UP)


def bias(forecast: Decimal, actual: Decimal) -> Decimal | None:
    """``(forecast − actual) ÷ actual``; None when the actual is zero."""
    if actual == 0:
        return None
    return ((forecast - actual) / abs(actual)).quantize(RATIO, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class AccuracyPoint:
    window_start: date
    forecast: Decimal
    actual: Decimal
    accuracy: Decimal
    bias: Decimal | None


def accuracy_history(points: Iterable[tuple[date, Decimal, Decimal]]) -> list[AccuracyPoint]:
    """Accuracy and bias for each (window start, forecast, actual), oldest first."""
    return [
        AccuracyPoint(start, f, a, accuracy(f, a), bias(f, a))
        for start, f, a in sorted(points, key=lambda p: p[0])
    ]


@dataclass(frozen=True)
class ForecastLine:
    """One project in a forecast snapshot: amount (yuan), expected signing, category, stage."""

    project_id: int
    amount: Decimal
    expected_sign_date: date | None
    category: Category
    stage: str


class Movement(StrEnum):
    NEW = "new"
    SLIPPED = "slipped"
    PULLED_IN = "pulled_in"
    AMOUNT_CHANGED = "amount_changed"
    WON = "won"
    LOST = "lost"
    REMOVED = "removed"


@dataclass(frozen=True)
class Move:
    project_id: int
    movement: Movement
    before: Decimal
    after: Decimal

    @property
    def change(self) -> Decimal:
        return self.after - self.before


def why_moved(
    before: Sequence[ForecastLine],
    after: Sequence[ForecastLine],
    window_end: date,
) -> list[Move]:
    """What moved the forecast for a window ending (exclusive) at ``window_end``.

    A line counts in the window when its expected signing date is before ``window_end`` and it
    is not omitted. Each project gets at most one movement, in this order of precedence: won,
    lost, new, removed, slipped (left the window), pulled in (entered it), amount changed.
    """
    old = {line.project_id: line for line in before}
    new = {line.project_id: line for line in after}
    moves = []
    for pid in sorted(old.keys() | new.keys()):
        a, b = old.get(pid), new.get(pid)
        before_amount = _counted(a, window_end)
        after_amount = _counted(b, window_end)
        movement = _movement(a, b, before_amount, after_amount)
        if movement is not None:
            moves.append(Move(pid, movement, before_amount, after_amount))
    return moves


def _counted(line: ForecastLine | None, window_end: date) -> Decimal:
    if line is None or line.category is Category.OMITTED or line.stage == "lost":
        return Decimal(0)
    if line.expected_sign_date is None or line.expected_sign_date >= window_end:
        return Decimal(0)
    return line.amount


def _movement(
    a: ForecastLine | None, b: ForecastLine | None, before: Decimal, after: Decimal
) -> Movement | None:
    """The one movement of a project between two snapshots (see ``why_moved``), if any."""
    checks = (
        (Movement.WON, b is not None and b.stage == "won" and (a is None or a.stage != "won")),
        (Movement.LOST, b is not None and b.stage == "lost" and (a is None or a.stage != "lost")),
        (Movement.NEW, a is None and bool(after)),
        (Movement.REMOVED, b is None and bool(before)),
        (Movement.SLIPPED, a is not None and b is not None and bool(before) and not after),
        (Movement.PULLED_IN, a is not None and b is not None and bool(after) and not before),
        (Movement.AMOUNT_CHANGED, a is not None and b is not None and before != after),
    )
    return next((movement for movement, hit in checks if hit), None)
