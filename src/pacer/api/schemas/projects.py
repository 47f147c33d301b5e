"""Projects (opportunities) and their milestones."""

from datetime import date
from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema

from pacer.api.schemas.common import (
    ExternalId,
    InputSchema,
    LongText,
    Money,
    Percent,
    RecordId,
    Text,
)
from pacer.crm.models import BusinessType, LeadSource, Stage

ProjectName = Annotated[str, Field(min_length=1, max_length=200)]


class ProjectIn(InputSchema):
    """A new project. ``owner_id`` defaults to the caller; ``probability`` to the stage's default
    (线索 10, 需求对接 25, 方案 50, 商务谈判 75, 签单 100, 丢单 0)."""

    name: ProjectName
    external_id: ExternalId | None = None
    customer_id: RecordId | None = None
    owner_id: RecordId | None = None
    product_line_id: RecordId | None = None
    product_id: RecordId | None = None
    business_type: BusinessType = BusinessType.REPEAT
    amount: Money = Decimal(0)
    stage: Stage = Stage.LEAD
    probability: Percent | None = None
    created_date: date | None = None
    expected_sign_date: date | None = None
    closed_date: date | None = None
    lead_source: LeadSource | None = None
    competitor_present: bool = False
    budget_cancelled: bool = False
    customer_gave_up: bool = False
    competitor_mou: bool = False
    last_contact_date: date | None = None
    proposal_sent_date: date | None = None
    feedback_date: date | None = None
    lost_reason: Text = ""
    postponed_reason: Text = ""


class ProjectOut(Schema):
    id: int
    external_id: str | None
    name: str
    customer_id: int | None
    owner_id: int | None
    product_line_id: int | None
    product_id: int | None
    business_type: BusinessType
    amount: Money
    stage: Stage
    probability: int
    created_date: date | None
    expected_sign_date: date | None
    closed_date: date | None
    lead_source: str
    competitor_present: bool
    budget_cancelled: bool
    customer_gave_up: bool
    competitor_mou: bool
    last_contact_date: date | None
    proposal_sent_date: date | None
    feedback_date: date | None
    lost_reason: str
    postponed_reason: str


class ProjectFilter(Schema):
    """``stage`` may repeat (``?stage=proposal&stage=negotiation``); date bounds are inclusive."""

    stage: list[Stage] | None = None
    is_open: bool | None = None
    owner_id: RecordId | None = None
    customer_id: RecordId | None = None
    product_line_id: RecordId | None = None
    business_type: BusinessType | None = None
    expected_sign_from: date | None = None
    expected_sign_to: date | None = None
    q: Text | None = None


class MilestoneIn(InputSchema):
    """``owner_id`` defaults to the project's owner."""

    project_id: RecordId
    name: ProjectName
    due_date: date
    external_id: ExternalId | None = None
    done_date: date | None = None
    acceptance: LongText = ""
    owner_id: RecordId | None = None


class MilestoneOut(Schema):
    id: int
    external_id: str | None
    project_id: int
    name: str
    due_date: date
    done_date: date | None
    acceptance: str
    owner_id: int | None


class MilestoneFilter(Schema):
    project_id: RecordId | None = None
    owner_id: RecordId | None = None
    is_done: bool | None = None
    due_from: date | None = None
    due_to: date | None = None
