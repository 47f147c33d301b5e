"""Synthetic customers: owner, industry, region, size, buying weight and start day.

About half the customers bought before the history starts (the repeat base); the rest arrive
over the years (new customers). Buying weight is heavy-tailed so a few customers make most of
the revenue (A / B / C tiers); each customer prefers two product lines.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from pacer.crm.models import Customer
from pacer.demo.names import BRANDS
from pacer.ops.synth.calendar import Span
from pacer.ops.synth.masters import INDUSTRIES, LINE_NAMES, NEW_LINES
from pacer.ops.synth.org import Org
from pacer.ops.synth.table import NULL_DAY, NULL_ID, Table, ids

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
EXISTING_SHARE = 0.55
RENEWAL_SHARE = 0.08
INDUSTRY_WEIGHT = np.array([0.2, 0.18, 0.15, 0.12, 0.1, 0.09, 0.09, 0.07])
MEAN_ORDER_YUAN = 15_000


@dataclass(frozen=True)
class Customers:
    """Per customer (index = id − 1): owner person id, region/industry index, and buying habits."""

    owner: IntArray
    region: IntArray
    industry: IntArray
    start: IntArray  # ordinal of the first day it may buy
    is_new: npt.NDArray[np.bool_]  # arrived during the history
    scale: FloatArray  # typical order amount, yuan
    weight: FloatArray  # share of the orders, sums to 1
    lines: IntArray  # two preferred product line indexes (0-based), shape (n, 2)
    names: list[str]

    def __len__(self) -> int:
        return len(self.owner)


def build_customers(rng: np.random.Generator, n: int, org: Org, span: Span) -> Customers:
    rep = rng.integers(0, len(org.reps), n)
    existing = rng.random(n) < EXISTING_SHARE
    start = np.where(existing, span.first, rng.integers(span.first, span.today - 30, n))
    industry = rng.choice(len(INDUSTRIES), n, p=INDUSTRY_WEIGHT)
    standard = len(LINE_NAMES) - NEW_LINES
    first = rng.integers(0, standard, n)
    second = (first + rng.integers(1, standard, n)) % standard
    brand = rng.integers(0, len(BRANDS), n)
    names = [
        f"{BRANDS[b]}{INDUSTRIES[i][1]}有限公司{k:06d}"
        for k, (b, i) in enumerate(zip(brand.tolist(), industry.tolist(), strict=True), 1)
    ]
    weight = rng.lognormal(0.0, 1.2, n)
    return Customers(
        owner=org.reps[rep],
        region=org.rep_region[rep],
        industry=industry.astype(np.int64),
        start=start.astype(np.int64),
        is_new=~existing,
        scale=MEAN_ORDER_YUAN * rng.lognormal(-0.3, 0.8, n),
        weight=weight / weight.sum(),
        lines=np.stack((first, second), axis=1).astype(np.int64),
        names=names,
    )


def customer_table(
    rng: np.random.Generator, customers: Customers, first_order: IntArray, span: Span
) -> Table:
    n = len(customers)
    renewal = np.where(
        rng.random(n) < RENEWAL_SHARE,
        rng.integers(span.plan_start, span.plan_start + 365, n),
        NULL_DAY,
    )
    t = Table(Customer)
    t.add("id", "int", ids(n))
    t.add("external_id", "str", [f"SYN-C{i:07d}" for i in range(1, n + 1)])
    t.add("name", "str", customers.names)
    t.add("industry_id", "int", customers.industry + 1)
    t.add("region_id", "int", customers.region + 1)
    t.add("owner_id", "int", customers.owner)
    t.add("partner_id", "int", np.full(n, NULL_ID, dtype=np.int64))
    t.add("tier_override", "str", [""] * n)
    t.add("renewal_due", "date", renewal.astype(np.int64))
    t.add("first_order_date", "date", first_order)
    return t
