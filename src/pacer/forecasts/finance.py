"""Expected payments (回款) by week for a window, for finance.

Two sources, each dated by the typical signing-to-payment delay (the amount-weighted median of
the days from signing to each payment over the last two years; ``DEFAULT_DELAY_DAYS`` without
history):
- signed orders not fully paid: the unpaid balance is expected at signing + delay; a balance
  whose date has already passed is *overdue* and shown apart, not put in any week;
- open projects in the commit category: their amount is expected at the expected signing date
  + delay.
Only orders signed in the two years before the day count (older balances are for collection,
not for a forecast). Everything is read through ``pacer.access``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from pacer import access
from pacer.access import Actor
from pacer.crm.models import OPEN_STAGES, Payment
from pacer.forecasts.lines import chosen_categories, default_category
from pacer.planning.money import to_money
from pacer.planning.periods import Period, iso_weeks
from pacer.tracking.forecast import Category

HISTORY_DAYS = 730
DEFAULT_DELAY_DAYS = 30


@dataclass(frozen=True)
class WeekPayments:
    week: Period
    from_orders: Decimal
    from_commit: Decimal

    @property
    def total(self) -> Decimal:
        return self.from_orders + self.from_commit


@dataclass(frozen=True)
class PaymentsForecast:
    window: Period
    delay_days: int
    delay_from_history: bool
    weeks: tuple[WeekPayments, ...]
    overdue: Decimal

    @property
    def total(self) -> Decimal:
        return sum((w.total for w in self.weeks), Decimal(0))


def payment_delay_days(as_of: date) -> int | None:
    """Amount-weighted median of signing-to-payment days (last two years); None without data."""
    rows = Payment.objects.filter(
        date__gte=as_of - timedelta(days=HISTORY_DAYS), date__lt=as_of
    ).values_list("date", "order__signed_date", "amount")
    weighted: dict[int, Decimal] = defaultdict(Decimal)
    for paid, signed, amount in rows:
        weighted[max((paid - signed).days, 0)] += amount
    total = sum(weighted.values(), Decimal(0))
    if total == 0:
        return None
    running = Decimal(0)
    ordered = sorted(weighted)
    for days in ordered[:-1]:
        running += weighted[days]
        if running * 2 >= total:
            return days
    return ordered[-1]


def payments_by_week(actor: Actor, window: Period, *, as_of: date) -> PaymentsForecast:
    """Expected payments in each ISO week of ``window`` (weeks clipped to it)."""
    measured = payment_delay_days(as_of)
    delay = timedelta(days=DEFAULT_DELAY_DAYS if measured is None else measured)
    weeks = iso_weeks(window)
    from_orders = [Decimal(0)] * len(weeks)
    from_commit = [Decimal(0)] * len(weeks)
    overdue = Decimal(0)
    paid: dict[int, Decimal] = defaultdict(Decimal)
    for order_id, amount in access.payments_for(actor).values_list("order_id", "amount"):
        paid[order_id] += amount
    orders = access.orders_for(actor).filter(
        signed_date__gte=as_of - timedelta(days=HISTORY_DAYS), signed_date__lte=as_of
    )
    for pk, signed, amount in orders.values_list("pk", "signed_date", "amount"):
        balance = amount - paid.get(pk, Decimal(0))
        if balance <= 0:
            continue
        due = signed + delay
        if due < as_of:
            overdue += balance
        else:
            _add(from_orders, weeks, due, balance)
    projects = list(
        access.projects_for(actor)
        .filter(stage__in=OPEN_STAGES, expected_sign_date__isnull=False)
        .values_list("pk", "stage", "amount", "expected_sign_date")
    )
    chosen = chosen_categories([p[0] for p in projects])
    for pk, stage, amount, expected in projects:
        if expected is not None and chosen.get(pk, default_category(stage)) is Category.COMMIT:
            _add(from_commit, weeks, max(expected, as_of) + delay, amount)
    return PaymentsForecast(
        window=window,
        delay_days=delay.days,
        delay_from_history=measured is not None,
        weeks=tuple(
            WeekPayments(w, to_money(o), to_money(c))
            for w, o, c in zip(weeks, from_orders, from_commit, strict=True)
        ),
        overdue=to_money(overdue),
    )


def _add(totals: list[Decimal], weeks: list[Period], day: date, amount: Decimal) -> None:
    for i, week in enumerate(weeks):
        if day in week:
            totals[i] += amount
            return
