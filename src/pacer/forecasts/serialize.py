"""The documented JSON of the probability (docs/forecast.md), for the CLI and the API alike.

Amounts are decimal strings in yuan; ratios decimal strings (accuracy, bias) or numbers
(simulated probabilities); dates ISO strings; windows half-open ``[start, end)``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pacer.forecasts.probability import LEVEL_NAMES, ProbabilityResult


def _float(value: float) -> float:
    return round(value, 6)


def probability_json(result: ProbabilityResult) -> dict[str, Any]:
    periods = []
    last = len(result.periods) - 1
    for i, (outcome, levels) in enumerate(zip(result.periods, result.levels, strict=True)):
        periods.append(
            {
                "kind": "year" if i == last else "quarter",
                "start": outcome.period.start.isoformat(),
                "end": outcome.period.end.isoformat(),
                "already": str(outcome.already),
                "levels": {name: str(levels[name]) for name in LEVEL_NAMES},
                "probabilities": {
                    name: _float(outcome.probabilities[name]) for name in LEVEL_NAMES
                },
                "mean": str(Decimal(str(outcome.mean)).quantize(Decimal("0.01"))),
                "quantiles": {
                    k: str(Decimal(str(v)).quantize(Decimal("0.01")))
                    for k, v in outcome.quantiles.items()
                },
            }
        )
    calibration = result.calibration
    return {
        "plan_id": result.plan_id,
        "year": result.year,
        "as_of": result.as_of.isoformat(),
        "trials": result.trials,
        "seed": result.seed,
        "scope": result.scope,
        "periods": periods,
        "histogram": [
            {"from": str(Decimal(str(edge)).quantize(Decimal("0.01"))), "trials": count}
            for edge, count in result.histogram
        ],
        "calibration": {
            "closed_sample": calibration.closed_sample,
            "win_rates": {k: _float(v) for k, v in calibration.company.rates.items()},
            "early_sample": calibration.company.early_sample,
            "late_sample": calibration.company.late_sample,
            "people_with_own_rates": calibration.people,
            "delay_source": calibration.delays.source,
            "delay_days": list(calibration.delays.days),
        },
        "open_projects": len(result.projects),
    }
