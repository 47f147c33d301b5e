"""The synthetic sales organisation: company → regional teams → sub-teams → people.

One director leads the company team; a region manager leads each regional team; an industry
manager leads each sub-team; the rest are account executives (one in ten a channel specialist).
Everyone reports to the leader of the team above. A few were hired in the plan year (ramp) and
a few have left.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt
from django.conf import settings

from pacer.demo.names import GIVEN, SURNAMES
from pacer.ops.synth.calendar import Span
from pacer.ops.synth.masters import REGIONS
from pacer.ops.synth.table import NULL_DAY, NULL_ID, Table, ids
from pacer.org.models import AccessRole, Person, Position, Team

IntArray = npt.NDArray[np.int64]
MIN_PEOPLE = 10
MAX_SUB_TEAMS = 8
HIRED_THIS_YEAR = 0.05
LEFT = 0.02


@dataclass(frozen=True)
class Org:
    """People and teams as tables, and what the CRM generator needs about the reps.

    ``reps`` are person ids of active account executives and channel specialists;
    ``rep_team`` their sub-team index (0-based) and ``rep_region`` their region index.
    """

    teams: Table
    people: Table
    reps: IntArray
    rep_team: IntArray
    rep_region: IntArray
    rep_hired: IntArray  # ordinal day


def shape(people: int) -> tuple[int, int]:
    """Regions and sub-teams per region for ``people`` people (at least ``MIN_PEOPLE``)."""
    regions = min(len(REGIONS), max(2, people // 150))
    subs = max(1, min(MAX_SUB_TEAMS, (people - 1 - regions) // (regions * 30)))
    return regions, subs


def names(rng: np.random.Generator, n: int) -> list[str]:
    surname = rng.integers(0, len(SURNAMES), n)
    first = rng.integers(0, len(GIVEN), n)
    second = rng.integers(-len(GIVEN), len(GIVEN), n)  # half the names have one given character
    return [
        SURNAMES[s] + GIVEN[f] + (GIVEN[g] if g >= 0 else "")
        for s, f, g in zip(surname.tolist(), first.tolist(), second.tolist(), strict=True)
    ]


def build_org(rng: np.random.Generator, people: int, span: Span) -> Org:
    regions, subs = shape(people)
    n_sub = regions * subs
    n_teams = 1 + regions + n_sub
    n_reps = people - 1 - regions - n_sub
    # Teams: 1 = company; 2..1+regions = regional teams; then the sub-teams, region by region.
    sub_region = np.repeat(np.arange(regions), subs)
    parent = np.concatenate(([NULL_ID], np.ones(regions, dtype=np.int64), 2 + sub_region)).astype(
        np.int64
    )
    team_leader = ids(n_teams)  # person i leads team i: director, region managers, sub leaders
    team_names = ["销售中心"] + [f"{REGIONS[r][1]}大区" for r in range(regions)]
    team_names += [f"{REGIONS[r][1]}{s + 1}组" for r in range(regions) for s in range(subs)]
    teams = Table(Team)
    teams.add("id", "int", ids(n_teams))
    teams.add("external_id", "str", [f"SYN-T{i:04d}" for i in range(1, n_teams + 1)])
    teams.add("name", "str", team_names)
    teams.add("parent_id", "int", parent)
    teams.add("leader_id", "int", team_leader)

    rep_sub = rng.permutation(np.arange(n_reps) % n_sub)
    team = np.concatenate((ids(n_teams), 2 + regions + rep_sub)).astype(np.int64)
    manager = np.concatenate(([NULL_ID], parent[1:], 2 + regions + rep_sub)).astype(np.int64)
    position = (
        [Position.DIRECTOR.value]
        + [Position.REGION_MANAGER.value] * regions
        + [Position.INDUSTRY_MANAGER.value] * n_sub
    )
    channel = rng.random(n_reps) < 0.1
    position += [
        Position.CHANNEL_SPECIALIST.value if c else Position.ACCOUNT_EXECUTIVE.value
        for c in channel.tolist()
    ]
    role = [AccessRole.DIRECTOR.value] + [AccessRole.MANAGER.value] * (regions + n_sub)
    role += [AccessRole.REP.value] * n_reps
    hired = _hire_days(rng, people, span, leaders=n_teams)
    left = np.full(people, NULL_DAY, dtype=np.int64)
    leavers = np.flatnonzero(rng.random(people) < LEFT)
    leavers = leavers[leavers > n_teams]  # leaders stay
    left[leavers] = np.maximum(
        hired[leavers] + 90, span.plan_start - rng.integers(30, 300, len(leavers))
    )
    left[leavers] = np.minimum(left[leavers], span.today - 1)
    table = Table(Person)
    table.add("id", "int", ids(people))
    table.add("external_id", "str", [f"SYN-P{i:05d}" for i in range(1, people + 1)])
    table.add("name", "str", names(rng, people))
    table.add("user_id", "int", np.full(people, NULL_ID, dtype=np.int64))
    table.add("team_id", "int", team)
    table.add("manager_id", "int", manager)
    table.add("position", "str", position)
    table.add("access_role", "str", role)
    table.add("data_scope", "str", [""] * people)
    table.add("hire_date", "date", hired)
    table.add("active_from", "date", hired)
    table.add("active_to", "date", left)
    table.add("email", "str", [f"synth{i:05d}@example.com" for i in range(1, people + 1)])
    table.add("language", "str", [settings.LANGUAGE_CODE] * people)
    rep_rows = np.arange(n_teams, people)
    active = left[rep_rows] == NULL_DAY
    rep_rows = rep_rows[active]
    return Org(
        teams=teams,
        people=table,
        reps=rep_rows.astype(np.int64) + 1,
        rep_team=rep_sub[active].astype(np.int64),
        rep_region=sub_region[rep_sub[active]].astype(np.int64),
        rep_hired=hired[rep_rows],
    )


def _hire_days(rng: np.random.Generator, people: int, span: Span, *, leaders: int) -> IntArray:
    """Most people joined years before the history starts; a few this plan year."""
    early = date(span.plan_year - 10, 1, 1).toordinal()
    hired = rng.integers(early, span.first, people)
    new = rng.random(people) < HIRED_THIS_YEAR
    new[:leaders] = False  # leaders were not just hired
    if span.today > span.plan_start:
        hired[new] = rng.integers(span.plan_start, span.today, int(new.sum()))
    return hired.astype(np.int64)
