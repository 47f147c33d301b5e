"""What the generator's steps share: the seeded random, the reference day and the drafts so far."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from pacer.demo.profile import ID_PREFIX
from pacer.demo.records import CustomerRecord, PersonRecord

PROSPECT = "P"  # the tier of a company that has never ordered


@dataclass
class Account:
    """A customer while it is drafted, with the plan behind its orders.

    ``tier`` is the intended A/B/C value tier (or ``PROSPECT``); ``size`` is the yuan it buys in
    a full year at last year's level; ``growth`` multiplies ``size`` for the plan year.
    """

    key: str
    name: str
    short: str
    city: str
    industry: str
    region: str
    team: str
    owner: str
    line: str
    tier: str
    size: float = 0.0
    growth: float = 1.0
    partner: str | None = None
    first_order: date | None = None
    renewal_due: date | None = None

    def record(self) -> CustomerRecord:
        return CustomerRecord(
            key=self.key,
            name=self.name,
            industry=self.industry,
            region=self.region,
            owner=self.owner,
            partner=self.partner,
            renewal_due=self.renewal_due,
            first_order_date=self.first_order,
        )


@dataclass
class OrderDraft:
    """A signed order before its key is known; ``project`` is filled when a project backs it."""

    customer: str
    person: str
    product_line: str
    business_type: str
    amount: Decimal
    signed: date
    project: str | None = None


@dataclass
class Context:
    rng: random.Random
    today: date
    people: dict[str, PersonRecord] = field(default_factory=dict)
    accounts: list[Account] = field(default_factory=list)
    used_names: set[str] = field(default_factory=set)
    _counters: dict[str, int] = field(default_factory=dict)
    _index: dict[str, Account] = field(default_factory=dict)

    @property
    def plan_year(self) -> int:
        return self.today.year

    def next_key(self, kind: str, width: int = 4) -> str:
        """The next external id of a kind, e.g. ``DEMO-C-0001``."""
        number = self._counters.get(kind, 0) + 1
        self._counters[kind] = number
        return f"{ID_PREFIX}{kind}-{number:0{width}d}"

    def add_account(self, account: Account) -> Account:
        self.accounts.append(account)
        self._index[account.key] = account
        return account

    def account(self, key: str) -> Account:
        return self._index[key]

    def seller_on(self, owner: str, day: date) -> str:
        """Who signs for ``owner`` on ``day``: the owner once hired, before that their manager."""
        person = self.people[owner]
        if person.hire_date <= day or person.manager is None:
            return owner
        return person.manager

    def members(self, team: str, position: str) -> list[str]:
        return [p.key for p in self.people.values() if p.team == team and p.position == position]
