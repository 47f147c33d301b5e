"""Field types shared by the API's schemas.

Money is yuan as a decimal with at most two places; it is sent and returned as a JSON string
("500000.00") so that no client turns it into a float. Dates are ISO 8601 (``2026-09-15``).
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, TypeVar

from django.utils.translation import gettext
from ninja import Field, Path, Schema
from pydantic import AfterValidator, ConfigDict, PlainSerializer

from pacer.planning.money import STORED_PLACES, money_text

# The largest id either database can store (a signed 64-bit integer).
MAX_ID = 2**63 - 1

RecordId = Annotated[int, Field(ge=1, le=MAX_ID)]
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
Money = Annotated[
    Decimal,
    Field(ge=0, max_digits=STORED_PLACES + 14, decimal_places=STORED_PLACES),
    PlainSerializer(money_text, return_type=str, when_used="unless-none"),
]
Percent = Annotated[int, Field(ge=0, le=100)]

# Days and moments the business can mean: years 1900–2199. Outside them a date is a typo, and
# the arithmetic on it (month ends, windows, time zones) would leave the calendar.
MIN_YEAR = 1900
MAX_YEAR = 2199
Year = Annotated[int, Field(ge=MIN_YEAR, le=MAX_YEAR)]
DayOrMoment = TypeVar("DayOrMoment", date, datetime)


def _within_years(value: DayOrMoment) -> DayOrMoment:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        message = gettext("年份须在 %(min)s 到 %(max)s 之间（收到 %(value)s）") % {
            "min": MIN_YEAR,
            "max": MAX_YEAR,
            "value": value.isoformat(),
        }
        raise ValueError(message)
    return value


Day = Annotated[date, AfterValidator(_within_years)]
Moment = Annotated[datetime, AfterValidator(_within_years)]
ExternalId = Annotated[str, Field(max_length=100)]
Code = Annotated[str, Field(min_length=1, max_length=50)]
ShortText = Annotated[str, Field(max_length=100)]
Text = Annotated[str, Field(max_length=200)]
LongText = Annotated[str, Field(max_length=300)]


class InputSchema(Schema):
    """A request body: unknown fields are an error rather than silently ignored."""

    model_config = ConfigDict(extra="forbid")
