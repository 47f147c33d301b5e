"""Hand-made data for the action list: today Wednesday 2026-06-17, week 06-15 to 06-21.

rep_a has milestones due last week, this week and next week (one done, one on a lost project),
customers of each tier with their last touches, and funnel actions in May, June and July.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pacer.crm.models import Activity, Customer, Lead, Milestone, Order, Project, Stage
from tests.reviews.conftest import make_plan
from tests.world import World

TODAY = date(2026, 6, 17)


@dataclass
class Setup:
    milestones: dict[str, Milestone]
    customers: dict[str, Customer]


def _customer(world: World, name: str, **fields: object) -> Customer:
    return Customer.objects.create(name=name, owner=world.rep_a, **fields)


def build(world: World) -> Setup:
    a, b = world.projects["a"], world.projects["b"]
    lost = Project.objects.create(name="丢单项目", owner=world.rep_a, stage=Stage.LOST)
    ms = {
        "tomorrow_yesterday": Milestone(project=a, name="样机测试", due_date=date(2026, 6, 16)),
        "friday": Milestone(project=a, name="签约", due_date=date(2026, 6, 19)),
        "last_week": Milestone(project=a, name="需求确认", due_date=date(2026, 6, 10)),
        "done": Milestone(
            project=a, name="方案评审", due_date=date(2026, 6, 10), done_date=date(2026, 6, 9)
        ),
        "next_week": Milestone(project=a, name="交付", due_date=date(2026, 6, 22)),
        "lost": Milestone(project=lost, name="丢单项目节点", due_date=date(2026, 6, 18)),
        "assigned": Milestone(
            project=b, name="协助演示", due_date=date(2026, 6, 18), owner=world.rep_a
        ),
        "other_rep": Milestone(project=b, name="别人的节点", due_date=date(2026, 6, 18)),
    }
    for m in ms.values():
        m.save()

    customers = {
        "a_tier": _customer(world, "A客户", tier_override="A"),
        "b_tier": _customer(world, "B客户"),
        "old_big": _customer(world, "旧客户"),
        "c_fresh": world.customers["a"],
    }
    Order.objects.create(
        customer=customers["b_tier"], amount=Decimal(500_000), signed_date=date(2025, 9, 1)
    )
    # Older than twelve months: does not make the customer A or B any more.
    Order.objects.create(
        customer=customers["old_big"], amount=Decimal(2_000_000), signed_date=date(2025, 5, 1)
    )
    for key, kind, day in (
        ("a_tier", "visit", date(2026, 5, 10)),  # visit due 06-09: overdue
        ("a_tier", "review", date(2026, 5, 1)),  # review due 07-31: not this week
        ("b_tier", "call", date(2026, 6, 5)),  # follow-up due 06-19: this week
        ("c_fresh", "online", date(2026, 6, 1)),  # online touch due 07-01: not this week
    ):
        Activity.objects.create(kind=kind, date=day, person=world.rep_a, customer=customers[key])
    Customer.objects.create(name="别人的客户", owner=world.rep_b)

    make_plan(
        [
            (world.rep_a, "lead", 4, date(2026, 5, 19)),
            (world.rep_a, "lead", 3, date(2026, 6, 19)),
            (world.rep_a, "proposal", 2, date(2026, 6, 30)),
            (world.rep_a, "needs", 1, date(2026, 7, 10)),
            (world.rep_b, "lead", 6, date(2026, 6, 19)),
        ]
    )
    for day in (date(2026, 5, 19), date(2026, 5, 25), date(2026, 6, 10), date(2026, 6, 18)):
        Lead.objects.create(source="exhibition", date=day, person=world.rep_a)
    a.proposal_sent_date = date(2026, 6, 12)
    a.save()
    return Setup(ms, customers)
