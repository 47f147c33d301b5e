"""Plans: the list, the build request and the approval.

A plan itself is answered as the JSON documented in docs/plan-json.md (the same as
``pacer plan show --format json``), narrowed to what the caller may see.
"""

from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema

from pacer.api.schemas.common import Day, InputSchema, LongText, Money, Text, Year
from pacer.plans.models import PlanStatus

PositiveMoney = Annotated[Money, Field(gt=0)]
Growth = Annotated[Decimal, Field(gt=-1, le=100, max_digits=12, decimal_places=6)]


class PlanOut(Schema):
    id: int
    name: str
    year: int
    version: int
    status: PlanStatus
    target: Money


class PlanFilter(Schema):
    year: Year | None = None
    status: PlanStatus | None = None


class PlanBuildIn(InputSchema):
    """Build a draft plan of ``target`` yuan for ``year`` from the data as of ``as_of``.

    ``growth`` is the growth the company wants over last year (0.2 = 20 %); ``as_of``
    defaults to today.
    """

    year: int = Field(ge=2000, le=2100)
    target: PositiveMoney
    growth: Growth | None = None
    name: Text = ""
    as_of: Day | None = None


class PlanApproveIn(InputSchema):
    reason: LongText = ""
