"""A problem found in the input, named by its place: file, sheet, row, column, value, reason."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext

VALUE_SHOWN = 80  # characters of a value repeated in a report


@dataclass(frozen=True)
class Place:
    """Where a value came from. ``row`` counts as a spreadsheet user does: the header is row 1.

    ``sheet`` is empty for a CSV file; ``row`` is ``None`` for a whole file or sheet, and
    ``column`` is empty for a whole row.
    """

    file: str
    sheet: str = ""
    row: int | None = None
    column: str = ""

    def at_column(self, column: str) -> Place:
        return Place(self.file, self.sheet, self.row, column)


@dataclass(frozen=True)
class Problem:
    file: str
    sheet: str
    row: int | None
    column: str
    value: str
    reason: str

    @classmethod
    def at(cls, place: Place, reason: str, value: object = "") -> Problem:
        text = "" if value is None else str(value)
        if len(text) > VALUE_SHOWN:
            text = text[: VALUE_SHOWN - 1] + "…"
        return cls(place.file, place.sheet, place.row, place.column, text, reason)

    def line(self) -> str:
        """One line of a text report: the place, the value and the reason."""
        parts = [self.file]
        if self.sheet:
            parts.append(gettext("工作表「%(sheet)s」") % {"sheet": self.sheet})
        if self.row is not None:
            parts.append(gettext("第 %(row)d 行") % {"row": self.row})
        if self.column:
            parts.append(gettext("列「%(column)s」") % {"column": self.column})
        if self.value:
            parts.append(gettext("值「%(value)s」") % {"value": self.value})
        return " · ".join(parts) + ": " + self.reason

    def sort_key(self) -> tuple[str, str, int, str]:
        return (self.file, self.sheet, self.row or 0, self.column)
