"""Shapes of the forecast API (``/api/v1/forecast/…``); money as decimal strings in yuan."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from ninja import Field, Schema

from pacer.api.schemas.common import InputSchema, Money
from pacer.forecasts.lines import Line
from pacer.forecasts.models import ForecastSubmission, ManagerAdjustment
from pacer.forecasts.submissions import effective_number

Reason = Annotated[str, Field(max_length=2000)]
ForecastMoney = Annotated[Money, Field(lt=Decimal(10) ** 14)]


class AdjustmentOut(Schema):
    id: int
    submission_id: int
    manager_id: int
    manager_name: str
    number: Money
    reason: str
    at: datetime

    @staticmethod
    def resolve_manager_name(obj: ManagerAdjustment) -> str:
        return obj.manager.name


class SystemRollupOut(Schema):
    closed: Money
    commit: Money
    best_case: Money
    pipeline: Money


class SubmissionOut(Schema):
    id: int
    person_id: int
    person_name: str
    source: str
    cycle_start: date
    window_start: date
    window_end: date
    as_of: date
    system: SystemRollupOut
    number: Money
    reason: str
    submitted_at: datetime
    adjustments: list[AdjustmentOut]
    effective: Money

    @staticmethod
    def resolve_person_name(obj: ForecastSubmission) -> str:
        return obj.person.name

    @staticmethod
    def resolve_system(obj: ForecastSubmission) -> dict[str, Decimal]:
        return {
            "closed": obj.system_closed,
            "commit": obj.system_commit,
            "best_case": obj.system_best_case,
            "pipeline": obj.system_pipeline,
        }

    @staticmethod
    def resolve_adjustments(obj: ForecastSubmission) -> list[ManagerAdjustment]:
        return sorted(obj.adjustments.all(), key=lambda a: (a.at, a.pk))

    @staticmethod
    def resolve_effective(obj: ForecastSubmission) -> Decimal:
        return effective_number(obj)


class LineOut(Schema):
    project_id: int
    name: str
    owner_id: int | None
    amount: Money
    expected_sign_date: date | None
    category: str
    stage: str
    chosen: bool


class SubmissionDetailOut(SubmissionOut):
    lines: list[LineOut]

    @staticmethod
    def resolve_lines(obj: ForecastSubmission) -> list[dict[str, Any]]:
        return [Line.from_json(line).to_json() for line in obj.lines]


class SubmissionFilter(Schema):
    person_id: int | None = None
    cycle_start: date | None = None
    source: str | None = None


class SubmissionIn(InputSchema):
    """My number for the current cycle's window; a reason when it differs from the system's."""

    number: ForecastMoney
    reason: Reason = ""


class AdjustmentIn(InputSchema):
    number: ForecastMoney
    reason: Reason


class CategoryOut(Schema):
    project_id: int
    name: str
    owner_id: int | None
    stage: str
    amount: Money
    expected_sign_date: date | None
    category: str
    chosen: bool


class CategoryFilter(Schema):
    owner_id: int | None = None


class CategoryIn(InputSchema):
    category: str = Field(description="commit / best_case / pipeline / omitted")
    reason: Reason = ""


class MissingPersonOut(Schema):
    id: int
    name: str
    reminded_at: datetime | None


class MissingOut(Schema):
    cycle_start: date
    window_start: date
    window_end: date
    people: list[MissingPersonOut]
