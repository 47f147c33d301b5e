"""The track report as JSON (documented in docs/track-json.md), for the CLI and the API.

Money is a decimal string in yuan (two places, four when the data carries them); ratios are
decimal strings (``"0.8125"`` = 81.25 %) or null when nothing is planned; dates are ISO 8601.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from pacer.planning.money import money_text
from pacer.planning.periods import Period
from pacer.progress.gaps import Attribution, SlippedProject
from pacer.progress.labels import shift_sentence, source_label
from pacer.progress.report import Figures, NodeFunnel, NodeProgress, TrackReport
from pacer.progress.sources import SourceReport
from pacer.tracking.lead_sources import SourceStats

RATIO = Decimal("0.0001")


def _money(value: Decimal) -> str:
    return money_text(value)


def _ratio(value: Decimal | None) -> str | None:
    """A ratio with four places (``"0.5385"``), rounded half-up once."""
    return None if value is None else str(value.quantize(RATIO, rounding=ROUND_HALF_UP))


def _period(p: Period) -> dict[str, str]:
    return {"start": p.start.isoformat(), "end": p.end.isoformat()}


def figures_json(f: Figures) -> dict[str, Any]:
    return {
        "target": _money(f.target),
        "actual": _money(f.actual),
        "attainment": _ratio(f.attainment),
        "expected_to_date": _money(f.expected_to_date),
        "pace": _ratio(f.pace),
        "pace_gap": _money(f.pace_gap),
        "projection": _money(f.projection),
        "signal": f.signal.value,
    }


def attribution_json(a: Attribution | None) -> dict[str, Any] | None:
    if a is None:
        return None
    b = a.bottleneck
    return {
        "stages": [
            {"stage": s.stage, "planned": s.planned, "done": s.done, "ratio": _ratio(s.ratio)}
            for s in a.stages
        ],
        "bottleneck": None
        if b is None
        else {
            "from_stage": b.from_stage or None,
            "to_stage": b.to_stage,
            "from_ratio": _ratio(b.from_ratio),
            "to_ratio": _ratio(b.to_ratio),
            "sentence": a.sentence,
        },
    }


def slipped_json(s: SlippedProject) -> dict[str, Any]:
    return {
        "project_id": s.project_id,
        "name": s.name,
        "amount": _money(s.amount),
        "probability": s.probability,
        "stage": s.stage,
        "kind": s.kind.value,
        "month": s.period.start.isoformat()[:7],
        "expected_sign_date": None
        if s.expected_sign_date is None
        else s.expected_sign_date.isoformat(),
    }


def node_json(n: NodeProgress) -> dict[str, Any]:
    node = n.node
    data: dict[str, Any] = {
        "id": node.id,
        "tree": node.tree,
        "dimension": node.dimension,
        "key": node.key,
        "label": node.label,
        "parent_id": node.parent_id,
        "depth": node.depth,
        "person_id": node.person_id,
        "team_id": node.team_id,
    }
    data.update(figures_json(n.year))
    data["periods"] = {name: figures_json(f) for name, f in n.windows.items()}
    data["months"] = [
        {
            "month": m.period.start.isoformat()[:7],
            "target": _money(m.target),
            "actual": _money(m.actual),
            "attainment": _ratio(m.attainment),
            "payments": _money(m.payments),
            "payments_target": None if m.payments_target is None else _money(m.payments_target),
            "plan_year_payments": None
            if m.plan_year_payments is None
            else _money(m.plan_year_payments),
        }
        for m in n.months
    ]
    data["payments"] = {
        "actual": _money(n.payments_actual),
        "plan": None
        if n.payments is None
        else {name: figures_json(f) for name, f in n.payments.items()},
    }
    return data


def gap_json(n: NodeProgress) -> dict[str, Any]:
    return {
        "node_id": n.node.id,
        "tree": n.node.tree,
        "key": n.node.key,
        "label": n.node.label,
        "pace_gap": _money(n.year.pace_gap),
        "funnel": attribution_json(n.funnel),
        "slipped": [slipped_json(s) for s in n.slipped],
        "slipped_amount": _money(sum((s.amount for s in n.slipped), Decimal(0))),
    }


def funnel_json(f: NodeFunnel) -> dict[str, Any]:
    return {
        "node_id": f.node.id,
        "person_id": f.node.person_id,
        "label": f.node.label,
        "months": [
            {
                "month": m.period.start.isoformat()[:7],
                "stages": {s: {"planned": m.planned[s], "done": m.done[s]} for s in m.planned},
            }
            for m in f.months
        ],
        "to_date": attribution_json(f.attribution),
    }


def _stats_json(s: SourceStats) -> dict[str, Any]:
    return {
        "source": s.source,
        "label": source_label(s.source),
        "leads": s.leads,
        "qualified": s.qualified,
        "converted": s.converted,
        "won": s.won,
        "revenue": _money(s.revenue),
        "qualification": _ratio(s.qualification),
        "conversion": _ratio(s.conversion),
        "win_rate": _ratio(s.win_rate),
    }


def sources_json(r: SourceReport) -> dict[str, Any]:
    return {
        "window": _period(r.window),
        "as_of": r.as_of.isoformat(),
        "rules": {"ratio": str(r.rules.ratio), "min_leads": r.rules.min_leads},
        "sources": [_stats_json(s) for s in r.rows],
        "months": [
            {
                "month": p.start.isoformat()[:7],
                **_period(p),
                "sources": [_stats_json(s) for s in rows],
            }
            for p, rows in r.months
        ],
        "recommendations": [
            {
                "from_source": s.weak,
                "to_source": s.strong,
                "from_conversion": _ratio(s.weak_rate),
                "to_conversion": _ratio(s.strong_rate),
                "ratio": None if s.ratio is None else str(s.ratio),
                "sentence": shift_sentence(s),
            }
            for s in r.shifts
        ],
    }


def plan_head_json(report: TrackReport) -> dict[str, Any]:
    plan = report.plan
    return {
        "id": plan.pk,
        "name": plan.name,
        "year": plan.year,
        "version": plan.version,
        "status": plan.status,
        "target": _money(plan.target),
    }


def track_json(report: TrackReport, sources: SourceReport) -> dict[str, Any]:
    """The whole report: plan, windows, both trees, funnel, gaps and lead sources."""
    months = report.months
    return {
        "plan": plan_head_json(report),
        "as_of": report.as_of.isoformat(),
        "windows": {
            w.name: _period(Period(months[w.first].start, months[w.last - 1].end))
            for w in report.windows
        },
        "thresholds": {
            "green": str(report.thresholds.green),
            "yellow": str(report.thresholds.yellow),
        },
        "trees": {tree: [node_json(n) for n in nodes] for tree, nodes in report.trees.items()},
        "funnel": [funnel_json(f) for f in report.people_funnels],
        "gaps": [gap_json(n) for nodes in report.trees.values() for n in nodes if n.behind],
        "lead_sources": sources_json(sources),
    }


def node_detail_json(report: TrackReport, n: NodeProgress) -> dict[str, Any]:
    """One node with its gap attribution, its visible children and its path from the root."""
    funnel = report.funnel_for(n.node.id)
    return {
        "plan": plan_head_json(report),
        "as_of": report.as_of.isoformat(),
        "node": node_json(n),
        "gap": gap_json(n),
        "behind": n.behind,
        "ancestors": [
            {"id": a.node.id, "label": a.node.label} for a in report.ancestors(n.node.id)
        ],
        "children": [node_json(c) for c in report.children(n.node.id)],
        "funnel": None if funnel is None else funnel_json(funnel),
    }
