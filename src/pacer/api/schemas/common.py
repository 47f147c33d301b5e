"""Field types shared by the API's schemas.

Money is yuan as a decimal with at most two places; it is sent and returned as a JSON string
("500000.00") so that no client turns it into a float. Dates are ISO 8601 (``2026-09-15``).
"""

from decimal import Decimal
from typing import Annotated

from ninja import Field, Path, Schema
from pydantic import ConfigDict, PlainSerializer

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
ExternalId = Annotated[str, Field(max_length=100)]
Code = Annotated[str, Field(min_length=1, max_length=50)]
ShortText = Annotated[str, Field(max_length=100)]
Text = Annotated[str, Field(max_length=200)]
LongText = Annotated[str, Field(max_length=300)]


class InputSchema(Schema):
    """A request body: unknown fields are an error rather than silently ignored."""

    model_config = ConfigDict(extra="forbid")
