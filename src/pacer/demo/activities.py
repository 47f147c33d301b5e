"""Activities (拜访、电话、方案、演示、展会…) over the last months, per person.

Owners keep the tier cadence with most of their customers, imperfectly (A: a visit a month and
a review a quarter; B: a touch every two weeks; C: an online touch a month, for about half of
them); open projects show the contacts that led to their last contact day and proposal; the
team works the trade fairs; channel specialists train their partners monthly.
"""

from __future__ import annotations

from datetime import date, timedelta

from pacer.crm.models import ActivityKind, Stage
from pacer.demo import texts
from pacer.demo.context import Context
from pacer.demo.leads import fair_days
from pacer.demo.org import person_key
from pacer.demo.profile import EXHIBITIONS
from pacer.demo.records import ActivityRecord, PartnerRecord, ProjectRecord
from pacer.org.models import Position

WINDOW_DAYS = 180  # how far back activities are recorded
KEPT = 0.8  # share of the cadence's touches that actually happen
# Tier → (days between touches, the kinds of touch, in turn).
CADENCE = {
    "A": (30, (ActivityKind.VISIT,)),
    "B": (14, (ActivityKind.CALL, ActivityKind.VISIT, ActivityKind.CALL)),
    "C": (30, (ActivityKind.ONLINE,)),
}
STAGE_TOUCH = {
    Stage.LEAD: ActivityKind.CALL,
    Stage.NEEDS: ActivityKind.VISIT,
    Stage.PROPOSAL: ActivityKind.CALL,
    Stage.NEGOTIATION: ActivityKind.VISIT,
}

Row = tuple[date, str, str, str | None, str | None]  # day, person, kind, customer, project


def build_activities(
    ctx: Context, projects: list[ProjectRecord], partners: list[PartnerRecord]
) -> list[ActivityRecord]:
    start = ctx.today - timedelta(days=WINDOW_DAYS)
    rows = _cadence(ctx, start) + _project_touches(ctx, projects) + _joint_visits(ctx, start)
    rows += _fairs(ctx, start) + _partner_training(ctx, start, partners)
    rows = [r for r in rows if start <= r[0] <= ctx.today and ctx.people[r[1]].hire_date <= r[0]]
    rows.sort(key=lambda r: (r[0], r[1], r[2], r[3] or "", r[4] or ""))
    return [
        ActivityRecord(
            key=ctx.next_key("A", width=5),
            kind=kind,
            date=day,
            person=person,
            customer=customer,
            project=project,
            outcome=texts.outcome(ctx.rng, kind),
        )
        for day, person, kind, customer, project in rows
    ]


def _cadence(ctx: Context, start: date) -> list[Row]:
    rng = ctx.rng
    rows: list[Row] = []
    for account in ctx.accounts:
        if account.first_order is None or account.tier not in CADENCE:
            continue
        if account.tier == "C" and rng.random() < 0.5:
            continue  # half the small customers hear from nobody
        every, kinds = CADENCE[account.tier]
        day = start + timedelta(days=rng.randint(0, every - 1))
        turn = 0
        while day <= ctx.today:
            if rng.random() < KEPT:
                rows.append((day, account.owner, kinds[turn % len(kinds)], account.key, None))
            if account.tier == "A" and turn % 3 == 2 and rng.random() < KEPT:
                review = day + timedelta(days=rng.randint(1, 5))
                rows.append((review, account.owner, ActivityKind.REVIEW, account.key, None))
            turn += 1
            day += timedelta(days=every + rng.randint(-3, 3))
    return rows


def _joint_visits(ctx: Context, start: date) -> list[Row]:
    """Leaders visit customers alongside their people: the director the A accounts, an
    industry manager their industry's bigger accounts, a region manager their team's."""
    rng = ctx.rng
    rows: list[Row] = []
    reports: dict[str, set[str]] = {}
    for person in ctx.people.values():
        if person.manager:
            reports.setdefault(person.manager, set()).add(person.key)
    for leader in ctx.people.values():
        if leader.position == Position.DIRECTOR:
            accounts = [a for a in ctx.accounts if a.tier == "A"]
        elif leader.position == Position.INDUSTRY_MANAGER:
            industry = leader.key.rsplit("-", 1)[-1]
            accounts = [a for a in ctx.accounts if a.industry == industry and a.tier in "AB"]
        elif leader.position == Position.REGION_MANAGER:
            team = reports.get(leader.key, set()) | {leader.key}
            accounts = [a for a in ctx.accounts if a.owner in team and a.first_order]
        else:
            continue
        day = start + timedelta(days=rng.randint(0, 9))
        while accounts and day <= ctx.today:
            account = rng.choice(accounts)
            rows.append((day, leader.key, ActivityKind.VISIT, account.key, None))
            day += timedelta(days=rng.randint(7, 14))
    return rows


def _project_touches(ctx: Context, projects: list[ProjectRecord]) -> list[Row]:
    rng = ctx.rng
    rows: list[Row] = []
    for project in projects:
        if project.closed_date is not None or project.last_contact_date is None:
            continue
        touch = STAGE_TOUCH[Stage(project.stage)]
        rows.append(
            (project.last_contact_date, project.owner, touch, project.customer, project.key)
        )
        if project.proposal_sent_date:
            rows.append(
                (
                    project.proposal_sent_date,
                    project.owner,
                    ActivityKind.PROPOSAL,
                    project.customer,
                    project.key,
                )
            )
        span = (project.last_contact_date - project.created_date).days
        for _ in range(rng.randint(1, 3) if span > 2 else 0):
            day = project.created_date + timedelta(days=rng.randint(0, span - 1))
            kind = rng.choice((ActivityKind.CALL, ActivityKind.VISIT, ActivityKind.ONLINE))
            if project.product_line == "plc-li" and rng.random() < 0.4:
                kind = ActivityKind.DEMO
            rows.append((day, project.owner, kind, project.customer, project.key))
    return rows


def _fairs(ctx: Context, start: date) -> list[Row]:
    """Each fair is worked by its industry manager and three account executives."""
    rng = ctx.rng
    reps = sorted(p.key for p in ctx.people.values() if p.position == Position.ACCOUNT_EXECUTIVE)
    rows: list[Row] = []
    for day in fair_days(start.year, ctx.today.year):
        fair = next(f for f in EXHIBITIONS if (f.month, f.day) == (day.month, day.day))
        team = [person_key(fair.industry), *rng.sample(reps, 3)]
        rows += [(day, person, ActivityKind.EXHIBITION, None, None) for person in team]
    return rows


def _partner_training(ctx: Context, start: date, partners: list[PartnerRecord]) -> list[Row]:
    rng = ctx.rng
    rows: list[Row] = []
    for partner in partners:
        day = start + timedelta(days=rng.randint(0, 29))
        while day <= ctx.today:
            rows.append((day, partner.owner, ActivityKind.OTHER, None, None))
            day += timedelta(days=rng.randint(25, 35))
    return rows
