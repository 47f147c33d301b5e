"""Lead-source effectiveness for a reader: per source over a window and per month of it.

The default window is the twelve months before the reference day, so that every season and
every yearly fair is in it once. Leads are the reader's (``pacer.access.leads_for``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from pacer.access import Actor, leads_for
from pacer.crm.models import Lead, LeadSource, Stage
from pacer.planning.periods import Period, add_months
from pacer.progress.config import shift_rules
from pacer.tracking.lead_sources import (
    BudgetShift,
    LeadRecord,
    ShiftRules,
    SourceStats,
    budget_shifts,
    source_stats,
)

SOURCES = tuple(LeadSource.values)


@dataclass(frozen=True)
class SourceReport:
    window: Period
    as_of: date
    rows: tuple[SourceStats, ...]
    months: tuple[tuple[Period, tuple[SourceStats, ...]], ...]
    shifts: tuple[BudgetShift, ...]
    rules: ShiftRules


def default_window(as_of: date) -> Period:
    """The twelve months before ``as_of`` (29 February counts from 28 February)."""
    try:
        start = as_of.replace(year=as_of.year - 1)
    except ValueError:
        start = as_of.replace(year=as_of.year - 1, day=28)
    return Period(start, as_of)


def _months(window: Period) -> list[Period]:
    result, start = [], window.start.replace(day=1)
    while start < window.end:
        nxt = add_months(start, 1)
        result.append(Period(max(start, window.start), min(nxt, window.end)))
        start = nxt
    return result


def lead_records(actor: Actor | None, window: Period) -> list[LeadRecord]:
    leads = Lead.objects.all() if actor is None else leads_for(actor)
    rows = (
        leads.filter(date__gte=window.start, date__lt=window.end)
        .order_by("pk")
        .values_list(
            "source",
            "date",
            "qualified_date",
            "project_id",
            "project__created_date",
            "project__stage",
            "project__closed_date",
            "project__amount",
        )
    )
    return [
        LeadRecord(
            source=source,
            day=day,
            qualified_date=qualified,
            project_id=project_id,
            project_created=created,
            # A won project without a closing day counts as won from the lead's day on.
            won_date=(closed or day) if stage == Stage.WON else None,
            project_amount=amount if amount is not None else Decimal(0),
        )
        for source, day, qualified, project_id, created, stage, closed, amount in rows
    ]


def lead_source_report(
    actor: Actor | None,
    as_of: date,
    window: Period | None = None,
    rules: ShiftRules | None = None,
) -> SourceReport:
    """Per source over ``window`` (default: the twelve months before ``as_of``)."""
    window = window or default_window(as_of)
    rules = rules or shift_rules()
    records = lead_records(actor, window)
    rows = tuple(source_stats(records, window, as_of, SOURCES))
    months = tuple((m, tuple(source_stats(records, m, as_of, SOURCES))) for m in _months(window))
    return SourceReport(
        window=window,
        as_of=as_of,
        rows=rows,
        months=months,
        shifts=tuple(budget_shifts(rows, rules)),
        rules=rules,
    )


def window_from(start: date | None, end: date | None, as_of: date) -> Period | None:
    """A window from optional bounds (``end`` exclusive, default ``as_of``); None if empty."""
    if start is None and end is None:
        return default_window(as_of)
    end = end or as_of
    start = start or (end - timedelta(days=365))
    return Period(start, end) if start < end else None
