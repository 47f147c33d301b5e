"""Assumptions to and from JSON, so a plan keeps exactly what it was built with."""

from __future__ import annotations

from dataclasses import fields, replace
from decimal import Decimal
from typing import Any

from pacer.planning.business_type import BusinessType
from pacer.planning.feasibility import Market
from pacer.planning.inputs import Assumptions
from pacer.planning.levels import AmbitionRates

DECIMAL_FIELDS = {
    "wanted_growth",
    "retention",
    "renewal_uplift",
    "new_product_share",
    "min_new_product_share",
    "tier_a_threshold",
    "tier_b_threshold",
    "tier_a_share",
    "tier_b_share",
    "over_assign",
    "coverage_threshold",
    "budget_rate",
    "win_rate_factor",
    "deal_size_factor",
}


def assumptions_to_json(a: Assumptions) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for f in fields(a):
        value = getattr(a, f.name)
        if f.name in DECIMAL_FIELDS:
            data[f.name] = None if value is None else str(value)
        elif f.name == "ambition":
            data[f.name] = {k: str(getattr(value, k)) for k in ("base", "stretch", "breakthrough")}
        elif f.name == "ramp":
            data[f.name] = [[days, str(fraction)] for days, fraction in value]
        elif f.name == "market":
            data[f.name] = (
                None
                if value is None
                else {k: str(getattr(value, k)) for k in ("size", "growth", "share")}
            )
        elif f.name == "business_type_shares":
            data[f.name] = None if value is None else {k.value: str(v) for k, v in value.items()}
        elif f.name == "verdict_rules":
            continue
        else:
            data[f.name] = value
    return data


def assumptions_from_json(data: dict[str, Any]) -> Assumptions:
    a = Assumptions()
    changes: dict[str, Any] = {}
    for name, value in data.items():
        if name in DECIMAL_FIELDS:
            changes[name] = None if value is None else Decimal(value)
        elif name == "ambition":
            changes[name] = AmbitionRates(**{k: Decimal(v) for k, v in value.items()})
        elif name == "ramp":
            changes[name] = tuple((int(d), Decimal(f)) for d, f in value)
        elif name == "market":
            changes[name] = (
                None if value is None else Market(**{k: Decimal(v) for k, v in value.items()})
            )
        elif name == "business_type_shares":
            changes[name] = (
                None if value is None else {BusinessType(k): Decimal(v) for k, v in value.items()}
            )
        elif name in {"tier_method", "seasonality_source", "min_funnel_sample"}:
            changes[name] = value
    return replace(a, **changes)
