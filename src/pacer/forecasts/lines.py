"""Projects as forecast lines: amount, expected signing, category and stage.

A project's category is the one its owner chose (``ProjectCategory``), else the default of its
stage (``DEFAULT_CATEGORY``). The lines of a snapshot are:
- every open project, whatever its category and date. It counts *in the window* when it is
  expected to sign before the window ends (overdue ones too: they are still expected, sooner
  rather than later); the others are kept so that comparing two snapshots can tell a project
  that slipped out of the window (or was pulled into it) from one that vanished or is new;
- every project won or lost in the last ``window_days`` before the day of the lines, so that a
  comparison can tell a project that was won or lost from one that vanished. A won project is
  dated by its closing day and counts as commit; a lost one is omitted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import F, Q, QuerySet

from pacer.crm.models import OPEN_STAGES, Project, Stage
from pacer.forecasts.labels import CATEGORIES
from pacer.forecasts.models import ProjectCategory
from pacer.tracking.forecast import DEFAULT_CATEGORY, Category, ForecastLine

OPEN = {str(s) for s in OPEN_STAGES}


@dataclass(frozen=True)
class Line:
    """One project of a forecast; ``chosen`` is False when the category is the stage default."""

    project_id: int
    name: str
    owner_id: int | None
    amount: Decimal
    expected_sign_date: date | None
    category: Category
    stage: str
    chosen: bool

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN

    def in_window(self, window_end: date) -> bool:
        """Open and expected to sign before ``window_end`` (exclusive)."""
        return (
            self.is_open
            and self.expected_sign_date is not None
            and self.expected_sign_date < window_end
        )

    @property
    def stage_label(self) -> str:
        return str(Stage(self.stage).label) if self.stage in Stage.values else self.stage

    @property
    def category_label(self) -> str:
        return str(CATEGORIES[self.category])

    def core(self) -> ForecastLine:
        return ForecastLine(
            self.project_id, self.amount, self.expected_sign_date, self.category, self.stage
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "project_id": self.project_id,
            "name": self.name,
            "owner_id": self.owner_id,
            "amount": str(self.amount),
            "expected_sign_date": (
                self.expected_sign_date.isoformat() if self.expected_sign_date else None
            ),
            "category": self.category.value,
            "stage": self.stage,
            "chosen": self.chosen,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Line:
        expected = data.get("expected_sign_date")
        return cls(
            project_id=int(data["project_id"]),
            name=str(data.get("name", "")),
            owner_id=data.get("owner_id"),
            amount=Decimal(str(data["amount"])),
            expected_sign_date=date.fromisoformat(expected) if expected else None,
            category=Category(data["category"]),
            stage=str(data["stage"]),
            chosen=bool(data.get("chosen", False)),
        )


def default_category(stage: str) -> Category:
    """The category of a project nobody categorised: by its stage (won: commit)."""
    if stage == Stage.WON:
        return Category.COMMIT
    return DEFAULT_CATEGORY.get(stage, Category.OMITTED)


def chosen_categories(project_ids: list[int]) -> dict[int, Category]:
    rows = ProjectCategory.objects.filter(project_id__in=project_ids).values_list(
        "project_id", "category"
    )
    return {pid: Category(category) for pid, category in rows}


def snapshot_lines(
    projects: QuerySet[Project], *, as_of: date, closed_since: date | None = None
) -> list[Line]:
    """The lines of ``projects``: all open ones, and those closed in ``[closed_since, as_of]``
    (none without ``closed_since``), by expected signing date."""
    wanted = Q(stage__in=OPEN_STAGES)
    if closed_since is not None:
        wanted |= Q(
            stage__in=(Stage.WON, Stage.LOST), closed_date__gte=closed_since, closed_date__lte=as_of
        )
    rows = list(
        projects.filter(wanted)
        .values_list(
            "pk", "name", "owner_id", "amount", "expected_sign_date", "stage", "closed_date"
        )
        .order_by(F("expected_sign_date").asc(nulls_last=True), "pk")
    )
    chosen = chosen_categories([r[0] for r in rows])
    lines = []
    for pk, name, owner_id, amount, expected, stage, closed in rows:
        day = expected
        if stage == Stage.LOST:
            category, is_chosen = Category.OMITTED, False
        elif stage == Stage.WON:
            category, is_chosen, day = Category.COMMIT, False, closed or expected
        else:
            is_chosen = pk in chosen
            category = chosen.get(pk, default_category(stage))
        lines.append(Line(pk, name, owner_id, amount, day, category, stage, is_chosen))
    return lines


def open_amounts(lines: list[Line], window_end: date) -> dict[int | None, dict[Category, Decimal]]:
    """Open amounts in the window by owner and category (signed ones count through orders)."""
    result: dict[int | None, dict[Category, Decimal]] = {}
    for line in lines:
        if line.in_window(window_end):
            by_category = result.setdefault(line.owner_id, {})
            by_category[line.category] = by_category.get(line.category, Decimal(0)) + line.amount
    return result
