"""Expected payments by week: unpaid balances and commit projects, shifted by the delay."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pacer.access import actor_for_person
from pacer.crm.models import Payment, Project
from pacer.forecasts.finance import payments_by_week
from pacer.forecasts.rollups import window_from
from pacer.forecasts.selectors import SYSTEM
from tests.forecasts.helpers import categorise, order
from tests.world import World

AS_OF = date(2026, 6, 15)
WINDOW = window_from(AS_OF, 42)  # six ISO weeks from Monday 06-15


def _data(world: World) -> None:
    # History: the world's payments came 31 days after signing (03-10 → 04-10).
    signed = order(world.rep_a, date(2026, 6, 1), "100000")  # expected 07-02
    Payment.objects.create(order=signed, amount=Decimal(30000), date=date(2026, 6, 5))
    Project.objects.filter(pk=world.projects["a"].pk).update(expected_sign_date=date(2026, 6, 20))
    categorise(world.rep_a, world.projects["a"], "commit")  # 06-20 + 31 = 07-21


def test_payments_by_week_for_the_director(world: World) -> None:
    _data(world)
    forecast = payments_by_week(SYSTEM, WINDOW, as_of=AS_OF)
    assert forecast.delay_days == 31
    assert forecast.delay_from_history
    weeks = {w.week.start: w for w in forecast.weeks}
    assert len(weeks) == 6
    # The 06-01 order: 100,000 − 30,000 paid = 70,000 expected on 07-02 (week of 06-29).
    assert weeks[date(2026, 6, 29)].from_orders == Decimal("70000.00")
    # rep_a's commit project: 500,000 expected on 07-21 (week of 07-20).
    assert weeks[date(2026, 7, 20)].from_commit == Decimal("500000.00")
    assert forecast.total == Decimal("570000.00")
    # The world's March orders: 3 × (120,000 − 60,000) were due on 04-10, now overdue.
    assert forecast.overdue == Decimal("180000.00")


def test_payments_are_scoped(world: World) -> None:
    _data(world)
    rep_b = payments_by_week(actor_for_person(world.rep_b), WINDOW, as_of=AS_OF)
    assert rep_b.total == 0
    assert rep_b.overdue == Decimal("60000.00")


def test_without_history_the_default_delay_applies(world: World) -> None:
    Payment.objects.all().delete()
    forecast = payments_by_week(SYSTEM, WINDOW, as_of=AS_OF)
    assert (forecast.delay_days, forecast.delay_from_history) == (30, False)
