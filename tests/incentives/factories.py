"""A July 2026 for the incentive tests, on top of the shared ``world``, with hand-checkable numbers.

The scheme is the field's example (500 yuan for the month's actions, +200 per extra proposal,
2 % base commission, +1 % when the month's target is met, +5 % of sales above 120 %) and
applies to account executives (the three reps). The approved plan gives July targets of
rep_a 50万, rep_b 40万, rep_c 20万, and funnel actions due in July:
rep_a lead 3 / needs 2 / proposal 1 / won 1, rep_b lead 3.

July's data (signed in the month unless said otherwise):
- rep_a: an order of 40万 by rep_a and one of 22万 with no person on rep_a's customer (credited
  to the customer's owner) = 62万 (124 %); 3 leads (plus one in June and one in August that
  do not count); projects: P1 created 07-02, proposal 07-10, won 07-25; P2 created 07-05,
  proposal 07-12; P3 created in May, proposal 07-15 → needs 2, proposals 3, won 1;
- rep_b: an order of 30万 (75 %), 1 lead;
- rep_c: an order of 20万 (100 %).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pacer.crm.models import Lead, LeadSource, Order, Payment, ProductLine, Project, Stage
from pacer.incentives.models import IncentiveScheme
from pacer.org.models import Person, Position
from pacer.plans.models import Plan, PlanAction, PlanNode, PlanPeriod, PlanStatus
from tests.world import World

JULY = date(2026, 7, 1)
AUGUST = date(2026, 8, 1)
AS_OF = date(2026, 8, 5)


@dataclass
class July:
    world: World
    scheme: IncentiveScheme
    plan: Plan
    orders: dict[str, Order]


def make_scheme(**values: object) -> IncentiveScheme:
    fields: dict[str, object] = {
        "name": "客户经理激励方案",
        "positions": [Position.ACCOUNT_EXECUTIVE.value],
        "valid_from": date(2026, 1, 1),
    }
    fields.update(values)
    scheme = IncentiveScheme(**fields)
    scheme.full_clean()
    scheme.save()
    return scheme


def make_plan(
    targets: dict[Person, Decimal],
    actions: dict[Person, dict[str, int]],
    *,
    status: str = PlanStatus.APPROVED,
    month: date = JULY,
    name: str = "2026 计划",
) -> Plan:
    """A plan whose org tree holds ``targets`` for ``month`` (other months are not needed)."""
    total = sum(targets.values(), Decimal(0))
    plan = Plan.objects.create(
        name=name, year=month.year, target=total, as_of=date(2026, 1, 5), status=status
    )
    root = PlanNode.objects.create(
        plan=plan,
        tree="org",
        dimension="company",
        key="company",
        label="公司",
        amount=total,
        base=total,
        stretch=total,
        breakthrough=total,
        method="set",
    )
    end = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    for position, (person, amount) in enumerate(targets.items()):
        node = PlanNode.objects.create(
            plan=plan,
            parent=root,
            tree="org",
            dimension="person",
            key=f"person:{person.pk}",
            label=person.name,
            amount=amount,
            base=amount,
            stretch=amount,
            breakthrough=amount,
            method="set",
            person=person,
            position=position,
        )
        PlanPeriod.objects.create(
            node=node,
            start=month,
            end=end,
            amount=amount,
            identified=Decimal(0),
            run_rate=amount,
            season_share=Decimal(1),
            pipeline=Decimal(0),
        )
    for person, stages in actions.items():
        for stage, count in stages.items():
            PlanAction.objects.create(
                plan=plan,
                person=person,
                stage=stage,
                count=count,
                due=date(month.year, month.month, 20),
                feeds_start=month,
                acceptance="验收",
            )
    return plan


def order(world: World, key: str, amount: str, day: date, **values: object) -> Order:
    person = {"a": world.rep_a, "b": world.rep_b, "c": world.rep_c}[key]
    fields: dict[str, object] = {
        "customer": world.customers[key],
        "person": person,
        "product_line": ProductLine.objects.get(code="plc-std"),
        "amount": Decimal(amount),
        "signed_date": day,
    }
    fields.update(values)
    return Order.objects.create(**fields)


def payment(of: Order, amount: str, day: date) -> Payment:
    return Payment.objects.create(order=of, amount=Decimal(amount), date=day)


def build_july(world: World) -> July:
    scheme = make_scheme()
    plan = make_plan(
        {
            world.rep_a: Decimal(500_000),
            world.rep_b: Decimal(400_000),
            world.rep_c: Decimal(200_000),
        },
        {
            world.rep_a: {"lead": 3, "needs": 2, "proposal": 1, "won": 1},
            world.rep_b: {"lead": 3},
        },
    )
    orders = {
        "a1": order(world, "a", "400000.00", date(2026, 7, 8)),
        "a2": order(world, "a", "220000.00", date(2026, 7, 20), person=None),
        "b": order(world, "b", "300000.00", date(2026, 7, 15)),
        "c": order(world, "c", "200000.00", date(2026, 7, 3)),
    }
    a = world.rep_a
    for day in (date(2026, 6, 30), date(2026, 7, 1), date(2026, 7, 9), date(2026, 7, 31)):
        Lead.objects.create(source=LeadSource.EXHIBITION, date=day, person=a)
    Lead.objects.create(source=LeadSource.ONLINE, date=AUGUST, person=a)
    Lead.objects.create(source=LeadSource.ONLINE, date=date(2026, 7, 16), person=world.rep_b)
    project = {"owner": a, "customer": world.customers["a"], "amount": Decimal(100_000)}
    Project.objects.create(
        name="P1",
        created_date=date(2026, 7, 2),
        proposal_sent_date=date(2026, 7, 10),
        stage=Stage.WON,
        closed_date=date(2026, 7, 25),
        **project,
    )
    Project.objects.create(
        name="P2",
        created_date=date(2026, 7, 5),
        proposal_sent_date=date(2026, 7, 12),
        stage=Stage.PROPOSAL,
        **project,
    )
    Project.objects.create(
        name="P3",
        created_date=date(2026, 5, 1),
        proposal_sent_date=date(2026, 7, 15),
        stage=Stage.NEGOTIATION,
        **project,
    )
    return July(world=world, scheme=scheme, plan=plan, orders=orders)
