"""Customers and their contacts."""

from datetime import date
from typing import Annotated

from ninja import Field, Schema

from pacer.api.schemas.common import ExternalId, InputSchema, RecordId, ShortText, Text
from pacer.crm.models import Tier

CustomerName = Annotated[str, Field(min_length=1, max_length=200)]
ContactName = Annotated[str, Field(min_length=1, max_length=100)]
Email = Annotated[str, Field(max_length=254)]


class CustomerIn(InputSchema):
    """``owner_id`` defaults to the caller; a rep or manager may only name someone in scope."""

    name: CustomerName
    external_id: ExternalId | None = None
    industry_id: RecordId | None = None
    region_id: RecordId | None = None
    owner_id: RecordId | None = None
    partner_id: RecordId | None = None
    tier_override: Tier | None = None
    renewal_due: date | None = None
    first_order_date: date | None = None


class CustomerOut(Schema):
    id: int
    external_id: str | None
    name: str
    industry_id: int | None
    region_id: int | None
    owner_id: int | None
    partner_id: int | None
    tier_override: str
    renewal_due: date | None
    first_order_date: date | None


class CustomerFilter(Schema):
    owner_id: RecordId | None = None
    industry_id: RecordId | None = None
    region_id: RecordId | None = None
    renewal_due_from: date | None = None
    renewal_due_to: date | None = None
    q: Text | None = None


class ContactIn(InputSchema):
    customer_id: RecordId
    name: ContactName
    external_id: ExternalId | None = None
    title: ShortText = ""
    phone: Annotated[str, Field(max_length=50)] = ""
    email: Email = ""


class ContactOut(Schema):
    id: int
    external_id: str | None
    customer_id: int
    name: str
    title: str
    phone: str
    email: str


class ContactFilter(Schema):
    customer_id: RecordId | None = None
    q: ShortText | None = None
