"""The project rules over columns give exactly what the rules of one project give, one by one."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from pacer.tracking.alert_columns import (
    NO_DAY,
    PROJECT_RULES,
    project_alerts,
    project_columns,
    raise_project_alerts,
    snapshot_columns,
)
from pacer.tracking.alerts import (
    RED_FLAGS,
    Alert,
    AlertRules,
    ProjectSnapshot,
    Signal,
    evaluate,
    evaluate_project,
)

TODAY = date(2026, 6, 15)
STAGES = ("lead", "needs", "proposal", "negotiation")
SEVERITY = {Signal.GREEN: 0, Signal.YELLOW: 1, Signal.RED: 2}

days = st.one_of(st.none(), st.integers(-2, 18).map(lambda n: TODAY - timedelta(days=n)))
snapshots = st.builds(
    ProjectSnapshot,
    project_id=st.integers(1, 12),  # few ids: the same project may come twice
    owner_id=st.one_of(st.none(), st.integers(1, 4)),
    stage=st.sampled_from(STAGES),
    last_contact_date=days,
    created_date=days,
    proposal_sent_date=days,
    feedback_date=days,
    competitor_present=st.booleans(),
    flags=st.frozensets(st.sampled_from(RED_FLAGS)),
)
rule_sets = st.builds(
    AlertRules,
    contact_yellow_days=st.integers(0, 12),
    contact_red_days=st.integers(0, 16),
    contact_by_stage=st.dictionaries(
        st.sampled_from(STAGES), st.tuples(st.integers(0, 12), st.integers(0, 16)), max_size=2
    ),
    proposal_feedback_days=st.integers(0, 10),
)


def one_by_one(projects: list[ProjectSnapshot], rules: AlertRules) -> list[Alert]:
    """The reference: each project's rules, the worst alert per key, sorted."""
    found: dict[str, Alert] = {}
    for p in projects:
        for alert in evaluate_project(p, TODAY, rules):
            current = found.get(alert.key)
            if current is None or SEVERITY[alert.signal] > SEVERITY[current.signal]:
                found[alert.key] = alert
    return sorted(
        found.values(), key=lambda a: (-SEVERITY[a.signal], a.subject, a.subject_id, a.rule)
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(snapshots, max_size=30), rule_sets)
def test_columns_raise_exactly_the_one_by_one_alerts(
    projects: list[ProjectSnapshot], rules: AlertRules
) -> None:
    expected = one_by_one(projects, rules)
    assert evaluate(projects=projects, milestones=[], customers=[], today=TODAY, rules=rules) == (
        expected
    )
    columns = snapshot_columns(projects)
    assert (
        evaluate(projects=columns, milestones=[], customers=[], today=TODAY, rules=rules)
        == expected
    )


def test_columns_from_rows_keep_missing_dates_owners_and_stage_codes() -> None:
    rows = [
        (7, None, "proposal", None, TODAY, None, None, True, False, True, False),
        (8, 3, "lead", TODAY - timedelta(days=20), None, None, None, False, False, False, False),
    ]
    columns = project_columns(rows, stages=("lead",))

    assert columns.stages == ("lead", "proposal")
    assert columns.stage.tolist() == [1, 0]
    assert columns.has_owner.tolist() == [False, True]
    assert columns.last_contact.tolist() == [NO_DAY, (TODAY - timedelta(days=20)).toordinal()]
    assert columns.flags.tolist() == [[False, True, False], [False, False, False]]
    assert len(columns) == 2
    raised = raise_project_alerts(columns, TODAY, AlertRules())
    assert [PROJECT_RULES[r] for r in raised.rule.tolist()] == [
        "customer_gave_up",
        "no_contact",
        "competitor",
    ]
    alerts = project_alerts(columns, raised)
    assert alerts[0].owner_id is None
    assert alerts[1].values == {"days": 20, "limit": 14}
    assert alerts[2].values == {}


def test_no_projects_raise_nothing() -> None:
    columns = project_columns([])
    raised = raise_project_alerts(columns, TODAY, AlertRules())
    assert len(raised) == 0
    assert raised.row.dtype == np.int64
    assert project_alerts(columns, raised) == []
