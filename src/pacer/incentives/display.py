"""A statement's inputs and scheme values as rows for pages, in the active language."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from pacer.crm.models import ProductLine
from pacer.incentives.formatting import list_separator, percent, yuan
from pacer.incentives.inputs import NO_LINE
from pacer.incentives.models import Basis, IncentiveStatement
from pacer.org.models import AccessRole, Person, Position
from pacer.planning.funnel import STAGES
from pacer.planning.money import to_money
from pacer.plans.acceptance import STAGE_LABELS

Json = Mapping[str, Any]


@dataclass(frozen=True)
class StageRow:
    stage: str
    label: str
    planned: int
    done: int

    @property
    def complete(self) -> bool:
        return self.done >= self.planned


@dataclass(frozen=True)
class SalesRow:
    code: str
    label: str
    amount: Decimal
    weight: Decimal
    weighted: Decimal


def stage_rows(inputs: Json) -> list[StageRow]:
    planned: Json = inputs.get("actions_planned", {})
    done: Json = inputs.get("actions_done", {})
    return [
        StageRow(
            stage, str(STAGE_LABELS.get(stage, stage)), planned.get(stage, 0), done.get(stage, 0)
        )
        for stage in STAGES
    ]


def sales_rows(statement: IncentiveStatement) -> list[SalesRow]:
    """Sales by product line (named as today; the code when the line is gone) and weight."""
    weights: Json = statement.scheme_snapshot.get("line_weights", {})
    sales: Json = statement.inputs.get("sales_by_line", {})
    names = dict(ProductLine.objects.filter(code__in=list(sales)).values_list("code", "name"))
    names[NO_LINE] = str(_("未指定产品线"))
    rows = []
    for code, text in sales.items():
        amount, weight = Decimal(text), Decimal(weights.get(code, "1"))
        label = names.get(code, code)
        rows.append(SalesRow(code, label, amount, weight, to_money(amount * weight)))
    return rows


def mentee_rows(inputs: Json) -> list[tuple[str, Decimal]]:
    mentees = inputs.get("mentees", [])
    names = dict(
        Person.objects.filter(pk__in=[m["person_id"] for m in mentees]).values_list("pk", "name")
    )
    return [(names.get(m["person_id"], f"#{m['person_id']}"), Decimal(m["sales"])) for m in mentees]


def _codes(codes: list[str], labels: Mapping[str, Any]) -> str:
    if not codes:
        return str(_("全部"))
    return list_separator().join(str(labels.get(code, code)) for code in codes)


def scheme_rows(snapshot: Json, scheme: Any = None) -> list[tuple[str, str]]:
    """Label and value of each scheme field (``scheme``: the live row, for whom it applies)."""
    basis = snapshot["basis"]
    weights = snapshot.get("line_weights", {})
    rows = [
        (str(_("计提口径")), str(Basis(basis).label) if basis in Basis.values else basis),
        (str(_("动作达标奖")), yuan(snapshot["action_bonus"])),
        (str(_("每个超额方案奖")), yuan(snapshot["extra_proposal_bonus"])),
        (str(_("基础提成率")), percent(snapshot["base_rate"])),
        (str(_("达成当月目标的费率加成")), "+" + percent(snapshot["target_met_rate_bonus"], 0)),
        (str(_("加速奖门槛(完成率)")), percent(snapshot["accelerator_threshold"], 0)),
        (str(_("加速奖比例")), percent(snapshot["accelerator_rate"])),
        (
            str(_("产品线权重")),
            list_separator().join(f"{code} × {weight}" for code, weight in weights.items())
            or str(_("全部为 1")),
        ),
        (str(_("带教提成率")), percent(snapshot["mentoring_rate"])),
    ]
    if scheme is not None:
        rows[:0] = [
            (str(_("适用岗位")), _codes(scheme.positions or [], dict(Position.choices))),
            (str(_("适用系统角色")), _codes(scheme.access_roles or [], dict(AccessRole.choices))),
        ]
    return rows
