"""Generate the demo company from a seed for a reference day.

The plan year is the reference day's calendar year; history covers the two years before it and
the plan year up to the reference day (no order after it); the open pipeline runs into the
coming months. Nothing here reads the clock or the database: the same ``seed`` and ``today``
always give the identical company.
"""

from __future__ import annotations

import random
from datetime import date

from pacer.demo.activities import build_activities
from pacer.demo.context import Context
from pacer.demo.customers import build_accounts, build_contacts
from pacer.demo.leads import build_leads
from pacer.demo.orders import build_orders, build_payments, order_records
from pacer.demo.org import build_partners, build_people, build_teams
from pacer.demo.profile import (
    DEMO_COMPANY_NAME,
    INDUSTRIES,
    PRODUCT_LINES,
    PRODUCTS,
    REGIONS,
)
from pacer.demo.projects import build_projects
from pacer.demo.records import DemoCompany


def generate_demo(*, seed: int, today: date) -> DemoCompany:
    """The whole demo company for reference day ``today``, drawn from ``seed``."""
    # A seeded generator so that the same seed rebuilds the same company; nothing here is secret.
    ctx = Context(rng=random.Random(seed), today=today)  # noqa: S311
    teams = build_teams()
    people = build_people(ctx)
    partners = build_partners(ctx)
    build_accounts(ctx, partners)
    drafts = build_orders(ctx)
    pipeline = build_projects(ctx, drafts)
    leads = build_leads(ctx, pipeline.converted)
    activities = build_activities(ctx, pipeline.projects, partners)
    contacts = build_contacts(ctx)
    orders = order_records(ctx, drafts)
    payments = build_payments(ctx, orders)
    return DemoCompany(
        name=DEMO_COMPANY_NAME,
        seed=seed,
        today=today,
        industries=INDUSTRIES,
        regions=REGIONS,
        product_lines=PRODUCT_LINES,
        products=PRODUCTS,
        teams=tuple(teams),
        people=tuple(people),
        partners=tuple(partners),
        customers=tuple(a.record() for a in ctx.accounts),
        contacts=tuple(contacts),
        projects=tuple(pipeline.projects),
        milestones=tuple(pipeline.milestones),
        activities=tuple(activities),
        leads=tuple(leads),
        orders=tuple(orders),
        payments=tuple(payments),
    )
