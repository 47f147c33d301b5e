"""The values a plan is built from. The Django shell fills them from the database."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from pacer.planning.business_type import BusinessType
from pacer.planning.feasibility import Market, VerdictRules
from pacer.planning.funnel import FunnelRates
from pacer.planning.levels import AmbitionRates
from pacer.planning.periods import FiscalYear
from pacer.planning.ramp import DEFAULT_RAMP
from pacer.planning.tiers import DEFAULT_A_THRESHOLD, DEFAULT_B_THRESHOLD, Tier


@dataclass(frozen=True)
class CustomerHistory:
    """A customer's purchases (yuan) before the plan year and its renewal status."""

    customer_id: int
    owner_id: int | None
    industry: str
    region: str
    last_12_months: Decimal
    yearly_average: Decimal
    renewal_due: bool
    tier_override: Tier | None = None


@dataclass(frozen=True)
class OpenProject:
    """A project that backs the plan: open (``probability`` in [0, 1]) or won this year (1)."""

    project_id: int
    owner_id: int | None
    industry: str
    region: str
    business_type: BusinessType
    amount: Decimal
    probability: Decimal
    expected_sign_date: date


@dataclass(frozen=True)
class PersonInfo:
    """A person who may carry a quota; ``last_12_months`` is their signed orders (yuan)."""

    person_id: int
    name: str
    team_id: int | None
    hire_date: date | None
    leave_date: date | None
    last_12_months: Decimal
    carries_quota: bool


@dataclass(frozen=True)
class TeamInfo:
    team_id: int
    name: str
    parent_id: int | None


@dataclass(frozen=True)
class Assumptions:
    """Every knob of a plan, with the field's defaults (fractions, yuan, days)."""

    wanted_growth: Decimal | None = None
    retention: Decimal | None = None
    renewal_uplift: Decimal = Decimal(1)
    new_product_share: Decimal = Decimal("0.2")
    min_new_product_share: Decimal = Decimal("0.1")
    business_type_shares: Mapping[BusinessType, Decimal] | None = None
    ambition: AmbitionRates = field(default_factory=AmbitionRates)
    tier_method: str = "threshold"
    tier_a_threshold: Decimal = DEFAULT_A_THRESHOLD
    tier_b_threshold: Decimal = DEFAULT_B_THRESHOLD
    tier_a_share: Decimal = Decimal("0.7")
    tier_b_share: Decimal = Decimal("0.9")
    ramp: tuple[tuple[int, Decimal], ...] = DEFAULT_RAMP
    over_assign: Decimal = Decimal(0)
    coverage_threshold: Decimal = Decimal(3)
    budget_rate: Decimal = Decimal("0.05")
    market: Market | None = None
    verdict_rules: VerdictRules = field(default_factory=VerdictRules)
    seasonality_source: str = "history"
    min_funnel_sample: int = 20
    win_rate_factor: Decimal = Decimal(1)
    deal_size_factor: Decimal = Decimal(1)


@dataclass(frozen=True)
class PlanInputs:
    """Everything a plan needs. Yearly and monthly history are keyed by fiscal year."""

    year: FiscalYear
    as_of: date
    target: Decimal
    assumptions: Assumptions
    yearly_history: Mapping[int, Decimal]
    monthly_history: Mapping[int, tuple[Decimal, ...]]
    observed_retention: Decimal | None
    customers: tuple[CustomerHistory, ...]
    projects: tuple[OpenProject, ...]
    people: tuple[PersonInfo, ...]
    teams: tuple[TeamInfo, ...]
    new_business_history: Mapping[tuple[str, str], Decimal]
    team_rates: FunnelRates
    person_rates: Mapping[int, FunnelRates]
    payment_delay: Mapping[int, Decimal]
    collection_rate: Decimal
    labels: Mapping[str, str] = field(default_factory=dict)
