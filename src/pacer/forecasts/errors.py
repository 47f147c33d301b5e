"""Why a forecast write was refused, in words for the person who tried it."""

from __future__ import annotations


class ForecastInputError(Exception):
    """Input that cannot be saved; ``field`` names the form or body field it concerns."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(message)


class ForecastRefusedError(Exception):
    """The actor sees the record but may not do this (a page answers 403, the API too)."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)
