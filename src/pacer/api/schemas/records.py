"""Activities, leads, orders and payments."""

import datetime as dt

from ninja import Schema

from pacer.api.schemas.common import ExternalId, InputSchema, Money, RecordId
from pacer.crm.models import ActivityKind, BusinessType, LeadSource


class ActivityOut(Schema):
    id: int
    external_id: str | None
    kind: ActivityKind
    date: dt.date
    person_id: int
    customer_id: int | None
    project_id: int | None
    outcome: str


class ActivityFilter(Schema):
    kind: ActivityKind | None = None
    person_id: RecordId | None = None
    customer_id: RecordId | None = None
    project_id: RecordId | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None


class LeadOut(Schema):
    id: int
    external_id: str | None
    source: LeadSource
    date: dt.date
    person_id: int | None
    company_name: str
    customer_id: int | None
    qualified_date: dt.date | None
    project_id: int | None


class LeadFilter(Schema):
    source: LeadSource | None = None
    person_id: RecordId | None = None
    is_qualified: bool | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None


class OrderIn(InputSchema):
    customer_id: RecordId
    amount: Money
    signed_date: dt.date
    external_id: ExternalId | None = None
    project_id: RecordId | None = None
    person_id: RecordId | None = None
    product_line_id: RecordId | None = None
    business_type: BusinessType = BusinessType.REPEAT


class OrderOut(Schema):
    id: int
    external_id: str | None
    customer_id: int
    project_id: int | None
    person_id: int | None
    product_line_id: int | None
    business_type: BusinessType
    amount: Money
    signed_date: dt.date


class OrderFilter(Schema):
    customer_id: RecordId | None = None
    person_id: RecordId | None = None
    project_id: RecordId | None = None
    product_line_id: RecordId | None = None
    signed_from: dt.date | None = None
    signed_to: dt.date | None = None


class PaymentIn(InputSchema):
    order_id: RecordId
    amount: Money
    date: dt.date
    external_id: ExternalId | None = None


class PaymentOut(Schema):
    id: int
    external_id: str | None
    order_id: int
    amount: Money
    date: dt.date


class PaymentFilter(Schema):
    order_id: RecordId | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
