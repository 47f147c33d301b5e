"""Customer tiers A / B / C by purchase value.

Two methods:
- thresholds on the last-12-months purchase (default: A ≥ 100万, B ≥ 30万, C below);
- Pareto: customers sorted by purchase, A until their cumulative share reaches ``a_share``
  (default 70 %), B until ``b_share`` (default 90 %), C for the rest. The customer that crosses a
  boundary belongs to the tier below it is about to close, so A always holds at least one.
A fixed tier (``overrides``) always wins over the computed one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Tier(StrEnum):
    A = "A"
    B = "B"
    C = "C"


DEFAULT_A_THRESHOLD = Decimal(1_000_000)
DEFAULT_B_THRESHOLD = Decimal(300_000)


@dataclass(frozen=True)
class TierSummary:
    """A tier's size: customer count, purchase total (yuan) and share of the total (0..1)."""

    tier: Tier
    count: int
    amount: Decimal
    share: Decimal


def tiers_by_threshold(
    purchases: Mapping[int, Decimal],
    *,
    a_threshold: Decimal = DEFAULT_A_THRESHOLD,
    b_threshold: Decimal = DEFAULT_B_THRESHOLD,
    overrides: Mapping[int, Tier] | None = None,
) -> dict[int, Tier]:
    """Tier of each customer id by its yearly purchase in yuan; boundaries belong upwards."""
    if b_threshold > a_threshold:
        msg = f"the B threshold {b_threshold} is above the A threshold {a_threshold}"
        raise ValueError(msg)
    tiers = {}
    for customer, amount in purchases.items():
        if amount >= a_threshold:
            tiers[customer] = Tier.A
        elif amount >= b_threshold:
            tiers[customer] = Tier.B
        else:
            tiers[customer] = Tier.C
    return _apply(tiers, overrides)


def tiers_by_pareto(
    purchases: Mapping[int, Decimal],
    *,
    a_share: Decimal = Decimal("0.7"),
    b_share: Decimal = Decimal("0.9"),
    overrides: Mapping[int, Tier] | None = None,
) -> dict[int, Tier]:
    """Tier of each customer id by cumulative share of the total purchase.

    Ties in amount are broken by customer id so the result is stable.
    """
    if not 0 < a_share <= b_share <= 1:
        msg = f"Pareto shares must satisfy 0 < A ({a_share}) <= B ({b_share}) <= 1"
        raise ValueError(msg)
    total = sum(purchases.values(), Decimal(0))
    tiers: dict[int, Tier] = {}
    running = Decimal(0)
    for customer, amount in sorted(purchases.items(), key=lambda kv: (-kv[1], kv[0])):
        before = running / total if total else Decimal(1)
        running += amount
        if total and before < a_share:
            tiers[customer] = Tier.A
        elif total and before < b_share:
            tiers[customer] = Tier.B
        else:
            tiers[customer] = Tier.C
    return _apply(tiers, overrides)


def summarise(tiers: Mapping[int, Tier], purchases: Mapping[int, Decimal]) -> list[TierSummary]:
    """Count, purchase and share per tier, A first; every tier is present even when empty."""
    total = sum(purchases.values(), Decimal(0))
    counts = dict.fromkeys(Tier, 0)
    amounts = dict.fromkeys(Tier, Decimal(0))
    for customer, tier in tiers.items():
        counts[tier] += 1
        amounts[tier] += purchases.get(customer, Decimal(0))
    result = []
    for tier in Tier:
        amount = amounts[tier]
        share = amount / total if total else Decimal(0)
        result.append(TierSummary(tier=tier, count=counts[tier], amount=amount, share=share))
    return result


def _apply(tiers: dict[int, Tier], overrides: Mapping[int, Tier] | None) -> dict[int, Tier]:
    if overrides:
        tiers.update({c: t for c, t in overrides.items() if c in tiers})
    return tiers
