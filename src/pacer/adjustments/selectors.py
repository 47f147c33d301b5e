"""Reads of adjustment proposals for a reader, and the sentence that explains each trigger."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext

from pacer.access import Actor
from pacer.adjustments.models import Adjustment
from pacer.plans.selectors import plans_for, visible_node_ids


def adjustments_for(actor: Actor) -> QuerySet[Adjustment]:
    """Proposals on plans the reader may read, newest first."""
    plans = plans_for(actor)
    return Adjustment.objects.filter(plan__in=plans).select_related("plan", "result")


def visible_rows(actor: Actor, adjustment: Adjustment) -> list[dict[str, Any]]:
    """The suggestion's nodes the reader may see, each with (month, before, after) rows."""
    visible = visible_node_ids(actor, adjustment.plan)
    rows = []
    for node in adjustment.suggestion.get("nodes", []):
        if node["id"] not in visible:
            continue
        months = [
            (month, node["before"][month], node["after"][month], node["before"][month] != after)
            for month, after in node["after"].items()
        ]
        rows.append({"label": node["label"], "tree": node["tree"], "months": months})
    return rows


def trigger_sentence(adjustment: Adjustment) -> str:
    """Why the proposal was opened, as one sentence."""
    v = adjustment.values
    if adjustment.trigger == "quarter_below":
        return gettext(
            "%(quarter)s 完成 %(actual)s 元，只达到目标 %(target)s 元的 %(attainment)s，"
            "低于 %(threshold)s：建议把缺口 %(gap)s 元分摊到剩余月份。"
        ) % {
            "quarter": v.get("quarter"),
            "actual": v.get("actual"),
            "target": v.get("target"),
            "attainment": _pct(v.get("attainment")),
            "threshold": _pct(v.get("threshold")),
            "gap": v.get("gap"),
        }
    if adjustment.trigger == "person_left":
        return gettext(
            "%(name)s 于 %(active_to)s 离岗，之后各月的目标 %(amount)s 元建议转给团队同事。"
        ) % {"name": v.get("name"), "active_to": v.get("active_to"), "amount": v.get("amount")}
    if adjustment.trigger == "project_postponed":
        return gettext(
            "%(owner)s 的项目「%(name)s」支撑 %(month)s 的目标，现预计 %(day)s 才签约："
            "建议把其加权金额 %(amount)s 元移到 %(to)s。"
        ) % {
            "owner": v.get("owner"),
            "name": v.get("name"),
            "month": v.get("month"),
            "day": v.get("expected_sign_date"),
            "amount": v.get("amount"),
            "to": ", ".join(str(m) for m in v.get("to", [])),
        }
    return gettext("触发条件：%(trigger)s") % {"trigger": adjustment.trigger}


def _pct(value: object) -> str:
    try:
        return f"{float(str(value)) * 100:.1f}%"
    except ValueError:
        return str(value)
