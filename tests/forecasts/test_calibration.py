"""Win rates by stage and slip delays from closed projects (plain values)."""

from __future__ import annotations

from datetime import date

import pytest

from pacer.forecasts.calibration import ClosedProject, rates_by_person, slip_delays, stage_rates

DEFAULTS = {"lead": 0.1, "needs": 0.25, "proposal": 0.5, "negotiation": 0.75}


def project(
    *,
    won: bool,
    proposal: bool = False,
    owner: int | None = None,
    created: date | None = None,
    expected: date | None = None,
    closed: date | None = None,
) -> ClosedProject:
    return ClosedProject(owner, won, proposal, created, expected, closed)


def test_rates_by_stage_reached() -> None:
    closed = (
        [project(won=True)] * 3 + [project(won=False, proposal=True)] * 3 + [project(won=False)] * 4
    )
    rates = stage_rates(closed, DEFAULTS)
    # Before a proposal: 3 won of 10 closed. Proposal or later: 3 of 6 that got there.
    assert rates.rates["lead"] == rates.rates["needs"] == pytest.approx(0.3)
    assert rates.rates["proposal"] == rates.rates["negotiation"] == pytest.approx(0.5)
    assert (rates.early_sample, rates.late_sample) == (10, 6)
    few = stage_rates(closed[:4], DEFAULTS)  # 4 closed, 4 reached a proposal: too few
    assert few.rates == DEFAULTS


def test_a_person_needs_enough_history() -> None:
    company = stage_rates([], DEFAULTS)
    closed = [project(won=True, owner=1)] * 20 + [project(won=True, owner=2)] * 19
    closed += [project(won=False)]
    people = rates_by_person(closed, company)
    assert set(people) == {1}
    assert people[1].for_stage("proposal") == 1.0


def test_slip_delays_from_expected_dates_then_cycles_then_none() -> None:
    day = date(2026, 3, 1)
    direct = [project(won=True, expected=date(2026, 2, 20 + i), closed=day) for i in range(5)]
    assert slip_delays(direct).days == (5, 6, 7, 8, 9)
    assert slip_delays(direct).source == "expected"
    cycles = [project(won=True, created=date(2026, 1, d), closed=day) for d in (1, 11, 21, 26, 31)]
    # Cycles of 59, 49, 39, 34, 29 days around their median 39.
    assert slip_delays(cycles).days == (-10, -5, 0, 10, 20)
    assert slip_delays(cycles).source == "cycle"
    assert slip_delays(direct[:2]).days == (0,)
    assert slip_delays([project(won=False, closed=day)] * 6).source == "none"
