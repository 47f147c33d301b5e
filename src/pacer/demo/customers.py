"""The demo's customers: 200 existing ones with an A/B/C value spread, and this year's new ones.

An existing customer first ordered before the plan year. Its intended tier sets the yuan it
buys in a year (A ≥ 100万, B 30万–100万, C < 30万), Pareto-like: about a tenth of the customers
are A and buy most of the volume. 60 existing customers have their equipment renewal due in
the plan year, the bigger ones more often. Prospects (companies that never ordered) are added
by the pipeline through ``new_account``.
"""

from __future__ import annotations

from datetime import date

from pacer.demo import names
from pacer.demo.context import PROSPECT, Account, Context
from pacer.demo.dates import season_share_until, seasonal_day, weighted_sample
from pacer.demo.org import NEW_HIRE, REGION_TEAMS, person_key, team_key
from pacer.demo.profile import (
    CITIES,
    INDUSTRY_LINE,
    INDUSTRY_REGIONS,
    INDUSTRY_WEIGHTS,
    PRD_EAST,
    STANDARD_LINES,
)
from pacer.demo.records import ContactRecord, PartnerRecord
from pacer.org.models import Position

# Intended tiers of the existing customers by how many years before the plan year they first
# ordered (3 = three or more years).
COHORTS = {
    3: {"A": 19, "B": 14, "C": 101},
    2: {"A": 2, "B": 5, "C": 23},
    1: {"A": 0, "B": 6, "C": 30},
}
NEW_PER_YEAR = 40  # new customers a full year brings
RENEWALS = 60  # existing customers whose equipment renewal falls in the plan year
RENEWAL_WEIGHT = {"A": 4.0, "B": 3.0, "C": 1.0}
PARTNER_SHARE = 0.35  # share of C customers served through a channel partner


def build_accounts(ctx: Context, partners: list[PartnerRecord]) -> None:
    """The 200 existing customers, then this year's new customers up to the reference day."""
    year = ctx.plan_year
    rng = ctx.rng
    for years_back, tiers in COHORTS.items():
        for tier, count in tiers.items():
            for _ in range(count):
                account = new_account(ctx, tier=tier)
                if years_back >= 3:
                    account.first_order = date(
                        year - rng.randint(3, 8), rng.randint(1, 12), rng.randint(1, 28)
                    )
                else:
                    account.first_order = seasonal_day(rng, year - years_back)
    _assign_key_accounts(ctx)
    _assign_partners(ctx, partners)
    _set_renewals(ctx)
    for _ in range(round(NEW_PER_YEAR * season_share_until(ctx.today))):
        account = new_account(ctx, tier="B" if rng.random() < 0.4 else "C", hunting=True)
        account.first_order = seasonal_day(rng, year, until=ctx.today)


def new_account(
    ctx: Context,
    *,
    tier: str,
    industry: str | None = None,
    region: str | None = None,
    hunting: bool = False,
) -> Account:
    """A customer drafted in ``industry``/``region`` (drawn by the profile when not given).

    ``hunting`` marks a company being won now: the new hire then takes a full share of them.
    """
    rng = ctx.rng
    industry = industry or _pick(ctx, INDUSTRY_WEIGHTS)
    region = region or _pick(ctx, INDUSTRY_REGIONS[industry])
    city = rng.choice(CITIES[region])
    team = _team_for(region, city)
    name = names.company_name(rng, city, industry, ctx.used_names)
    line = INDUSTRY_LINE[industry]
    if rng.random() < 0.2:
        line = next(other for other in STANDARD_LINES if other != line)
    account = Account(
        key=ctx.next_key("C"),
        name=name,
        short=names.short_name(name, city),
        city=city,
        industry=industry,
        region=region,
        team=team,
        owner=_owner(ctx, team, hunting=hunting),
        line=line,
        tier=tier,
    )
    account.size, account.growth = _size_and_growth(ctx, tier)
    return ctx.add_account(account)


def _pick(ctx: Context, weights: dict[str, int]) -> str:
    keys = sorted(k for k, w in weights.items() if w > 0)
    return ctx.rng.choices(keys, [weights[k] for k in keys])[0]


def _team_for(region: str, city: str) -> str:
    if region == "prd":
        return team_key("reg-prd1" if city in PRD_EAST else "reg-prd2")
    slug = next(slug for slug, code in REGION_TEAMS.items() if code == region)
    return team_key(slug)


def _owner(ctx: Context, team: str, *, hunting: bool) -> str:
    reps = sorted(ctx.members(team, Position.ACCOUNT_EXECUTIVE))
    # A new hire inherits few accounts; they grow their book by hunting.
    weights = [1.0 if hunting or rep != person_key(NEW_HIRE) else 0.3 for rep in reps]
    return ctx.rng.choices(reps, weights)[0]


def _size_and_growth(ctx: Context, tier: str) -> tuple[float, float]:
    """Yearly purchase at last year's level (yuan) and this year's growth factor."""
    u = ctx.rng.random()
    if tier == "A":
        return 1_120_000 + 500_000 * u**2.5, ctx.rng.uniform(0.98, 1.15)
    if tier == "B":
        return 320_000 + 330_000 * u**1.5, ctx.rng.uniform(0.9, 1.2)
    if tier == PROSPECT:
        return 0.0, 1.0
    return 5_000 + 70_000 * u**3, ctx.rng.uniform(0.8, 1.25)


def _assign_key_accounts(ctx: Context) -> None:
    """Industry managers keep their industry's two biggest A accounts; region managers keep
    the two biggest other accounts of their team."""
    for industry in ("3c", "lithium", "packaging"):
        biggest = sorted(
            (a for a in ctx.accounts if a.industry == industry and a.tier == "A"),
            key=lambda a: (-a.size, a.key),
        )
        for account in biggest[:2]:
            account.owner = person_key(industry)
    managers = {p.team: p.key for p in ctx.people.values() if p.position == Position.REGION_MANAGER}
    for team, manager in sorted(managers.items()):
        candidates = sorted(
            (
                a
                for a in ctx.accounts
                if a.team == team
                and a.tier != "A"
                and ctx.people[a.owner].position == Position.ACCOUNT_EXECUTIVE
            ),
            key=lambda a: (-a.size, a.key),
        )
        for account in candidates[:2]:
            account.owner = manager


def _assign_partners(ctx: Context, partners: list[PartnerRecord]) -> None:
    by_region: dict[str, list[PartnerRecord]] = {}
    for partner in partners:
        by_region.setdefault(partner.region, []).append(partner)
    for account in ctx.accounts:
        choices = by_region.get(account.region)
        if account.tier == "C" and choices and ctx.rng.random() < PARTNER_SHARE:
            partner = ctx.rng.choice(choices)
            account.partner = partner.key
            account.owner = partner.owner


def _set_renewals(ctx: Context) -> None:
    year = ctx.plan_year
    rng = ctx.rng
    keys = [a.key for a in ctx.accounts]
    weights = [RENEWAL_WEIGHT[a.tier] for a in ctx.accounts]
    due = set(weighted_sample(rng, keys, weights, RENEWALS))
    for account in ctx.accounts:
        if account.key in due:
            account.renewal_due = date(year, rng.randint(1, 12), rng.randint(1, 28))
        elif rng.random() < 0.25:
            account.renewal_due = date(year + rng.randint(1, 2), rng.randint(1, 12), 15)


def build_contacts(ctx: Context) -> list[ContactRecord]:
    """One to three contacts per customer, more for the bigger ones."""
    rng = ctx.rng
    contacts: list[ContactRecord] = []
    for account in ctx.accounts:
        count = {"A": 3, "B": rng.randint(2, 3)}.get(account.tier, rng.randint(1, 2))
        titles = rng.sample(names.TITLES, count)
        contacts.extend(
            ContactRecord(
                key=ctx.next_key("CT", width=5),
                customer=account.key,
                name=names.person_name(rng, ctx.used_names),
                title=title,
                phone=names.mobile(rng),
            )
            for title in titles
        )
    return contacts
