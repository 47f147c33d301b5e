"""Which scheme applies to whom in a month, and the scheme values a statement keeps.

A scheme applies to a person when it is in force on at least one day of the month and the
person's position is in its positions (an empty list: any position) and their access role is
in its access roles (an empty list: any role). When several apply, the most specific wins
(both lists given, then one, then none), then the one that took effect last, then the newest.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet

from pacer.incentives.models import IncentiveScheme
from pacer.org.models import Person
from pacer.tracking.incentives import IncentivePlan

SCHEME_DECIMALS = (
    "action_bonus",
    "extra_proposal_bonus",
    "base_rate",
    "target_met_rate_bonus",
    "accelerator_threshold",
    "accelerator_rate",
    "mentoring_rate",
)


def in_force(model_qs: QuerySet[Any], start: date, end: date) -> QuerySet[Any]:
    """Rows of ``[valid_from, valid_to)`` overlapping the month ``[start, end)``."""
    return model_qs.filter(valid_from__lt=end).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=start)
    )


def schemes_in_force(start: date, end: date) -> list[IncentiveScheme]:
    return list(in_force(IncentiveScheme.objects.all(), start, end).order_by("pk"))


def _applies(scheme: IncentiveScheme, person: Person) -> bool:
    positions, roles = scheme.positions or [], scheme.access_roles or []
    return (not positions or person.position in positions) and (
        not roles or person.access_role in roles
    )


def _preference(scheme: IncentiveScheme) -> tuple[int, date, int]:
    return (
        int(bool(scheme.positions)) + int(bool(scheme.access_roles)),
        scheme.valid_from,
        scheme.pk,
    )


def scheme_for(person: Person, schemes: Iterable[IncentiveScheme]) -> IncentiveScheme | None:
    matching = [s for s in schemes if _applies(s, person)]
    return max(matching, key=_preference) if matching else None


def scheme_snapshot(scheme: IncentiveScheme) -> dict[str, Any]:
    """The scheme's values as JSON (decimals as exact text), kept on every statement."""
    data: dict[str, Any] = {"id": scheme.pk, "name": scheme.name, "basis": scheme.basis}
    data.update({name: str(getattr(scheme, name)) for name in SCHEME_DECIMALS})
    data["line_weights"] = {
        str(code): str(Decimal(str(weight)))
        for code, weight in sorted((scheme.line_weights or {}).items())
    }
    data["valid_from"] = scheme.valid_from.isoformat()
    data["valid_to"] = scheme.valid_to.isoformat() if scheme.valid_to else None
    return data


def plan_from_snapshot(snapshot: Mapping[str, Any]) -> IncentivePlan:
    """The pure core's incentive plan from a statement's scheme values."""
    return IncentivePlan(
        basis=snapshot["basis"],
        action_bonus=Decimal(snapshot["action_bonus"]),
        extra_proposal_bonus=Decimal(snapshot["extra_proposal_bonus"]),
        base_rate=Decimal(snapshot["base_rate"]),
        target_met_rate_bonus=Decimal(snapshot["target_met_rate_bonus"]),
        accelerator_threshold=Decimal(snapshot["accelerator_threshold"]),
        accelerator_rate=Decimal(snapshot["accelerator_rate"]),
        line_weights={code: Decimal(w) for code, w in snapshot["line_weights"].items()},
        mentoring_rate=Decimal(snapshot["mentoring_rate"]),
    )
