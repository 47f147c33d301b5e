"""Red / yellow / green alert rules over projects, milestones and customers.

The field's defaults, every threshold configurable (per stage for contact, per tier for visits):
- no contact for more than 7 days → yellow, more than 14 → red;
- proposal sent and no feedback for more than 5 days → yellow;
- a competitor present → yellow;
- budget cancelled, customer gives up, or a competitor's MOU → red;
- a milestone past its due day and not done → yellow;
- an A-tier customer not visited within its cadence (30 days) → yellow.
Each alert has a stable ``key`` (rule + subject) so that evaluating again never duplicates it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pacer.tracking.alert_columns import ProjectColumns


class Signal(StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"


RED_FLAGS = ("budget_cancelled", "customer_gave_up", "competitor_mou")


@dataclass(frozen=True)
class ProjectSnapshot:
    """An open project as the rules see it on a given day."""

    project_id: int
    owner_id: int | None
    stage: str
    last_contact_date: date | None
    created_date: date | None = None
    proposal_sent_date: date | None = None
    feedback_date: date | None = None
    competitor_present: bool = False
    flags: frozenset[str] = frozenset()


@dataclass(frozen=True)
class MilestoneSnapshot:
    milestone_id: int
    project_id: int
    owner_id: int | None
    due_date: date
    done_date: date | None


@dataclass(frozen=True)
class CustomerSnapshot:
    customer_id: int
    owner_id: int | None
    tier: str
    last_visit_date: date | None


@dataclass(frozen=True)
class AlertRules:
    """Thresholds in days. ``contact_by_stage`` overrides (yellow, red) for a stage."""

    contact_yellow_days: int = 7
    contact_red_days: int = 14
    contact_by_stage: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    proposal_feedback_days: int = 5
    visit_cadence_days: Mapping[str, int] = field(default_factory=lambda: {"A": 30})

    def contact_thresholds(self, stage: str) -> tuple[int, int]:
        return self.contact_by_stage.get(stage, (self.contact_yellow_days, self.contact_red_days))


@dataclass(frozen=True)
class Alert:
    """One raised alert; ``values`` carry the numbers for its sentence."""

    rule: str
    signal: Signal
    subject: str
    subject_id: int
    owner_id: int | None
    values: Mapping[str, int | str] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """Identifies the condition: the same rule on the same subject is the same alert."""
        return f"{self.rule}:{self.subject}:{self.subject_id}"


def evaluate_project(p: ProjectSnapshot, today: date, rules: AlertRules) -> list[Alert]:
    alerts = []
    yellow, red = rules.contact_thresholds(p.stage)
    last = p.last_contact_date or p.created_date
    if last is not None:
        idle = (today - last).days
        if idle > red:
            alerts.append(_project(p, "no_contact", Signal.RED, days=idle, limit=red))
        elif idle > yellow:
            alerts.append(_project(p, "no_contact", Signal.YELLOW, days=idle, limit=yellow))
    if p.proposal_sent_date is not None and (
        p.feedback_date is None or p.feedback_date < p.proposal_sent_date
    ):
        waiting = (today - p.proposal_sent_date).days
        if waiting > rules.proposal_feedback_days:
            alerts.append(
                _project(
                    p,
                    "no_feedback",
                    Signal.YELLOW,
                    days=waiting,
                    limit=rules.proposal_feedback_days,
                )
            )
    if p.competitor_present:
        alerts.append(_project(p, "competitor", Signal.YELLOW))
    alerts.extend(_project(p, flag, Signal.RED) for flag in RED_FLAGS if flag in p.flags)
    return alerts


def _project(p: ProjectSnapshot, rule: str, signal: Signal, **values: int) -> Alert:
    return Alert(rule, signal, "project", p.project_id, p.owner_id, dict(values))


def evaluate_milestone(m: MilestoneSnapshot, today: date) -> list[Alert]:
    if m.done_date is None and m.due_date < today:
        late = (today - m.due_date).days
        return [
            Alert(
                "milestone_overdue",
                Signal.YELLOW,
                "milestone",
                m.milestone_id,
                m.owner_id,
                {"days": late, "project": m.project_id},
            )
        ]
    return []


def evaluate_customer(c: CustomerSnapshot, today: date, rules: AlertRules) -> list[Alert]:
    cadence = rules.visit_cadence_days.get(c.tier)
    if cadence is None:
        return []
    if c.last_visit_date is None:
        return [
            Alert(
                "visit_due",
                Signal.YELLOW,
                "customer",
                c.customer_id,
                c.owner_id,
                {"days": -1, "limit": cadence},
            )
        ]
    since = (today - c.last_visit_date).days
    if since > cadence:
        return [
            Alert(
                "visit_due",
                Signal.YELLOW,
                "customer",
                c.customer_id,
                c.owner_id,
                {"days": since, "limit": cadence},
            )
        ]
    return []


def evaluate(
    *,
    projects: Iterable[ProjectSnapshot] | ProjectColumns,
    milestones: Iterable[MilestoneSnapshot],
    customers: Iterable[CustomerSnapshot],
    today: date,
    rules: AlertRules | None = None,
) -> list[Alert]:
    """Every alert on ``today``, one per key (the worst signal wins), in a stable order: worst
    signal first, then by subject (customer, milestone, project), subject id and rule.

    ``projects`` may be given as columns (``pacer.tracking.alert_columns``); the project rules
    run over columns either way, the rules of ``evaluate_project`` applied to every row at once.
    """
    # Imported here: the columns module builds on this module's types.
    from pacer.tracking import alert_columns

    r = rules or AlertRules()
    columns = (
        projects
        if isinstance(projects, alert_columns.ProjectColumns)
        else alert_columns.snapshot_columns(projects)
    )
    raised = alert_columns.raise_project_alerts(columns, today, r)
    on_projects = alert_columns.project_alerts(columns, raised)
    others: list[Alert] = []
    for m in milestones:
        others.extend(evaluate_milestone(m, today))
    for c in customers:
        others.extend(evaluate_customer(c, today, r))
    order = {Signal.GREEN: 0, Signal.YELLOW: 1, Signal.RED: 2}
    found: dict[str, Alert] = {}
    for alert in others:
        current = found.get(alert.key)
        if current is None or order[alert.signal] > order[current.signal]:
            found[alert.key] = alert
    rest = sorted(found.values(), key=lambda a: (-order[a.signal], a.subject, a.subject_id, a.rule))
    # Project alerts come sorted; "project" sorts after "customer" and "milestone", so within
    # each signal they follow the others.
    result: list[Alert] = []
    for signal in (Signal.RED, Signal.YELLOW, Signal.GREEN):
        result.extend(a for a in rest if a.signal is signal)
        result.extend(a for a in on_projects if a.signal is signal)
    return result


def project_signal(alerts: Sequence[Alert], project_id: int) -> Signal:
    """A project's light: the worst of its alerts, green when it has none."""
    signals = {a.signal for a in alerts if a.subject == "project" and a.subject_id == project_id}
    if Signal.RED in signals:
        return Signal.RED
    if Signal.YELLOW in signals:
        return Signal.YELLOW
    return Signal.GREEN
