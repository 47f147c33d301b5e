"""Tracking thresholds, with the field's defaults, overridable in settings.

- ``PACER_PACE_THRESHOLDS = {"green": "1", "yellow": "0.8"}``: pace (actual ÷ expected) at
  which a node is green / yellow; below yellow it is red;
- ``PACER_LEAD_SOURCE_RULES = {"ratio": "3", "min_leads": 10}``: recommend moving budget when
  one source converts ``ratio`` times another, both with at least ``min_leads`` leads.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings

from pacer.tracking.lead_sources import ShiftRules
from pacer.tracking.rag import PaceThresholds


def pace_thresholds() -> PaceThresholds:
    conf = getattr(settings, "PACER_PACE_THRESHOLDS", {})
    default = PaceThresholds()
    return PaceThresholds(
        green=Decimal(str(conf.get("green", default.green))),
        yellow=Decimal(str(conf.get("yellow", default.yellow))),
    )


def shift_rules() -> ShiftRules:
    conf = getattr(settings, "PACER_LEAD_SOURCE_RULES", {})
    default = ShiftRules()
    return ShiftRules(
        ratio=Decimal(str(conf.get("ratio", default.ratio))),
        min_leads=int(conf.get("min_leads", default.min_leads)),
    )
