"""Each statement line in words, in the active language: the numbers it was computed from.

A line is the stored JSON ``{"code", "amount", "values"}``; the sentence also reads the
statement's inputs (target, actions) and scheme values (threshold), never the database.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pacer.incentives.formatting import exact_money, list_separator, percent, yuan
from pacer.plans.acceptance import STAGE_LABELS

LINE_LABELS = {
    "actions_complete": _("动作达标奖"),
    "extra_proposals": _("超额方案奖"),
    "commission": _("提成"),
    "accelerator": _("加速奖"),
    "mentoring": _("带教奖"),
}

Json = Mapping[str, Any]


def line_label(code: str) -> str:
    label = LINE_LABELS.get(code)
    return str(label) if label is not None else code


def explain_line(line: Json, *, inputs: Json, scheme: Json, attainment: str | None) -> str:
    """The sentence for one line; an unknown code shows its label and amount.

    ``attainment`` is the month's sales ÷ target as decimal text, ``None`` without a target.
    """
    values = line.get("values", {})
    amount = Decimal(line["amount"])
    sentences: dict[str, Callable[[], str]] = {
        "actions_complete": lambda: _actions_complete(amount, inputs),
        "extra_proposals": lambda: _extra_proposals(amount, values, inputs),
        "commission": lambda: _commission(amount, values, inputs, scheme, attainment),
        "accelerator": lambda: _accelerator(amount, values, scheme),
        "mentoring": lambda: (
            gettext("带教奖：所带新人当月销售额 %(sales)s × %(rate)s = %(amount)s")
            % {
                "sales": exact_money(values["mentee_sales"]),
                "rate": percent(values["rate"]),
                "amount": exact_money(amount),
            }
        ),
    }
    make = sentences.get(line["code"])
    if make is None:
        return f"{line_label(line['code'])}: {exact_money(amount)}"
    return make()


def _stage_counts(inputs: Json) -> str:
    planned: Json = inputs.get("actions_planned", {})
    done: Json = inputs.get("actions_done", {})
    parts = [
        gettext("%(stage)s %(done)s/%(planned)s")
        % {"stage": STAGE_LABELS.get(stage, stage), "done": done.get(stage, 0), "planned": count}
        for stage, count in planned.items()
    ]
    return list_separator().join(parts)


def _actions_complete(amount: Decimal, inputs: Json) -> str:
    return gettext(
        "动作达标奖：当月各阶段动作目标全部完成（完成/计划：%(stages)s），奖励 %(amount)s"
    ) % {"stages": _stage_counts(inputs), "amount": yuan(amount)}


def _extra_proposals(amount: Decimal, values: Json, inputs: Json) -> str:
    return gettext(
        "超额方案奖：当月发出方案 %(done)s 个，计划 %(planned)s 个，"
        "超出 %(extra)s 个 × %(bonus)s = %(amount)s"
    ) % {
        "done": inputs.get("actions_done", {}).get("proposal", 0),
        "planned": inputs.get("actions_planned", {}).get("proposal", 0),
        "extra": values["extra"],
        "bonus": yuan(values["bonus"]),
        "amount": yuan(amount),
    }


def _commission(
    amount: Decimal, values: Json, inputs: Json, scheme: Json, attainment: str | None
) -> str:
    numbers = {
        "weighted": exact_money(values["weighted_sales"]),
        "rate": percent(values["rate"]),
        "amount": exact_money(amount),
        "bonus": percent(scheme["target_met_rate_bonus"], 0),
        "target": exact_money(inputs.get("target", "0")),
        "attainment": percent(attainment, max_places=1) if attainment is not None else "",
    }
    if int(values.get("target_met", 0)):
        text = gettext(
            "提成：加权销售额 %(weighted)s × 费率 %(rate)s（当月目标已达成，+%(bonus)s）"
            "= %(amount)s"
        )
    elif attainment is not None:
        text = gettext(
            "提成：加权销售额 %(weighted)s × 费率 %(rate)s"
            "（当月目标 %(target)s 未达成，完成率 %(attainment)s）= %(amount)s"
        )
    else:
        text = gettext(
            "提成：加权销售额 %(weighted)s × 费率 %(rate)s（当月没有目标，按基础费率）= %(amount)s"
        )
    return text % numbers


def _accelerator(amount: Decimal, values: Json, scheme: Json) -> str:
    return gettext(
        "加速奖：当月完成率 %(attainment)s，超过 %(threshold)s，"
        "加权销售额 %(weighted)s × %(rate)s = %(amount)s"
    ) % {
        "attainment": percent(values["attainment"], max_places=1),
        "threshold": percent(scheme["accelerator_threshold"], 0),
        "weighted": exact_money(values["weighted_sales"]),
        "rate": percent(values["rate"]),
        "amount": exact_money(amount),
    }
