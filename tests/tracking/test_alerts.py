from __future__ import annotations

from datetime import date, timedelta

import pytest

from pacer.tracking.alerts import (
    AlertRules,
    CustomerSnapshot,
    MilestoneSnapshot,
    ProjectSnapshot,
    Signal,
    evaluate,
    project_signal,
)

TODAY = date(2026, 6, 15)


def idle(days: int, **kwargs: object) -> ProjectSnapshot:
    return ProjectSnapshot(
        project_id=1,
        owner_id=5,
        stage="proposal",
        last_contact_date=TODAY - timedelta(days=days),
        **kwargs,  # type: ignore[arg-type]
    )


def run(*projects: ProjectSnapshot, milestones=(), customers=(), rules=None):  # type: ignore[no-untyped-def]
    return evaluate(
        projects=projects, milestones=milestones, customers=customers, today=TODAY, rules=rules
    )


@pytest.mark.parametrize(
    ("days", "signal"),
    [(7, None), (8, Signal.YELLOW), (14, Signal.YELLOW), (15, Signal.RED)],
)
def test_no_contact_thresholds(days: int, signal: Signal | None) -> None:
    alerts = run(idle(days))
    assert [a.signal for a in alerts] == ([signal] if signal else [])
    if signal:
        assert alerts[0].values["days"] == days


def test_created_date_stands_in_for_a_first_contact_and_none_means_nothing() -> None:
    fresh = ProjectSnapshot(1, 5, "lead", None, created_date=TODAY - timedelta(days=9))
    assert run(fresh)[0].rule == "no_contact"
    assert run(ProjectSnapshot(1, 5, "lead", None)) == []


def test_stage_specific_contact_thresholds() -> None:
    rules = AlertRules(contact_by_stage={"lead": (20, 40)})
    lead = ProjectSnapshot(1, 5, "lead", TODAY - timedelta(days=21))
    assert run(lead, rules=rules)[0].signal is Signal.YELLOW
    assert run(idle(15), rules=rules)[0].signal is Signal.RED


@pytest.mark.parametrize(
    ("sent_days_ago", "feedback", "alerted"),
    [
        (5, None, False),
        (6, None, True),
        (6, TODAY - timedelta(days=7), True),
        (6, TODAY - timedelta(days=1), False),
    ],
)
def test_proposal_without_feedback(
    sent_days_ago: int, feedback: date | None, alerted: bool
) -> None:
    p = idle(0, proposal_sent_date=TODAY - timedelta(days=sent_days_ago), feedback_date=feedback)
    assert [a.rule for a in run(p)] == (["no_feedback"] if alerted else [])


def test_competitor_and_red_flags() -> None:
    p = idle(0, competitor_present=True, flags=frozenset({"competitor_mou", "budget_cancelled"}))
    alerts = run(p)
    assert {(a.rule, a.signal) for a in alerts} == {
        ("competitor", Signal.YELLOW),
        ("competitor_mou", Signal.RED),
        ("budget_cancelled", Signal.RED),
    }
    assert alerts[0].signal is Signal.RED
    assert project_signal(alerts, 1) is Signal.RED
    assert project_signal(run(idle(9)), 1) is Signal.YELLOW
    assert project_signal(alerts, 2) is Signal.GREEN


def test_milestones_and_tier_visits() -> None:
    milestones = [
        MilestoneSnapshot(1, 1, 5, TODAY - timedelta(days=1), None),
        MilestoneSnapshot(2, 1, 5, TODAY - timedelta(days=1), TODAY - timedelta(days=2)),
        MilestoneSnapshot(3, 1, 5, TODAY, None),
    ]
    customers = [
        CustomerSnapshot(1, 5, "A", TODAY - timedelta(days=31)),
        CustomerSnapshot(2, 5, "A", TODAY - timedelta(days=30)),
        CustomerSnapshot(3, 5, "A", None),
        CustomerSnapshot(4, 5, "C", None),
    ]
    alerts = run(milestones=milestones, customers=customers)
    assert [(a.subject, a.subject_id, a.rule) for a in alerts] == [
        ("customer", 1, "visit_due"),
        ("customer", 3, "visit_due"),
        ("milestone", 1, "milestone_overdue"),
    ]


def test_the_same_condition_is_one_alert_and_keys_are_stable() -> None:
    alerts = run(idle(20), idle(20))
    assert len(alerts) == 1
    assert alerts[0].key == "no_contact:project:1"
    assert run(idle(20))[0].key == alerts[0].key


def test_a_customer_given_twice_raises_one_alert() -> None:
    unvisited = CustomerSnapshot(9, 5, "A", None)
    alerts = run(customers=[unvisited, unvisited])
    assert [(a.rule, a.subject_id) for a in alerts] == [("visit_due", 9)]


def test_alerts_come_worst_first_then_by_subject_id_and_rule() -> None:
    flagged = ProjectSnapshot(
        4, 5, "proposal", TODAY, competitor_present=True, flags=frozenset({"competitor_mou"})
    )
    alerts = run(
        idle(9),
        flagged,
        milestones=[MilestoneSnapshot(8, 1, 5, TODAY - timedelta(days=2), None)],
        customers=[CustomerSnapshot(3, 5, "A", None)],
    )
    assert [(a.signal, a.subject, a.subject_id, a.rule) for a in alerts] == [
        (Signal.RED, "project", 4, "competitor_mou"),
        (Signal.YELLOW, "customer", 3, "visit_due"),
        (Signal.YELLOW, "milestone", 8, "milestone_overdue"),
        (Signal.YELLOW, "project", 1, "no_contact"),
        (Signal.YELLOW, "project", 4, "competitor"),
    ]
