"""One person's month as a statement: the core's lines with their inputs, as stored JSON.

The JSON shapes are documented in docs/incentives.md. Decimals are exact text; money to the
fen. Explanations are stored in the company's default language (the record of what was said);
pages, the API and exports say them again in the reader's language from the same numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import translation

from pacer.incentives.explain import explain_line
from pacer.incentives.inputs import MonthData
from pacer.incentives.schemes import plan_from_snapshot
from pacer.planning.funnel import STAGES
from pacer.planning.money import to_money
from pacer.tracking.incentives import MonthResult, Statement, StatementLine, statement

RATIO = Decimal("0.0001")
# Line values that are money (kept to the fen); the others are rates, ratios or counts.
MONEY_VALUES = frozenset({"weighted_sales", "mentee_sales", "bonus"})


@dataclass(frozen=True)
class Payload:
    """What a statement stores, before it is saved."""

    scheme: dict[str, Any]
    inputs: dict[str, Any]
    lines: list[dict[str, Any]]
    sales: Decimal
    weighted_sales: Decimal
    attainment: Decimal | None
    total: Decimal

    def fingerprint(self) -> tuple[object, ...]:
        return fingerprint(self.scheme, self.inputs, self.lines, self.total)


def fingerprint(
    scheme: Mapping[str, Any],
    inputs: Mapping[str, Any],
    lines: list[dict[str, Any]],
    total: Decimal,
) -> tuple[object, ...]:
    """What must differ for a recomputation to be a new version (names and words excluded)."""
    return (
        {k: v for k, v in scheme.items() if k != "name"},
        dict(inputs),
        [{k: v for k, v in line.items() if k != "explanation"} for line in lines],
        Decimal(total),
    )


def _json_value(key: str, value: Decimal | int | str) -> int | str:
    if isinstance(value, Decimal):
        return str(to_money(value)) if key in MONEY_VALUES else str(value)
    return value


def month_payload(person_id: int, snapshot: dict[str, Any], data: MonthData) -> Payload:
    """The statement of ``person_id`` for ``data``'s month under the scheme ``snapshot``."""
    basis = snapshot["basis"]
    sales_by_line = data.sales[basis].get(person_id, {})
    mentees: list[dict[str, Any]] = [
        {"person_id": mentee, "sales": str(data.total_sales(basis, mentee))}
        for mentee in data.mentees.get(person_id, [])
    ]
    result = MonthResult(
        target=data.targets.get(person_id, Decimal(0)),
        sales_by_line=sales_by_line,
        actions_planned=data.planned.get(person_id, {}),
        actions_done=data.done.get(person_id, dict.fromkeys(STAGES, 0)),
        mentee_sales=sum((Decimal(m["sales"]) for m in mentees), Decimal(0)),
    )
    core = statement(result, plan_from_snapshot(snapshot))
    inputs = {
        "plan_id": data.plan.pk if data.plan else None,
        "target": str(to_money(result.target)),
        "sales_by_line": {line: str(amount) for line, amount in sorted(sales_by_line.items())},
        "records": {basis: data.records[basis].get(person_id, [])},
        "actions_planned": dict(result.actions_planned),
        "actions_done": {stage: result.actions_done.get(stage, 0) for stage in STAGES},
        "mentee_sales": str(to_money(result.mentee_sales)),
        "mentees": mentees,
    }
    attainment = core.attainment.quantize(RATIO) if core.attainment is not None else None
    return Payload(
        scheme=snapshot,
        inputs=inputs,
        lines=_lines(core, inputs, snapshot, attainment),
        sales=to_money(core.sales),
        weighted_sales=to_money(core.weighted_sales),
        attainment=attainment,
        total=to_money(core.total),
    )


def _lines(
    core: Statement, inputs: dict[str, Any], snapshot: dict[str, Any], attainment: Decimal | None
) -> list[dict[str, Any]]:
    lines = [_line_json(line) for line in core.lines]
    with translation.override(settings.LANGUAGE_CODE):
        for line in lines:
            line["explanation"] = explain_line(
                line,
                inputs=inputs,
                scheme=snapshot,
                attainment=None if attainment is None else str(attainment),
            )
    return lines


def _line_json(line: StatementLine) -> dict[str, Any]:
    return {
        "code": line.code,
        "amount": str(to_money(line.amount)),
        "values": {key: _json_value(key, value) for key, value in line.values.items()},
    }
