from __future__ import annotations

from decimal import Decimal

from pacer.tracking.gap import bottleneck, funnel_progress


def test_field_example_leads_ahead_proposals_behind() -> None:
    stages = funnel_progress(
        {"lead": 100, "needs": 40, "proposal": 20, "won": 5},
        {"lead": 120, "needs": 40, "proposal": 12, "won": 2},
    )
    assert [s.ratio for s in stages] == [
        Decimal("1.20"),
        Decimal("1.00"),
        Decimal("0.60"),
        Decimal("0.40"),
    ]
    found = bottleneck(stages)
    assert found is not None
    assert (found.from_stage, found.to_stage) == ("needs", "proposal")
    assert found.drop == Decimal("0.40")


def test_short_of_leads_is_a_top_of_funnel_problem() -> None:
    found = bottleneck(funnel_progress({"lead": 100, "needs": 10}, {"lead": 50, "needs": 5}))
    assert found is not None
    assert (found.from_stage, found.to_stage) == ("", "lead")


def test_no_plan_or_no_drop() -> None:
    assert bottleneck(funnel_progress({}, {"lead": 3})) is None
    assert bottleneck(funnel_progress({"lead": 10, "needs": 5}, {"lead": 10, "needs": 6})) is None
