"""Synthetic projects (项目): closed ones over the history and an open pipeline for today.

Closed projects were created over the history and closed 1–8 months later, four in ten won
(each won project becomes an order). Open projects sit in every open stage with their stage's
probability, an expected signing day mostly in the coming year (a few already overdue), and
contact / proposal dates spread so that the alert rules have work: some idle for more than a
week or two, some proposals without feedback, competitors and red flags here and there.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from pacer.crm.models import STAGE_PROBABILITY, BusinessType, LeadSource, Project, Stage
from pacer.ops.synth.calendar import Span, seasonal_days
from pacer.ops.synth.customers import Customers
from pacer.ops.synth.masters import LINE_NAMES, line_is_new
from pacer.ops.synth.table import NULL_DAY, Table, ids

IntArray = npt.NDArray[np.int64]
OPEN_SHARE = 0.2
WON_SHARE = 0.4
OPEN_STAGES = (Stage.LEAD, Stage.NEEDS, Stage.PROPOSAL, Stage.NEGOTIATION)
OPEN_STAGE_WEIGHT = (0.35, 0.25, 0.25, 0.15)
# New product lines are sold from about eighteen months before the plan year.
LAUNCH_DAYS_BEFORE_PLAN = 540
LOST_REASONS = ("价格偏高", "竞品技术更优", "客户预算不足", "项目取消", "交期不满足")
SOURCES = [s.value for s in LeadSource]


@dataclass(frozen=True)
class Projects:
    """Per project (index = id − 1) what orders and leads need; the table itself."""

    table: Table
    customer: IntArray  # 0-based customer index
    owner: IntArray
    line: IntArray  # 0-based line index
    business_type: list[str]
    amount: IntArray
    created: IntArray
    won: npt.NDArray[np.bool_]
    closed: IntArray


def pick_customers(rng: np.random.Generator, customers: Customers, n: int) -> IntArray:
    return rng.choice(len(customers), n, p=customers.weight).astype(np.int64)


def pick_lines(
    rng: np.random.Generator, customers: Customers, who: IntArray, day: IntArray, span: Span
) -> IntArray:
    """Mostly a preferred line; sometimes any line, a new one only after its launch."""
    n = len(who)
    line = customers.lines[who, rng.integers(0, 2, n)]
    other = rng.random(n) < 0.15
    line[other] = rng.integers(0, len(LINE_NAMES), int(other.sum()))
    too_early = line_is_new()[line] & (day < span.plan_start - LAUNCH_DAYS_BEFORE_PLAN)
    line[too_early] = customers.lines[who[too_early], 0]
    return line


def business_types(
    customers: Customers, who: IntArray, line: IntArray, day: IntArray, first_days: int
) -> list[str]:
    """New customer within ``first_days`` of its arrival; new product on a new line; else repeat."""
    new_customer = customers.is_new[who] & (day < customers.start[who] + first_days)
    new_product = line_is_new()[line]
    kind = np.where(
        new_customer,
        BusinessType.NEW_CUSTOMER.value,
        np.where(new_product, BusinessType.NEW_PRODUCT.value, BusinessType.REPEAT.value),
    )
    return list(kind.tolist())


def build_projects(rng: np.random.Generator, n: int, customers: Customers, span: Span) -> Projects:
    n_open = int(n * OPEN_SHARE)
    n_closed = n - n_open
    who = pick_customers(rng, customers, n)
    owner = customers.owner[who].copy()
    created = np.empty(n, dtype=np.int64)
    created[:n_closed] = seasonal_days(rng, span, customers.start[who[:n_closed]], span.today - 60)
    age = np.minimum(rng.exponential(90, n_open).astype(np.int64), 400)
    created[n_closed:] = np.maximum(span.today - 1 - age, customers.start[who[n_closed:]])
    closed = np.full(n, NULL_DAY, dtype=np.int64)
    closed[:n_closed] = np.minimum(
        created[:n_closed] + 30 + rng.gamma(2.0, 45.0, n_closed).astype(np.int64), span.today - 1
    )
    won = np.zeros(n, dtype=bool)
    won[:n_closed] = rng.random(n_closed) < WON_SHARE
    line = pick_lines(rng, customers, who, created, span)
    kind = business_types(customers, who, line, created, 120)
    amount = np.maximum(1000, (customers.scale[who] * rng.lognormal(0.8, 0.7, n)).round()).astype(
        np.int64
    )
    stage = np.empty(n, dtype=object)
    stage[:n_closed] = np.where(won[:n_closed], Stage.WON.value, Stage.LOST.value)
    open_stage = rng.choice(len(OPEN_STAGES), n_open, p=OPEN_STAGE_WEIGHT)
    stage[n_closed:] = np.asarray([s.value for s in OPEN_STAGES], dtype=object)[open_stage]
    default = np.array([STAGE_PROBABILITY[Stage(s)] for s in stage.tolist()], dtype=np.int64)
    probability = np.clip(default + 5 * rng.integers(-1, 2, n), 0, 100)
    probability[:n_closed] = np.where(won[:n_closed], 100, 0)
    table = Table(Project)
    table.add("id", "int", ids(n))
    table.add(
        "name", "str", [f"{LINE_NAMES[li]}项目{i:07d}" for i, li in enumerate(line.tolist(), 1)]
    )
    table.add("customer_id", "int", who + 1)
    table.add("owner_id", "int", owner)
    table.add("product_line_id", "int", line + 1)
    table.add("product_id", "int", 2 * line + 1 + rng.integers(0, 2, n))
    table.add("business_type", "str", kind)
    table.add("amount", "money", amount)
    table.add("stage", "str", stage.tolist())
    table.add("probability", "int", probability)
    table.add("created_date", "date", created)
    table.add("closed_date", "date", closed)
    table.add("lead_source", "str", np.asarray(SOURCES)[rng.integers(0, len(SOURCES), n)].tolist())
    table.add("lost_reason", "str", _lost_reasons(rng, stage))
    table.add("postponed_reason", "str", [""] * n)
    _open_state(rng, table, n_closed=n_closed, open_stage=open_stage, created=created, span=span)
    return Projects(table, who, owner, line, kind, amount, created, won, closed)


def _lost_reasons(rng: np.random.Generator, stage: np.ndarray) -> list[str]:
    pick = np.asarray(LOST_REASONS)[rng.integers(0, len(LOST_REASONS), len(stage))]
    return list(np.where(stage == Stage.LOST.value, pick, "").tolist())


def _open_state(
    rng: np.random.Generator,
    table: Table,
    *,
    n_closed: int,
    open_stage: IntArray,
    created: IntArray,
    span: Span,
) -> None:
    """Expected signing, contact, proposal and flags; closed projects keep them empty."""
    n = len(created)
    n_open = n - n_closed
    today = span.today

    def dates(values: IntArray) -> IntArray:
        full = np.full(n, NULL_DAY, dtype=np.int64)
        full[n_closed:] = values
        return full

    def flags(share: float) -> npt.NDArray[np.bool_]:
        full = np.zeros(n, dtype=bool)
        full[n_closed:] = rng.random(n_open) < share
        return full

    born = created[n_closed:]
    overdue = rng.random(n_open) < 0.06
    expected = np.where(
        overdue, today - rng.integers(1, 60, n_open), today + rng.integers(7, 330, n_open)
    )
    idle = np.minimum(rng.geometric(0.12, n_open) - 1, today - born)
    late_stage = open_stage >= 2
    proposal = np.where(late_stage, np.maximum(born, today - rng.integers(1, 30, n_open)), NULL_DAY)
    answered = late_stage & (rng.random(n_open) < 0.5)
    feedback = np.where(
        answered, np.minimum(today - 1, proposal + rng.integers(1, 6, n_open)), NULL_DAY
    )
    table.add("expected_sign_date", "date", dates(expected))
    table.add("last_contact_date", "date", dates(today - idle))
    table.add("proposal_sent_date", "date", dates(proposal))
    table.add("feedback_date", "date", dates(feedback))
    table.add("competitor_present", "bool", flags(0.15))
    table.add("budget_cancelled", "bool", flags(0.01))
    table.add("customer_gave_up", "bool", flags(0.01))
    table.add("competitor_mou", "bool", flags(0.005))
