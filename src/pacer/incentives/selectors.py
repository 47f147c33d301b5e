"""Reads of incentive statements, scoped through ``pacer.access``, and their JSON.

A person sees the statements of the people their scope holds: a rep their own, a manager
theirs and their reports', directors and admins everyone's. Schemes are company rules, read by
everyone with a person (and admins).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet

from pacer import access
from pacer.access import Actor
from pacer.incentives.explain import explain_line, line_label
from pacer.incentives.models import IncentiveScheme, IncentiveStatement, StatementStatus
from pacer.incentives.months import month_text


def statements_for(actor: Actor) -> QuerySet[IncentiveStatement]:
    statements = IncentiveStatement.objects.select_related("person", "person__team")
    if actor.sees_all:
        return statements
    return statements.filter(person__in=access.people_for(actor))


def statement_for(actor: Actor, pk: object) -> IncentiveStatement:
    return access.get_visible(statements_for(actor), pk)


def month_statements(
    actor: Actor, month: date, *, include_superseded: bool = False
) -> QuerySet[IncentiveStatement]:
    """The month's statements the actor may see, by person then newest version first."""
    statements = statements_for(actor).filter(month=month)
    if not include_superseded:
        statements = statements.filter(status=StatementStatus.CURRENT)
    return statements.order_by("person__name", "person_id", "-version")


def versions_of(statement: IncentiveStatement) -> list[IncentiveStatement]:
    """Every version of the statement's person and month, newest first."""
    return list(
        IncentiveStatement.objects.filter(person_id=statement.person_id, month=statement.month)
        .select_related("person")
        .order_by("-version")
    )


@dataclass(frozen=True)
class MonthOfStatements:
    month: date
    current: IncentiveStatement
    earlier: tuple[IncentiveStatement, ...]


def person_months(actor: Actor, person_id: int) -> list[MonthOfStatements]:
    """A person's months, newest first: the current statement and the earlier versions."""
    rows = list(statements_for(actor).filter(person_id=person_id).order_by("-month", "-version"))
    months: list[MonthOfStatements] = []
    for row in rows:
        if row.is_current:
            earlier = tuple(r for r in rows if r.month == row.month and not r.is_current)
            months.append(MonthOfStatements(row.month, row, earlier))
    return months


def latest_month(actor: Actor) -> date | None:
    return statements_for(actor).order_by("-month").values_list("month", flat=True).first()


def schemes_for(actor: Actor) -> QuerySet[IncentiveScheme]:
    if actor.person_id is None and not actor.is_admin:
        return IncentiveScheme.objects.none()
    return IncentiveScheme.objects.order_by("-valid_from", "name", "pk")


def explained_lines(statement: IncentiveStatement) -> list[dict[str, Any]]:
    """The stored lines with their label and explanation in the active language."""
    attainment = None if statement.attainment is None else str(statement.attainment)
    return [
        {
            **line,
            "label": line_label(line["code"]),
            "explanation": explain_line(
                line,
                inputs=statement.inputs,
                scheme=statement.scheme_snapshot,
                attainment=attainment,
            ),
        }
        for line in statement.lines
    ]


def statement_json(
    statement: IncentiveStatement, *, versions: list[IncentiveStatement] | None = None
) -> dict[str, Any]:
    """A statement as documented in docs/incentives.md (``versions`` only when given)."""
    data: dict[str, Any] = {
        "id": statement.pk,
        "person_id": statement.person_id,
        "person": statement.person.name,
        "month": month_text(statement.month),
        "version": statement.version,
        "status": statement.status,
        "superseded_by_id": statement.superseded_by_id,
        "as_of": statement.as_of.isoformat(),
        "computed_at": statement.computed_at.isoformat(),
        "scheme": statement.scheme_snapshot,
        "inputs": statement.inputs,
        "sales": str(statement.sales),
        "weighted_sales": str(statement.weighted_sales),
        "attainment": None if statement.attainment is None else str(statement.attainment),
        "total": str(statement.total),
        "lines": explained_lines(statement),
    }
    if versions is not None:
        data["versions"] = [
            {
                "id": v.pk,
                "version": v.version,
                "status": v.status,
                "total": str(v.total),
                "as_of": v.as_of.isoformat(),
                "computed_at": v.computed_at.isoformat(),
            }
            for v in versions
        ]
    return data
