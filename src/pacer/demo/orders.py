"""Signed orders (签单) over two full years and the plan year so far, and their payments (回款).

Each customer buys its yearly volume in a handful of orders (an A customer nearly monthly, a C
customer once or twice, some C customers not at all in a year), dated by the monthly
seasonality (about 40% in H1, 60% in H2). Last year's orders are then scaled to exactly
``LAST_YEAR_ORDERS``. The new high-end PLC sells only from its launch in the plan year.
Amounts are yuan, whole hundreds for orders; payments follow 30–90 days behind on usual terms.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from pacer.crm.models import BusinessType
from pacer.demo.context import Account, Context, OrderDraft
from pacer.demo.dates import seasonal_day, spread_days
from pacer.demo.org import person_key
from pacer.demo.profile import (
    LAST_YEAR_ORDERS,
    NEW_PLC,
    NEW_PRODUCT_LAUNCH,
    STANDARD_LINES,
)
from pacer.demo.records import OrderRecord, PaymentRecord
from pacer.planning.money import split_by_weights, to_money

ORDERS_PER_YEAR = {"A": (9, 14), "B": (4, 8), "C": (1, 3)}
FIRST_YEAR_SHARE = 0.55  # a new customer buys about half a year's volume in its first year
TWO_YEARS_AGO = 0.88  # volume two years ago relative to last year (the company grew ~20%)
DORMANT = 0.3  # chance that a C customer buys nothing in a year
NEW_PRODUCT_DEALS = 8  # high-end PLC deals a full plan year brings
HUNDRED = Decimal(100)


def build_orders(ctx: Context) -> list[OrderDraft]:
    """Every order signed on or before the reference day, oldest first."""
    drafts: list[OrderDraft] = []
    for account in ctx.accounts:
        if account.first_order is None:
            continue
        for years_back in (2, 1, 0):
            drafts += _orders_of_year(ctx, account, ctx.plan_year - years_back)
    _scale_year(drafts, ctx.plan_year - 1, LAST_YEAR_ORDERS)
    drafts += _new_product_orders(ctx)
    drafts = [d for d in drafts if d.signed <= ctx.today]
    drafts.sort(key=lambda d: (d.signed, d.customer, d.amount))
    return drafts


def _orders_of_year(ctx: Context, account: Account, year: int) -> list[OrderDraft]:
    rng = ctx.rng
    first = account.first_order
    assert first is not None
    if first.year > year:
        return []
    first_year = first.year == year
    if year == ctx.plan_year:
        volume = account.size * account.growth
    else:
        volume = account.size * (TWO_YEARS_AGO if year < ctx.plan_year - 1 else 1.0)
        # The big customers buy steadily; the small ones vary more from year to year.
        volume *= rng.uniform(0.95, 1.05) if account.tier == "A" else rng.uniform(0.85, 1.15)
    if first_year:
        volume *= FIRST_YEAR_SHARE
    elif account.tier == "C" and rng.random() < DORMANT:
        return []
    low, high = ORDERS_PER_YEAR[account.tier]
    count = rng.randint(low, high)
    if first_year:
        days = [first] + [seasonal_day(rng, year, after=first) for _ in range(count // 2)]
    elif account.tier in {"A", "B"}:
        days = spread_days(rng, year, count)
    else:
        days = [seasonal_day(rng, year) for _ in range(count)]
    spread = 0.3 if account.tier == "A" else 0.5
    weights = [rng.uniform(1 - spread, 1 + spread) for _ in days]
    total = sum(weights)
    drafts = []
    for day, weight in zip(days, weights, strict=True):
        line = account.line
        if rng.random() < 0.2:
            line = next(other for other in STANDARD_LINES if other != account.line)
        drafts.append(
            OrderDraft(
                customer=account.key,
                person=ctx.seller_on(account.owner, day),
                product_line=line,
                # What a customer buys in the year of its first order is new-customer business.
                business_type=BusinessType.NEW_CUSTOMER if first_year else BusinessType.REPEAT,
                amount=_hundreds(max(1000.0, volume * weight / total)),
                signed=day,
            )
        )
    return drafts


def _hundreds(yuan: float) -> Decimal:
    return to_money(Decimal(round(yuan / 100)) * HUNDRED)


def _scale_year(drafts: list[OrderDraft], year: int, total: Decimal) -> None:
    """Scale the orders of ``year`` so that they add up to ``total`` exactly.

    Each order keeps whole hundreds; the last hundreds go to the biggest order.
    """
    of_year = [d for d in drafts if d.signed.year == year]
    raw = sum((d.amount for d in of_year), Decimal(0))
    for draft in of_year:
        draft.amount = to_money(
            max(HUNDRED, (draft.amount * total / raw / HUNDRED).quantize(Decimal(1)) * HUNDRED)
        )
    biggest = max(of_year, key=lambda d: (d.amount, d.signed, d.customer))
    biggest.amount += total - sum((d.amount for d in of_year), Decimal(0))


def _new_product_orders(ctx: Context) -> list[OrderDraft]:
    """The high-end PLC's deals after its launch: lithium customers, led from the top."""
    rng = ctx.rng
    launch = date(ctx.plan_year, *NEW_PRODUCT_LAUNCH)
    lithium = [
        a
        for a in ctx.accounts
        if a.industry == "lithium" and a.first_order is not None and a.first_order < launch
    ]
    lithium.sort(key=lambda a: ({"A": 0, "B": 1}.get(a.tier, 2), a.key))
    buyers = rng.sample(lithium[:14], min(NEW_PRODUCT_DEALS, len(lithium[:14])))
    drafts = []
    for number, account in enumerate(buyers):
        if number == 0:  # the benchmark customer, won by the director soon after launch
            day = launch + timedelta(days=rng.randint(35, 70))
            seller = person_key("director")
        else:
            day = seasonal_day(rng, ctx.plan_year, after=launch)
            seller = person_key("lithium") if rng.random() < 0.5 else account.owner
        drafts.append(
            OrderDraft(
                customer=account.key,
                person=ctx.seller_on(seller, day),
                product_line=NEW_PLC,
                business_type=BusinessType.NEW_PRODUCT,
                amount=to_money(Decimal(rng.randint(200, 900) * 1000)),
                signed=day,
            )
        )
    return drafts


def order_records(ctx: Context, drafts: list[OrderDraft]) -> list[OrderRecord]:
    return [
        OrderRecord(
            key=ctx.next_key("O", width=5),
            customer=d.customer,
            project=d.project,
            person=d.person,
            product_line=d.product_line,
            business_type=d.business_type,
            amount=d.amount,
            signed_date=d.signed,
        )
        for d in drafts
    ]


def build_payments(ctx: Context, orders: list[OrderRecord]) -> list[PaymentRecord]:
    """Payments received on or before the reference day, on one of three usual terms.

    Full payment 30–90 days after signing; or 30% deposit and 70% on delivery; or, for big
    orders mostly, 30/60 and a 10% warranty retention a year later. A few customers are slow
    and still owe their last instalment.
    """
    rng = ctx.rng
    payments = []
    for order in orders:
        roll = rng.random()
        if order.amount >= 300_000:
            roll = max(roll, 0.6)
        if roll < 0.45:
            terms = [(1, 30, 90)]
        elif roll < 0.8:
            terms = [(3, 0, 10), (7, 40, 100)]
        else:
            terms = [(3, 0, 10), (6, 45, 100), (1, 365, 400)]
        shares = split_by_weights(order.amount, [t[0] for t in terms])
        instalments = list(zip(terms, shares, strict=True))
        if len(instalments) > 1 and rng.random() < 0.05:
            instalments.pop()  # a slow payer: the last instalment is still open
        for (_, low, high), amount in instalments:
            day = order.signed_date + timedelta(days=rng.randint(low, high))
            if day <= ctx.today:
                payments.append((day, order.key, amount))
    payments.sort()
    return [
        PaymentRecord(key=ctx.next_key("PAY", width=5), order=key, amount=amount, date=day)
        for day, key, amount in payments
    ]
