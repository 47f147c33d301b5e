"""Leads (线索) by source, converting at different rates.

Every project with a new company behind it started as a lead that was qualified on the day
the project was created. Unqualified leads are then added per source so that each source
converts at its own rate: referrals best, exhibitions next, then channel partners, cold calls,
and online leads worst (the field's "展会 30% vs 线上 5%").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import date, timedelta

from pacer.crm.models import LeadSource
from pacer.demo import names
from pacer.demo.context import Context
from pacer.demo.org import REGION_TEAMS, team_key
from pacer.demo.profile import CITIES, EXHIBITIONS, INDUSTRY_REGIONS, INDUSTRY_WEIGHTS
from pacer.demo.records import LeadRecord
from pacer.org.models import Position

CONVERSION = {
    LeadSource.REFERRAL: 0.40,
    LeadSource.EXHIBITION: 0.30,
    LeadSource.CHANNEL: 0.20,
    LeadSource.COLD_CALL: 0.10,
    LeadSource.ONLINE: 0.05,
}
# Where the leads that did convert came from.
CONVERTED_MIX = {
    LeadSource.EXHIBITION: 35,
    LeadSource.REFERRAL: 22,
    LeadSource.CHANNEL: 25,
    LeadSource.COLD_CALL: 10,
    LeadSource.ONLINE: 8,
}
FAIR_REACH = 150  # days after a fair within which its leads still turn into projects


@dataclass(frozen=True)
class ConvertedLead:
    """The lead behind a project: where and when it came in, and who followed it up."""

    source: str
    date: dt.date
    qualified: dt.date
    project: str
    customer: str
    company_name: str
    person: str


def source_lead(ctx: Context, created: date) -> tuple[str, date]:
    """The source and day of the lead behind a project created on ``created``.

    An exhibition lead dates from the last fair before the project; with no fair in reach the
    lead is a referral instead.
    """
    rng = ctx.rng
    sources = list(CONVERTED_MIX)
    source = rng.choices(sources, [CONVERTED_MIX[s] for s in sources])[0]
    if source == LeadSource.EXHIBITION:
        fairs = [d for d in fair_days(created.year - 1, created.year) if d < created]
        if fairs and (created - fairs[-1]).days <= FAIR_REACH:
            return source, min(created, fairs[-1] + timedelta(days=rng.randint(0, 2)))
        source = LeadSource.REFERRAL
    return source, created - timedelta(days=rng.randint(2, 14))


def fair_days(first_year: int, last_year: int) -> list[date]:
    return sorted(
        date(year, fair.month, fair.day)
        for year in range(first_year, last_year + 1)
        for fair in EXHIBITIONS
    )


def build_leads(ctx: Context, converted: list[ConvertedLead]) -> list[LeadRecord]:
    """The converted leads plus, per source, enough unqualified ones to hit its rate."""
    rows: list[tuple[date, str, str, str, str | None, date | None, str | None]] = [
        (c.date, c.source, c.person, c.company_name, c.customer, c.qualified, c.project)
        for c in converted
    ]
    start = date(ctx.plan_year - 2, 1, 1)
    fairs = [d for d in fair_days(start.year, ctx.plan_year) if d <= ctx.today]
    for source, rate in CONVERSION.items():
        won = sum(1 for c in converted if c.source == source)
        for number in range(round(won / rate) - won):
            if source == LeadSource.EXHIBITION and fairs:
                day = fairs[number % len(fairs)] + timedelta(days=ctx.rng.randint(0, 2))
            else:
                day = start + timedelta(days=ctx.rng.randint(0, (ctx.today - start).days))
            day = min(day, ctx.today)
            company, team = _unknown_company(ctx)
            follower = _follower(ctx, source, team, day)
            rows.append((day, source, follower, company, None, None, None))
    rows.sort(key=lambda row: (row[0], row[1], row[3]))
    return [
        LeadRecord(
            key=ctx.next_key("L", width=5),
            source=source,
            date=day,
            person=person,
            company_name=company,
            customer=customer,
            qualified_date=qualified,
            project=project,
        )
        for day, source, person, company, customer, qualified, project in rows
    ]


def _unknown_company(ctx: Context) -> tuple[str, str]:
    """A company name for a lead that went nowhere, and the region team it is in."""
    rng = ctx.rng
    industries = sorted(INDUSTRY_WEIGHTS)
    industry = rng.choices(industries, [INDUSTRY_WEIGHTS[i] for i in industries])[0]
    regions = sorted(r for r, w in INDUSTRY_REGIONS[industry].items() if w > 0)
    region = rng.choices(regions, [INDUSTRY_REGIONS[industry][r] for r in regions])[0]
    city = rng.choice(CITIES[region])
    team = min(slug for slug, code in REGION_TEAMS.items() if code == region)
    return names.company_name(rng, city, industry, ctx.used_names), team_key(team)


def _follower(ctx: Context, source: str, team: str, day: date) -> str:
    position = (
        Position.CHANNEL_SPECIALIST if source == LeadSource.CHANNEL else Position.ACCOUNT_EXECUTIVE
    )
    if position == Position.CHANNEL_SPECIALIST:
        team = team_key("channel")
    people = sorted(
        p.key
        for p in ctx.people.values()
        if p.team == team and p.position == position and p.hire_date <= day
    )
    return ctx.rng.choice(people)
