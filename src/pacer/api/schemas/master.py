"""Master data: industries, regions, product lines and products."""

from typing import Annotated

from ninja import Field, Schema

from pacer.api.schemas.common import Code, InputSchema, Money, RecordId

Name = Annotated[str, Field(min_length=1, max_length=100)]
ProductName = Annotated[str, Field(min_length=1, max_length=200)]
ProductCode = Annotated[str, Field(min_length=1, max_length=100)]


class IndustryIn(InputSchema):
    code: Code
    name: Name
    strategic: bool = False


class IndustryOut(Schema):
    id: int
    code: str
    name: str
    strategic: bool


class RegionIn(InputSchema):
    code: Code
    name: Name


class RegionOut(Schema):
    id: int
    code: str
    name: str


class ProductLineIn(InputSchema):
    code: Code
    name: Name
    is_new_product: bool = False


class ProductLineOut(Schema):
    id: int
    code: str
    name: str
    is_new_product: bool


class ProductIn(InputSchema):
    code: ProductCode
    name: ProductName
    product_line_id: RecordId
    is_new_product: bool = False
    list_price: Money | None = None


class ProductOut(Schema):
    id: int
    code: str
    name: str
    product_line_id: int
    is_new_product: bool
    list_price: Money | None


class ProductFilter(Schema):
    product_line_id: RecordId | None = None
    is_new_product: bool | None = None
