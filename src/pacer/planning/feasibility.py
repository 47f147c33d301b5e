"""Target setting from three views, and a verdict on the target.

- top-down: last year × (1 + the growth the company wants);
- bottom-up: the sum of what the history and the plan support (repeat potential, renewals due,
  the new-product plan, new-customer business at its historical rate, …), each a named part;
- market: market size × (1 + market growth) × the share aimed for (when entered).

The verdict says whether the target is a stretch that can be reached (跳一跳够得着), too low,
or not backed by anything (空中楼阁), with the reasons as drivers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from itertools import pairwise

from pacer.planning.explain import Driver
from pacer.planning.money import FEN


class Verdict(StrEnum):
    STRETCH = "stretch"
    TOO_LOW = "too_low"
    NOT_BACKED = "not_backed"


@dataclass(frozen=True)
class Market:
    """Market assumptions: size (yuan, last year), growth and the share aimed for (fractions)."""

    size: Decimal
    growth: Decimal
    share: Decimal


@dataclass(frozen=True)
class VerdictRules:
    """Thresholds of the verdict (fractions).

    - ``min_backing``: bottom-up must cover at least this share of the target;
    - ``max_growth_above_history``: growth wanted may exceed the best historical growth by
      at most this many points;
    - ``too_low_margin``: a target below bottom-up × (1 − margin) leaves money on the table;
    - ``max_market_excess``: the target may exceed the market view by at most this share.
    """

    min_backing: Decimal = Decimal("0.7")
    max_growth_above_history: Decimal = Decimal("0.3")
    too_low_margin: Decimal = Decimal("0.05")
    max_market_excess: Decimal = Decimal("0.1")


@dataclass(frozen=True)
class TargetViews:
    target: Decimal
    top_down: Decimal
    bottom_up: Decimal
    bottom_up_parts: tuple[tuple[str, Decimal], ...]
    market: Decimal | None
    growth_needed: Decimal | None
    best_history_growth: Decimal | None
    backing: Decimal | None
    verdict: Verdict
    reasons: tuple[Driver, ...]


def assess_target(
    *,
    target: Decimal,
    history: Sequence[Decimal],
    wanted_growth: Decimal,
    bottom_up_parts: Sequence[tuple[str, Decimal]],
    market: Market | None = None,
    rules: VerdictRules | None = None,
) -> TargetViews:
    """The three views of ``target`` (yuan) and the verdict.

    ``history`` holds yearly totals, oldest first; its last item is last year.
    """
    r = rules or VerdictRules()
    last_year = history[-1] if history else Decimal(0)
    top_down = (last_year * (1 + wanted_growth)).quantize(FEN)
    bottom_up = sum((amount for _, amount in bottom_up_parts), Decimal(0))
    market_view = market.size * (1 + market.growth) * market.share if market else None
    growth_needed = target / last_year - 1 if last_year > 0 else None
    growths = [after / before - 1 for before, after in pairwise(history) if before > 0]
    best_growth = max(growths) if growths else None
    backing = bottom_up / target if target > 0 else None

    reasons: list[Driver] = []
    verdict = Verdict.STRETCH
    if growth_needed is not None:
        reasons.append(Driver("growth_needed", {"growth": growth_needed, "last_year": last_year}))
    if best_growth is not None:
        reasons.append(Driver("best_history_growth", {"growth": best_growth}))
    if backing is not None:
        reasons.append(Driver("backing", {"bottom_up": bottom_up, "backing": backing}))
    if market_view is not None:
        reasons.append(Driver("market_view", {"market": market_view}))

    not_backed = [
        backing is not None and backing < r.min_backing,
        growth_needed is not None
        and best_growth is not None
        and growth_needed > best_growth + r.max_growth_above_history,
        market_view is not None and target > market_view * (1 + r.max_market_excess),
    ]
    too_low = target < bottom_up * (1 - r.too_low_margin) or (last_year > 0 and target <= last_year)
    if any(not_backed):
        verdict = Verdict.NOT_BACKED
        codes = ("backing_short", "growth_beyond_history", "beyond_market")
        reasons.extend(Driver(code) for code, hit in zip(codes, not_backed, strict=True) if hit)
    elif too_low:
        verdict = Verdict.TOO_LOW
        reasons.append(Driver("below_potential", {"bottom_up": bottom_up}))
    else:
        reasons.append(Driver("reachable_stretch"))
    return TargetViews(
        target=target,
        top_down=top_down,
        bottom_up=bottom_up,
        bottom_up_parts=tuple(bottom_up_parts),
        market=market_view,
        growth_needed=growth_needed,
        best_history_growth=best_growth,
        backing=backing,
        verdict=verdict,
        reasons=tuple(reasons),
    )
