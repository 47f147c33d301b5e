"""The demo sales organisation: teams, people with logins, and channel partners.

1 sales director; 3 industry managers (one per industry); 5 region managers (the Pearl River
Delta has two teams); 2 channel specialists; 12 account executives under the region managers,
one of them hired this year. Everyone reports to the director except the account executives,
who report to their region manager.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from pacer.demo import names
from pacer.demo.context import Context
from pacer.demo.profile import ID_PREFIX, USERNAME_PREFIX
from pacer.demo.records import PartnerRecord, PersonRecord, TeamRecord
from pacer.org.models import AccessRole, Position

ROOT = "root"
REGION_TEAMS = {  # team key → region code
    "reg-prd1": "prd",
    "reg-prd2": "prd",
    "reg-yrd": "yrd",
    "reg-jx_sc": "jx_sc",
    "reg-sd_hn": "sd_hn",
}
TEAMS = (
    (ROOT, "销售中心", None),
    ("ind-3c", "3C电子行业组", ROOT),
    ("ind-lithium", "锂电设备行业组", ROOT),
    ("ind-packaging", "包装机械行业组", ROOT),
    ("reg-prd1", "珠三角一区（深莞惠）", ROOT),
    ("reg-prd2", "珠三角二区（广佛中珠）", ROOT),
    ("reg-yrd", "长三角区", ROOT),
    ("reg-jx_sc", "江西/四川区", ROOT),
    ("reg-sd_hn", "山东/河南区", ROOT),
    ("channel", "渠道组", ROOT),
)


@dataclass(frozen=True)
class Seat:
    """A job in the organisation: ``slug`` names the login and the external id."""

    slug: str
    position: str
    role: str
    team: str
    manager: str | None


def _seats() -> list[Seat]:
    director = Seat("director", Position.DIRECTOR, AccessRole.DIRECTOR, ROOT, None)
    seats = [director]
    seats += [
        Seat(slug, Position.INDUSTRY_MANAGER, AccessRole.MANAGER, f"ind-{slug}", "director")
        for slug in ("3c", "lithium", "packaging")
    ]
    region_slugs = {"reg-prd1": "prd1", "reg-prd2": "prd2", "reg-yrd": "yrd"}
    region_slugs |= {"reg-jx_sc": "jxsc", "reg-sd_hn": "sdhn"}
    seats += [
        Seat(slug, Position.REGION_MANAGER, AccessRole.MANAGER, team, "director")
        for team, slug in region_slugs.items()
    ]
    seats += [
        Seat(f"channel{n}", Position.CHANNEL_SPECIALIST, AccessRole.REP, "channel", "director")
        for n in (1, 2)
    ]
    reps_per_team = {"reg-prd1": 3, "reg-prd2": 2, "reg-yrd": 3, "reg-jx_sc": 2, "reg-sd_hn": 2}
    number = 0
    for team, count in reps_per_team.items():
        for _ in range(count):
            number += 1
            seats.append(
                Seat(
                    f"rep{number:02d}",
                    Position.ACCOUNT_EXECUTIVE,
                    AccessRole.REP,
                    team,
                    region_slugs[team],
                )
            )
    return seats


SEATS = tuple(_seats())
NEW_HIRE = "rep08"  # joined the Yangtze River Delta team this year
LAST_YEAR_HIRE = "rep10"  # joined the Jiangxi/Sichuan team last year
# The logins ``pacer demo`` prints, one per access role.
SHOWCASE = {
    AccessRole.ADMIN: "admin",
    AccessRole.DIRECTOR: "director",
    AccessRole.MANAGER: "prd1",
    AccessRole.REP: "rep01",
}
ADMIN_SLUG = "admin"


def person_key(slug: str) -> str:
    return f"{ID_PREFIX}P-{slug}"


def team_key(slug: str) -> str:
    return f"{ID_PREFIX}T-{slug}"


def username(slug: str) -> str:
    return f"{USERNAME_PREFIX}{slug}"


def build_teams() -> list[TeamRecord]:
    leaders = {s.team: s.slug for s in SEATS if s.role in {AccessRole.DIRECTOR, AccessRole.MANAGER}}
    return [
        TeamRecord(
            key=team_key(slug),
            name=name,
            parent=team_key(parent) if parent else None,
            leader=person_key(leaders[slug]) if slug in leaders else None,
        )
        for slug, name, parent in TEAMS
    ]


def build_people(ctx: Context) -> list[PersonRecord]:
    """Everyone in the organisation, each with a login ``demo-<slug>``."""
    people = [
        PersonRecord(
            key=person_key(seat.slug),
            name=names.person_name(ctx.rng, ctx.used_names),
            username=username(seat.slug),
            position=seat.position,
            access_role=seat.role,
            team=team_key(seat.team),
            manager=person_key(seat.manager) if seat.manager else None,
            hire_date=_hire_date(ctx, seat),
            email=f"{username(seat.slug)}@example.com",
        )
        for seat in SEATS
    ]
    ctx.people = {p.key: p for p in people}
    return people


def _hire_date(ctx: Context, seat: Seat) -> date:
    year = ctx.plan_year
    rng = ctx.rng
    if seat.slug == NEW_HIRE:
        # A few months before the reference day, but within the plan year.
        return min(ctx.today, max(date(year, 1, 2), ctx.today - timedelta(days=100)))
    if seat.slug == LAST_YEAR_HIRE:
        return date(year - 1, rng.randint(3, 8), rng.randint(1, 28))
    seniority: dict[str, tuple[int, int]] = {
        Position.DIRECTOR: (7, 10),
        Position.ACCOUNT_EXECUTIVE: (3, 6),
    }
    low, high = seniority.get(seat.position, (4, 8))
    return date(year - rng.randint(low, high), rng.randint(1, 12), rng.randint(1, 28))


# Channel partners: (city, region, owner slug).
PARTNERS = (
    ("东莞", "prd", "channel1"),
    ("佛山", "prd", "channel1"),
    ("宜春", "jx_sc", "channel1"),
    ("苏州", "yrd", "channel2"),
    ("潍坊", "sd_hn", "channel2"),
    ("郑州", "sd_hn", "channel2"),
)


def build_partners(ctx: Context) -> list[PartnerRecord]:
    return [
        PartnerRecord(
            key=f"{ID_PREFIX}CH-{number:02d}",
            name=names.partner_name(ctx.rng, city, ctx.used_names),
            region=region,
            owner=person_key(owner),
        )
        for number, (city, region, owner) in enumerate(PARTNERS, start=1)
    ]
