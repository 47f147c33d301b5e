"""Limit/offset pagination for every list.

``?limit=50&offset=0`` → ``{"items": […], "count": n}``.
"""

from __future__ import annotations

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

from pacer.api.schemas.common import MAX_ID

DEFAULT_LIMIT = 50
MAX_LIMIT = 500


class Pagination(LimitOffsetPagination):
    """At most ``MAX_LIMIT`` records a page; a larger ``limit`` is a 422, not silently cut.

    ``offset`` is at most the largest 64-bit integer, the most either database accepts.
    """

    class Input(Schema):
        limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_ID)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)
