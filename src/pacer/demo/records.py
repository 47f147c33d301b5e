"""Plain records of the demo company, one dataclass per model, before anything is saved.

Records refer to each other by key (the external id, or the code for master data), never by
database id, so that a generated company can be compared, digested and written in one go.
Money is yuan as ``Decimal`` with two places; dates are ``date``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class IndustryRecord:
    code: str
    name: str
    strategic: bool


@dataclass(frozen=True)
class RegionRecord:
    code: str
    name: str


@dataclass(frozen=True)
class ProductLineRecord:
    code: str
    name: str
    is_new_product: bool


@dataclass(frozen=True)
class ProductRecord:
    code: str
    name: str
    product_line: str
    is_new_product: bool
    list_price: Decimal


@dataclass(frozen=True)
class TeamRecord:
    key: str
    name: str
    parent: str | None
    leader: str | None


@dataclass(frozen=True)
class PersonRecord:
    """A person with a login (``username``); ``manager`` and ``team`` are keys."""

    key: str
    name: str
    username: str
    position: str
    access_role: str
    team: str
    manager: str | None
    hire_date: dt.date
    email: str


@dataclass(frozen=True)
class PartnerRecord:
    key: str
    name: str
    region: str
    owner: str


@dataclass(frozen=True)
class CustomerRecord:
    key: str
    name: str
    industry: str
    region: str
    owner: str
    partner: str | None
    renewal_due: dt.date | None
    first_order_date: dt.date | None


@dataclass(frozen=True)
class ContactRecord:
    key: str
    customer: str
    name: str
    title: str
    phone: str


@dataclass(frozen=True)
class ProjectRecord:
    key: str
    name: str
    customer: str
    owner: str
    product_line: str
    product: str | None
    business_type: str
    amount: Decimal
    stage: str
    probability: int
    created_date: dt.date
    expected_sign_date: dt.date
    closed_date: dt.date | None
    lead_source: str
    competitor_present: bool
    last_contact_date: dt.date | None
    proposal_sent_date: dt.date | None
    feedback_date: dt.date | None
    lost_reason: str
    postponed_reason: str


@dataclass(frozen=True)
class MilestoneRecord:
    key: str
    project: str
    name: str
    due_date: dt.date
    done_date: dt.date | None
    acceptance: str
    owner: str


@dataclass(frozen=True)
class ActivityRecord:
    key: str
    kind: str
    date: dt.date
    person: str
    customer: str | None
    project: str | None
    outcome: str


@dataclass(frozen=True)
class LeadRecord:
    key: str
    source: str
    date: dt.date
    person: str
    company_name: str
    customer: str | None
    qualified_date: dt.date | None
    project: str | None


@dataclass(frozen=True)
class OrderRecord:
    key: str
    customer: str
    project: str | None
    person: str
    product_line: str
    business_type: str
    amount: Decimal
    signed_date: dt.date


@dataclass(frozen=True)
class PaymentRecord:
    key: str
    order: str
    amount: Decimal
    date: dt.date


@dataclass(frozen=True)
class DemoCompany:
    """Everything ``pacer demo`` saves, generated from ``seed`` for the reference day ``today``."""

    name: str
    seed: int
    today: dt.date
    industries: tuple[IndustryRecord, ...]
    regions: tuple[RegionRecord, ...]
    product_lines: tuple[ProductLineRecord, ...]
    products: tuple[ProductRecord, ...]
    teams: tuple[TeamRecord, ...]
    people: tuple[PersonRecord, ...]
    partners: tuple[PartnerRecord, ...]
    customers: tuple[CustomerRecord, ...]
    contacts: tuple[ContactRecord, ...]
    projects: tuple[ProjectRecord, ...]
    milestones: tuple[MilestoneRecord, ...]
    activities: tuple[ActivityRecord, ...]
    leads: tuple[LeadRecord, ...]
    orders: tuple[OrderRecord, ...]
    payments: tuple[PaymentRecord, ...]

    @property
    def plan_year(self) -> int:
        return self.today.year


def _plain(value: object) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(type(value).__name__)


def digest(company: DemoCompany) -> str:
    """A SHA-256 of every record, in order: equal digests mean the identical company."""
    text = json.dumps(dataclasses.asdict(company), default=_plain, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
