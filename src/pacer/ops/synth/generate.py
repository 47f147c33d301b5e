"""Draw the whole synthetic company from a seed.

Nothing here reads the clock or the database: the same sizes, seed and reference day always
give identical tables, in the order they must be written (each after the tables it points to).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from pacer.ops.synth.calendar import Span
from pacer.ops.synth.customers import build_customers, customer_table
from pacer.ops.synth.masters import (
    company_table,
    industry_table,
    product_line_table,
    product_table,
    region_table,
)
from pacer.ops.synth.orders import build_leads, build_orders, build_payments
from pacer.ops.synth.org import MIN_PEOPLE, build_org
from pacer.ops.synth.projects import build_projects
from pacer.ops.synth.table import Table


@dataclass(frozen=True)
class Sizes:
    """How much to generate; ``years`` of full history before the plan year of ``today``."""

    people: int
    customers: int
    projects: int
    orders: int
    seed: int
    today: date
    years: int = 3

    def problems(self) -> list[str]:
        """What is wrong with these sizes (English keys; the command words them)."""
        found = []
        if self.people < MIN_PEOPLE:
            found.append("people")
        if self.customers < 1:
            found.append("customers")
        if self.projects < 1:
            found.append("projects")
        if self.orders < 0:
            found.append("orders")
        if self.years < 1:
            found.append("years")
        return found


def generate_company(sizes: Sizes) -> list[Table]:
    """Every table of the synthetic company, parents before children."""
    rng = np.random.default_rng(sizes.seed)
    span = Span.of(sizes.today, sizes.years)
    org = build_org(rng, sizes.people, span)
    customers = build_customers(rng, sizes.customers, org, span)
    projects = build_projects(rng, sizes.projects, customers, span)
    orders = build_orders(
        rng, sizes.orders, customers=customers, projects=projects, org=org, span=span
    )
    return [
        company_table(),
        org.teams,
        org.people,
        industry_table(),
        region_table(),
        product_line_table(),
        product_table(),
        customer_table(rng, customers, orders.first_order, span),
        projects.table,
        build_leads(rng, projects, span),
        orders.table,
        build_payments(rng, orders.table, span),
    ]
