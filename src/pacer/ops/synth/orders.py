"""Synthetic orders (签单), payments (回款) and leads (线索).

Every won project is one order on its closing day; the rest are run-rate orders of the
customers, drawn by buying weight on seasonal days after each customer's arrival. A customer's
first order counts as new-customer business when it arrived during the history. Orders are
numbered in signing order. Most orders are paid 2–4 months after signing, one in ten in two
instalments; recent ones are still open.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from pacer.crm.models import BusinessType, Lead, Order, Payment
from pacer.ops.synth.calendar import Span, seasonal_days
from pacer.ops.synth.customers import Customers
from pacer.ops.synth.org import Org
from pacer.ops.synth.projects import SOURCES, Projects, business_types, pick_customers, pick_lines
from pacer.ops.synth.table import NULL_DAY, NULL_ID, Table, ids

IntArray = npt.NDArray[np.int64]
OTHER_SIGNER = 0.1
PAID_SHARE = 0.92
SPLIT_SHARE = 0.1


@dataclass(frozen=True)
class Orders:
    table: Table
    first_order: IntArray  # per customer, ordinal of its first order (0: none)


def build_orders(
    rng: np.random.Generator,
    n: int,
    *,
    customers: Customers,
    projects: Projects,
    org: Org,
    span: Span,
) -> Orders:
    won = np.flatnonzero(projects.won)
    n_run = max(0, n - len(won))
    who = pick_customers(rng, customers, n_run)
    day = seasonal_days(rng, span, customers.start[who])
    line = pick_lines(rng, customers, who, day, span)
    kind = np.asarray(business_types(customers, who, line, day, 0), dtype=object)
    amount = np.maximum(500, (customers.scale[who] * rng.lognormal(0, 0.6, n_run)).round())
    signer = _signers(rng, customers.owner[who], org)

    customer = np.concatenate((projects.customer[won], who))
    day = np.concatenate((projects.closed[won], day))
    order = np.lexsort((customer, day))
    customer, day = customer[order], day[order]
    first = np.full(len(customers), np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first, customer, day)
    kind = np.concatenate((np.asarray(projects.business_type, dtype=object)[won], kind))[order]
    # The first order of a customer that arrived during the history is new-customer business.
    is_first = customers.is_new[customer] & (day == first[customer])
    kind[is_first] = BusinessType.NEW_CUSTOMER.value
    table = Table(Order)
    table.add("id", "int", ids(len(order)))
    table.add("customer_id", "int", customer + 1)
    table.add("project_id", "int", np.concatenate((won + 1, np.full(n_run, NULL_ID)))[order])
    table.add("person_id", "int", np.concatenate((projects.owner[won], signer))[order])
    table.add("product_line_id", "int", np.concatenate((projects.line[won], line))[order] + 1)
    table.add("business_type", "str", kind.tolist())
    table.add(
        "amount", "money", np.concatenate((projects.amount[won], amount)).astype(np.int64)[order]
    )
    table.add("signed_date", "date", day)
    first[first == np.iinfo(np.int64).max] = NULL_DAY
    return Orders(table, first)


def _signers(rng: np.random.Generator, owner: IntArray, org: Org) -> IntArray:
    """Usually the customer's owner; sometimes a colleague from the same sub-team."""
    signer = owner.copy()
    other = np.flatnonzero(rng.random(len(owner)) < OTHER_SIGNER)
    by_team = np.argsort(org.rep_team, kind="stable")
    team_sizes = np.bincount(org.rep_team)
    team_start = np.concatenate(([0], np.cumsum(team_sizes)[:-1]))
    rep_index = np.searchsorted(org.reps, owner[other])
    team = org.rep_team[rep_index]
    pick = team_start[team] + rng.integers(0, 1 << 30, len(other)) % team_sizes[team]
    signer[other] = org.reps[by_team[pick]]
    return signer


def build_payments(rng: np.random.Generator, orders: Table, span: Span) -> Table:
    signed = orders.column("signed_date").values
    amount = orders.column("amount").values
    delay = 20 + rng.gamma(3.0, 25.0, len(signed)).astype(np.int64)
    paid = (rng.random(len(signed)) < PAID_SHARE) & (signed + delay < span.today)
    split = paid & (rng.random(len(signed)) < SPLIT_SHARE)
    second = split & (signed + 2 * delay < span.today)
    first_amount = np.where(second, amount * 3 // 10, amount)
    rows = np.concatenate((np.flatnonzero(paid), np.flatnonzero(second)))
    days = np.concatenate(((signed + delay)[paid], (signed + 2 * delay)[second]))
    amounts = np.concatenate((first_amount[paid], (amount - first_amount)[second]))
    order = np.lexsort((rows, days))
    table = Table(Payment)
    table.add("id", "int", ids(len(rows)))
    table.add("order_id", "int", rows[order] + 1)
    table.add("amount", "money", amounts[order])
    table.add("date", "date", days[order])
    return table


def build_leads(rng: np.random.Generator, projects: Projects, span: Span) -> Table:
    """A lead behind every new-customer project, and as many that never became one."""
    converted = np.flatnonzero(
        np.asarray(projects.business_type, dtype=object) == BusinessType.NEW_CUSTOMER.value
    )
    n = 2 * len(converted)
    day = np.concatenate(
        (
            np.maximum(
                span.first, projects.created[converted] - rng.integers(3, 45, len(converted))
            ),
            rng.integers(span.first, span.today, len(converted)),
        )
    )
    project = np.concatenate((converted + 1, np.full(len(converted), NULL_ID)))
    person = np.concatenate((projects.owner[converted], projects.owner[rng.permutation(converted)]))
    customer = np.concatenate((projects.customer[converted] + 1, np.full(len(converted), NULL_ID)))
    qualified = np.where(project != NULL_ID, np.minimum(day + 7, span.today - 1), NULL_DAY)
    table = Table(Lead)
    table.add("id", "int", ids(n))
    table.add("source", "str", np.asarray(SOURCES)[rng.integers(0, len(SOURCES), n)].tolist())
    table.add("date", "date", day)
    table.add("person_id", "int", person)
    table.add("company_name", "str", [""] * n)
    table.add("customer_id", "int", customer)
    table.add("qualified_date", "date", qualified)
    table.add("project_id", "int", project)
    return table
