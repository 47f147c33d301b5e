"""Projects (项目储备库): won ones behind the bigger orders, lost ones, and the open pipeline.

Won projects back every first order of a new customer, every high-end PLC deal and every
order of 20万 or more; they are linked to their order. Lost projects close with a reason.
The open pipeline runs from the reference day into the coming months: the later the stage,
the sooner the expected signing; some projects have gone quiet (no contact for more than 7
or 14 days), wait for feedback on a proposal, face a competitor or were postponed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from pacer.crm.models import STAGE_PROBABILITY, BusinessType, Stage
from pacer.demo import texts
from pacer.demo.context import PROSPECT, Account, Context, OrderDraft
from pacer.demo.customers import new_account
from pacer.demo.leads import ConvertedLead, source_lead
from pacer.demo.milestones import milestones_for
from pacer.demo.org import person_key
from pacer.demo.profile import NEW_PLC, NEW_PRODUCT_LAUNCH, PRODUCTS
from pacer.demo.records import MilestoneRecord, ProjectRecord
from pacer.planning.money import to_money

PROJECT_ORDER = Decimal(200_000)  # an order this big always went through a project
LOST_PER_WON = 0.8
OPEN_MIX: dict[str, int] = {
    BusinessType.REPEAT: 50,
    BusinessType.NEW_CUSTOMER: 42,
    BusinessType.NEW_PRODUCT: 23,
}
STAGE_MIX: dict[str, int] = {
    Stage.LEAD: 28,
    Stage.NEEDS: 27,
    Stage.PROPOSAL: 25,
    Stage.NEGOTIATION: 20,
}
# Days from the reference day to the expected signing, and back to the project's creation.
HORIZON: dict[str, tuple[int, int]] = {
    Stage.LEAD: (60, 270),
    Stage.NEEDS: (45, 180),
    Stage.PROPOSAL: (20, 120),
    Stage.NEGOTIATION: (7, 60),
}
AGE: dict[str, tuple[int, int]] = {
    Stage.LEAD: (3, 45),
    Stage.NEEDS: (20, 90),
    Stage.PROPOSAL: (35, 130),
    Stage.NEGOTIATION: (50, 170),
}
CYCLE: dict[str, tuple[int, int]] = {
    BusinessType.REPEAT: (25, 90),
    BusinessType.NEW_CUSTOMER: (45, 150),
    BusinessType.NEW_PRODUCT: (50, 110),
}


@dataclass
class Pipeline:
    projects: list[ProjectRecord] = field(default_factory=list)
    milestones: list[MilestoneRecord] = field(default_factory=list)
    converted: list[ConvertedLead] = field(default_factory=list)

    def add(self, ctx: Context, project: ProjectRecord, reached: str) -> None:
        self.projects.append(project)
        self.milestones += milestones_for(ctx, project, reached)


def build_projects(ctx: Context, orders: list[OrderDraft]) -> Pipeline:
    pipeline = Pipeline()
    won = 0
    sourced: set[str] = set()  # customers whose first order already has its project
    for order in orders:
        first = order.signed == ctx.account(order.customer).first_order
        first = first and order.customer not in sourced
        if first:
            sourced.add(order.customer)
        if (
            first
            or order.business_type == BusinessType.NEW_PRODUCT
            or order.amount >= PROJECT_ORDER
        ):
            _won(ctx, pipeline, order, from_lead=first)
            won += 1
    for _ in range(round(won * LOST_PER_WON)):
        _lost(ctx, pipeline)
    _open(ctx, pipeline)
    return pipeline


def _won(ctx: Context, pipeline: Pipeline, order: OrderDraft, *, from_lead: bool) -> None:
    rng = ctx.rng
    account = ctx.account(order.customer)
    key = ctx.next_key("PJ")
    created = order.signed - timedelta(days=rng.randint(*CYCLE[order.business_type]))
    proposal = _part_way(created, order.signed, rng.uniform(0.35, 0.6))
    source = ""
    if from_lead:
        source = _sourcing(ctx, pipeline, key, account, person=order.person, created=created)
    project = ProjectRecord(
        key=key,
        name=texts.project_name(rng, account, order.business_type),
        customer=account.key,
        owner=order.person,
        product_line=order.product_line,
        product=_product(ctx, order.product_line),
        business_type=order.business_type,
        amount=order.amount,
        stage=Stage.WON,
        probability=STAGE_PROBABILITY[Stage.WON],
        created_date=created,
        expected_sign_date=order.signed,
        closed_date=order.signed,
        lead_source=source,
        competitor_present=rng.random() < 0.3,
        last_contact_date=order.signed,
        proposal_sent_date=proposal,
        feedback_date=min(order.signed, proposal + timedelta(days=rng.randint(2, 10))),
        lost_reason="",
        postponed_reason=rng.choice(texts.POSTPONED) if rng.random() < 0.12 else "",
    )
    order.project = project.key
    pipeline.add(ctx, project, Stage.WON)


def _lost(ctx: Context, pipeline: Pipeline) -> None:
    rng = ctx.rng
    start = date(ctx.plan_year - 2, 2, 1)
    closed = start + timedelta(days=rng.randint(0, max(0, (ctx.today - start).days - 3)))
    launch = date(ctx.plan_year, *NEW_PRODUCT_LAUNCH)
    kind = rng.choices(list(OPEN_MIX), [45, 45, 10])[0]
    if kind == BusinessType.NEW_PRODUCT and closed < launch + timedelta(days=20):
        kind = BusinessType.REPEAT
    account, owner = _account_for(ctx, kind, closed)
    created = closed - timedelta(days=rng.randint(30, 150))
    owner = ctx.seller_on(owner, created)
    reached = rng.choices([Stage.NEEDS, Stage.PROPOSAL, Stage.NEGOTIATION], [40, 35, 25])[0]
    line = NEW_PLC if kind == BusinessType.NEW_PRODUCT else account.line
    proposal = None
    if reached != Stage.NEEDS:
        proposal = _part_way(created, closed, rng.uniform(0.3, 0.6))
    key = ctx.next_key("PJ")
    project = ProjectRecord(
        key=key,
        name=texts.project_name(rng, account, kind),
        customer=account.key,
        owner=owner,
        product_line=line,
        product=_product(ctx, line),
        business_type=kind,
        amount=_amount(ctx, kind, account),
        stage=Stage.LOST,
        probability=STAGE_PROBABILITY[Stage.LOST],
        created_date=created,
        expected_sign_date=closed + timedelta(days=rng.randint(0, 45)),
        closed_date=closed,
        lead_source=_prospect_sourcing(ctx, pipeline, key, account, person=owner, created=created),
        competitor_present=rng.random() < 0.6,
        last_contact_date=closed,
        proposal_sent_date=proposal,
        feedback_date=proposal + timedelta(days=rng.randint(2, 12)) if proposal else None,
        lost_reason=rng.choice(texts.LOST),
        postponed_reason="",
    )
    pipeline.add(ctx, project, reached)


def _open(ctx: Context, pipeline: Pipeline) -> None:
    rng = ctx.rng
    renewals = sorted(
        (a for a in ctx.accounts if a.renewal_due and a.renewal_due > ctx.today),
        key=lambda a: (a.renewal_due, a.key),
    )
    for kind, count in OPEN_MIX.items():
        for _ in range(count):
            stage = rng.choices(list(STAGE_MIX), list(STAGE_MIX.values()))[0]
            renewal = renewals.pop(0) if kind == BusinessType.REPEAT and renewals else None
            _open_project(ctx, pipeline, kind, stage, renewal)


def _open_project(
    ctx: Context, pipeline: Pipeline, kind: str, stage: str, renewal: Account | None
) -> None:
    rng = ctx.rng
    today = ctx.today
    created = today - timedelta(days=rng.randint(*AGE[stage]))
    busy = {p.customer for p in pipeline.projects if p.closed_date is None}
    if renewal:
        account, owner = renewal, renewal.owner
    else:
        account, owner = _account_for(ctx, kind, created, busy)
    created = max(created, ctx.people[owner].hire_date)
    expected = today + timedelta(days=rng.randint(*HORIZON[stage]))
    if renewal and renewal.renewal_due:
        expected = renewal.renewal_due - timedelta(days=rng.randint(0, 30))
        expected = max(today + timedelta(days=HORIZON[stage][0]), expected)
    postponed = ""
    if rng.random() < 0.1:
        postponed = rng.choice(texts.POSTPONED)
        expected += timedelta(days=rng.randint(45, 100))
    probability = STAGE_PROBABILITY[Stage(stage)]
    if rng.random() < 0.2:
        probability = min(95, max(5, probability + rng.choice((-15, -10, -5, 5, 10, 15))))
    proposal, feedback = _proposal_dates(ctx, stage, created)
    line = NEW_PLC if kind == BusinessType.NEW_PRODUCT else account.line
    key = ctx.next_key("PJ")
    project = ProjectRecord(
        key=key,
        name=texts.project_name(rng, account, kind, renewal=renewal is not None),
        customer=account.key,
        owner=owner,
        product_line=line,
        product=_product(ctx, line),
        business_type=kind,
        amount=_amount(ctx, kind, account),
        stage=stage,
        probability=probability,
        created_date=created,
        expected_sign_date=expected,
        closed_date=None,
        lead_source=_prospect_sourcing(ctx, pipeline, key, account, person=owner, created=created),
        competitor_present=rng.random() < (0.45 if kind == BusinessType.NEW_PRODUCT else 0.3),
        last_contact_date=_last_contact(ctx, created, proposal),
        proposal_sent_date=proposal,
        feedback_date=feedback,
        lost_reason="",
        postponed_reason=postponed,
    )
    pipeline.add(ctx, project, stage)


def _account_for(
    ctx: Context, kind: str, day: date, busy: set[str] | frozenset[str] = frozenset()
) -> tuple[Account, str]:
    """The customer of a new project and its owner: a prospect, or an existing customer.

    Customers in ``busy`` already have an open project and are not picked again.
    """
    rng = ctx.rng
    if kind == BusinessType.NEW_CUSTOMER or (
        kind == BusinessType.NEW_PRODUCT and rng.random() < 0.4
    ):
        industry = "lithium" if kind == BusinessType.NEW_PRODUCT else None
        account = new_account(ctx, tier=PROSPECT, industry=industry, hunting=True)
        return account, account.owner
    existing = [
        a
        for a in ctx.accounts
        if a.first_order is not None
        and a.first_order < day
        and a.key not in busy
        and (kind != BusinessType.NEW_PRODUCT or a.industry == "lithium")
    ]
    weights = [{"A": 5.0, "B": 3.0}.get(a.tier, 1.0) for a in existing]
    account = rng.choices(existing, weights)[0]
    owner = account.owner
    if kind == BusinessType.NEW_PRODUCT and rng.random() < 0.6:
        # The lithium industry manager leads the high-end PLC's first customers.
        owner = person_key("director" if rng.random() < 0.15 else "lithium")
    return account, owner


def _prospect_sourcing(
    ctx: Context, pipeline: Pipeline, key: str, account: Account, *, person: str, created: date
) -> str:
    """The lead source of a project with a company that never ordered ('' for customers)."""
    if account.first_order is not None:
        return ""
    return _sourcing(ctx, pipeline, key, account, person=person, created=created)


def _sourcing(
    ctx: Context, pipeline: Pipeline, key: str, account: Account, *, person: str, created: date
) -> str:
    """The source of the lead a new company's first project came from; records the lead."""
    source, day = source_lead(ctx, created)
    pipeline.converted.append(
        ConvertedLead(
            source=source,
            date=day,
            qualified=created,
            project=key,
            customer=account.key,
            company_name=account.name,
            person=person,
        )
    )
    return source


def _part_way(start: date, end: date, fraction: float) -> date:
    return start + timedelta(days=round((end - start).days * fraction))


def _proposal_dates(ctx: Context, stage: str, created: date) -> tuple[date | None, date | None]:
    """When the proposal went out and when the customer answered, for the later stages."""
    rng = ctx.rng
    today = ctx.today
    if stage == Stage.NEGOTIATION:
        proposal = max(created, today - timedelta(days=rng.randint(20, 60)))
        return proposal, min(today, proposal + timedelta(days=rng.randint(2, 8)))
    if stage == Stage.PROPOSAL:
        proposal = max(created, today - timedelta(days=rng.randint(2, 25)))
        if rng.random() < 0.55:
            return proposal, min(today, proposal + timedelta(days=rng.randint(1, 5)))
        return proposal, None
    return None, None


def _last_contact(ctx: Context, created: date, proposal: date | None) -> date:
    """Mostly within the week; some gone quiet for more than 7 or even 14 days."""
    rng = ctx.rng
    roll = rng.random()
    low, high = (0, 7) if roll < 0.62 else (8, 14) if roll < 0.84 else (15, 40)
    day = ctx.today - timedelta(days=rng.randint(low, high))
    return max(day, created, proposal or created)


def _amount(ctx: Context, kind: str, account: Account) -> Decimal:
    """A project amount in yuan, whole thousands, drawn log-uniformly from a range by kind."""
    ranges: dict[str, tuple[int, int]] = {BusinessType.NEW_PRODUCT: (400_000, 2_600_000)}
    low, high = ranges.get(kind, (50_000, 600_000))
    if kind == BusinessType.REPEAT:
        low, high = {"A": (200_000, 1_500_000), "B": (80_000, 600_000)}.get(
            account.tier, (30_000, 200_000)
        )
    yuan = math.exp(ctx.rng.uniform(math.log(low), math.log(high)))
    return to_money(Decimal(round(yuan / 1000) * 1000))


def _product(ctx: Context, line: str) -> str:
    return ctx.rng.choice([p.code for p in PRODUCTS if p.product_line == line])
