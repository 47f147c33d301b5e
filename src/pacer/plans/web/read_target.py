"""The target-setting page's reading of a plan: three views side by side and the verdict."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from pacer.plans.explain import explain
from pacer.plans.labels import BOTTOM_UP_PARTS, VERDICTS
from pacer.plans.models import Plan


@dataclass(frozen=True)
class MarketInputs:
    """Market size last year (yuan), its growth and the share aimed for (fractions)."""

    size: Decimal
    growth: Decimal
    share: Decimal


@dataclass(frozen=True)
class TargetViews:
    """The three views of a plan's target (yuan) and the verdict with its reasons.

    ``last_year`` and ``growth`` are the top-down view's inputs (``growth`` is the wanted growth,
    or the growth the target needs when none was given); ``market`` is ``None`` when no market
    assumptions were entered.
    """

    target: Decimal
    top_down: Decimal
    last_year: Decimal | None
    growth: Decimal | None
    growth_wanted: bool
    bottom_up: Decimal
    parts: tuple[tuple[str, Decimal], ...]
    backing: Decimal | None
    market: Decimal | None
    market_inputs: MarketInputs | None
    verdict: str
    verdict_label: str
    reasons: tuple[str, ...]


def _decimal(value: object) -> Decimal | None:
    return None if value is None or value == "" else Decimal(str(value))


def target_views(plan: Plan) -> TargetViews:
    views = plan.views
    reasons = views.get("reasons", [])
    growth_reason = next((r for r in reasons if r.get("code") == "growth_needed"), None)
    last_year = _decimal(growth_reason["values"].get("last_year")) if growth_reason else None
    wanted = _decimal(plan.assumptions.get("wanted_growth"))
    market = plan.assumptions.get("market")
    verdict = str(views.get("verdict", ""))
    return TargetViews(
        target=plan.target,
        top_down=Decimal(views.get("top_down", "0")),
        last_year=last_year,
        growth=wanted if wanted is not None else _decimal(views.get("growth_needed")),
        growth_wanted=wanted is not None,
        bottom_up=Decimal(views.get("bottom_up", "0")),
        parts=tuple(
            (str(BOTTOM_UP_PARTS.get(p["part"], p["part"])), Decimal(p["amount"]))
            for p in views.get("bottom_up_parts", [])
        ),
        backing=_decimal(views.get("backing")),
        market=_decimal(views.get("market")),
        market_inputs=MarketInputs(
            size=Decimal(market["size"]),
            growth=Decimal(market["growth"]),
            share=Decimal(market["share"]),
        )
        if market
        else None,
        verdict=verdict,
        verdict_label=str(VERDICTS.get(verdict, verdict)),
        reasons=tuple(explain(r) for r in reasons),
    )
