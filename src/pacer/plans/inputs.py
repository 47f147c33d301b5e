"""Load the planning core's inputs from the database.

The database does the sums: order history is read as ``GROUP BY`` totals keyed by exactly what
the core needs (fiscal month, customer, seller, market cell), so millions of orders arrive as
thousands of rows. Sums are exact on every backend: amounts are added as whole ten-thousandths
of a yuan (their stored precision) in integer arithmetic, because SQLite keeps decimals as
floating point and its SUM of them is not exact.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from statistics import median
from typing import Any

from django.db.models import Min, Q, QuerySet
from django.db.models.functions import Coalesce, TruncMonth
from django.utils.translation import gettext

from pacer.crm.models import (
    OPEN_STAGES,
    Customer,
    Industry,
    Lead,
    Order,
    Payment,
    Project,
    Region,
    Stage,
)
from pacer.crm.models import (
    BusinessType as CrmBusinessType,
)
from pacer.crm.sums import units_sum, yuan
from pacer.org.models import AccessRole, Company, Person, Position, Team
from pacer.planning.business_type import BusinessType
from pacer.planning.funnel import FunnelRates
from pacer.planning.inputs import (
    Assumptions,
    CustomerHistory,
    OpenProject,
    PersonInfo,
    PlanInputs,
    TeamInfo,
)
from pacer.planning.periods import FiscalYear, Period, add_months
from pacer.planning.tiers import Tier

UNASSIGNED = "-"
WON = Stage.WON.value
DEFAULT_RATES = FunnelRates(
    lead_to_needs=Decimal("0.3"),
    needs_to_proposal=Decimal("0.5"),
    proposal_to_won=Decimal("0.3"),
    avg_deal_size=Decimal(100_000),
)


def fiscal_year_for(year: int) -> FiscalYear:
    company = Company.objects.first()
    return FiscalYear(year, company.fiscal_year_start_month if company else 1)


def load_plan_inputs(
    *, year: int, target: Decimal, as_of: date, assumptions: Assumptions
) -> PlanInputs:
    """The core's inputs for fiscal ``year``: history before it, pipeline and rates as of
    ``as_of`` (about a dozen grouped queries, whatever the number of orders)."""
    fy = fiscal_year_for(year)
    start = fy.period.start
    last_year = Period(add_months(start, -12), start)
    yearly, monthly = _history(fy)
    history = (
        Period(FiscalYear(min(yearly), fy.start_month).period.start, start) if yearly else None
    )
    recent, total, prior = _customer_sums(last_year, history)
    team_rates, person_rates = _all_rates(as_of)
    payment_delay, collection_rate = _payments(as_of)
    return PlanInputs(
        year=fy,
        as_of=as_of,
        target=target,
        assumptions=assumptions,
        yearly_history=yearly,
        monthly_history=monthly,
        observed_retention=_retention(prior, recent),
        customers=_customers(recent, total, fy, n_years=max(len(yearly), 1)),
        projects=_backing_projects(fy),
        people=_people(fy, last_year),
        teams=tuple(TeamInfo(t.pk, t.name, t.parent_id) for t in Team.objects.order_by("pk")),
        new_business_history=_new_business(Period(add_months(start, -24), start)),
        team_rates=team_rates,
        person_rates=person_rates,
        payment_delay=payment_delay,
        collection_rate=collection_rate,
        labels=_labels(),
    )


def _signed_in(period: Period, prefix: str = "") -> Q:
    return Q(**{f"{prefix}signed_date__gte": period.start, f"{prefix}signed_date__lt": period.end})


def _fiscal_year_of(day: date, fy: FiscalYear) -> int:
    return FiscalYear.containing(day, fy.start_month).year


def _history(fy: FiscalYear) -> tuple[dict[int, Decimal], dict[int, tuple[Decimal, ...]]]:
    """Totals of full fiscal years before the plan year, yearly and monthly."""
    start = fy.period.start
    first = Order.objects.filter(signed_date__lt=start).aggregate(first=Min("signed_date"))["first"]
    if first is None:
        return {}, {}
    first_year = _fiscal_year_of(first, fy)
    # The first year counts only when the data starts in its first month.
    if first >= add_months(FiscalYear(first_year, fy.start_month).period.start, 1):
        first_year += 1
    monthly: dict[int, list[Decimal]] = {y: [Decimal(0)] * 12 for y in range(first_year, fy.year)}
    if monthly:
        window = Period(FiscalYear(first_year, fy.start_month).period.start, start)
        rows = (
            Order.objects.filter(_signed_in(window))
            .values(month=TruncMonth("signed_date"))
            .annotate(units=units_sum())
            .values_list("month", "units")
            .order_by()
        )
        for month, units in rows:
            offset = (month.month - fy.start_month) % 12
            monthly[_fiscal_year_of(month, fy)][offset] += yuan(units)
    return (
        {y: sum(m, Decimal(0)) for y, m in monthly.items()},
        {y: tuple(m) for y, m in monthly.items()},
    )


CustomerSums = dict[int, Decimal]


def _customer_sums(
    last_year: Period, history: Period | None
) -> tuple[CustomerSums, CustomerSums, CustomerSums]:
    """Per customer: orders of the last year, of the full history years, of the year before.

    A customer is in a mapping when it has an order in that window (even one of 0 yuan).
    """
    before = Period(add_months(last_year.start, -12), last_year.start)
    windows = {"recent": last_year, "prior": before, **({"total": history} if history else {})}
    rows = (
        Order.objects.filter(
            signed_date__gte=min(w.start for w in windows.values()),
            signed_date__lt=last_year.end,
        )
        .values("customer_id")
        .annotate(**{name: units_sum(within=_signed_in(w)) for name, w in windows.items()})
        .values_list("customer_id", *windows)
        .order_by()
    )
    sums: dict[str, CustomerSums] = {name: {} for name in ("recent", "total", "prior")}
    for customer_id, *values in rows:
        for name, units in zip(windows, values, strict=True):
            if units is not None:
                sums[name][customer_id] = yuan(units)
    return sums["recent"], sums["total"], sums["prior"]


def _customers(
    recent: CustomerSums, total: CustomerSums, fy: FiscalYear, *, n_years: int
) -> tuple[CustomerHistory, ...]:
    """Every customer with orders in the history years or the last year, by id."""
    bought = recent.keys() | total.keys()
    rows = Customer.objects.values_list(
        "pk", "owner_id", "industry__code", "region__code", "renewal_due", "tier_override"
    ).order_by("pk")
    return tuple(
        CustomerHistory(
            customer_id=pk,
            owner_id=owner_id,
            industry=industry or UNASSIGNED,
            region=region or UNASSIGNED,
            last_12_months=recent.get(pk, Decimal(0)),
            yearly_average=total.get(pk, Decimal(0)) / n_years,
            renewal_due=renewal_due is not None and renewal_due in fy.period,
            tier_override=Tier(tier) if tier else None,
        )
        for pk, owner_id, industry, region, renewal_due, tier in rows
        if pk in bought
    )


def _retention(prior: CustomerSums, last: CustomerSums) -> Decimal | None:
    """Gross revenue retention: of the year-before's revenue, the share kept last year.

    Each customer counts at most what it bought the year before, so growth of some customers
    does not hide the loss of others (the result is between 0 and 1).
    """
    prior_total = sum(prior.values(), Decimal(0))
    if prior_total == 0:
        return None
    kept = sum((min(amount, last.get(c, Decimal(0))) for c, amount in prior.items()), Decimal(0))
    return (kept / prior_total).quantize(Decimal("0.0001"))


def _backing_projects(fy: FiscalYear) -> tuple[OpenProject, ...]:
    """Open projects with an expected signing date, and projects won in the plan year.

    A project already won in the plan year backs its month for certain (probability 1, dated
    by its closing day); orders without a project are the run-rate business.
    """
    rows = (
        Project.objects.filter(
            Q(stage__in=OPEN_STAGES, expected_sign_date__isnull=False)
            | Q(stage=Stage.WON, closed_date__gte=fy.period.start, closed_date__lt=fy.period.end)
        )
        .values_list(
            "pk",
            "owner_id",
            "customer__industry__code",
            "customer__region__code",
            "business_type",
            "amount",
            "probability",
            "expected_sign_date",
            "stage",
            "closed_date",
        )
        .order_by("pk")
    )
    # Percent → share and the business types, converted once rather than once per project.
    shares = {p: Decimal(p) / 100 for p in range(101)}
    types = {t.value: t for t in BusinessType}
    result = []
    for pk, owner, industry, region, bt, amount, prob, expected, stage, closed in rows:
        won = stage == Stage.WON
        result.append(
            OpenProject(
                project_id=pk,
                owner_id=owner,
                industry=industry or UNASSIGNED,
                region=region or UNASSIGNED,
                business_type=types[bt],
                amount=amount,
                probability=Decimal(1) if won else shares.get(prob, Decimal(prob) / 100),
                expected_sign_date=closed if won else expected,  # type: ignore[arg-type]
            )
        )
    return tuple(result)


def _people(fy: FiscalYear, last_year: Period) -> tuple[PersonInfo, ...]:
    """People active at the plan year's start; an order counts for its seller, or else for the
    customer's owner."""
    rows = (
        Order.objects.filter(_signed_in(last_year))
        .annotate(seller=Coalesce("person_id", "customer__owner_id"))
        .filter(seller__isnull=False)
        .values("seller")
        .annotate(units=units_sum())
        .values_list("seller", "units")
        .order_by()
    )
    sold = {seller: yuan(units) for seller, units in rows}
    people = Person.objects.filter(
        Q(active_to__isnull=True) | Q(active_to__gt=fy.period.start)
    ).order_by("pk")
    return tuple(
        PersonInfo(
            person_id=p.pk,
            name=p.name,
            team_id=p.team_id,
            hire_date=p.hire_date,
            leave_date=p.active_to,
            last_12_months=sold.get(p.pk, Decimal(0)),
            # The director answers for the whole target rather than a personal quota.
            carries_quota=p.position != Position.DIRECTOR and p.access_role != AccessRole.ADMIN,
        )
        for p in people
    )


def _new_business(window: Period) -> dict[tuple[str, str], Decimal]:
    """New-customer orders in ``window`` per (industry, region) code."""
    rows = (
        Order.objects.filter(_signed_in(window), business_type=CrmBusinessType.NEW_CUSTOMER)
        .values("customer__industry__code", "customer__region__code")
        .annotate(units=units_sum())
        .values_list("customer__industry__code", "customer__region__code", "units")
        .order_by()
    )
    result: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for industry, region, units in rows:
        result[(industry or UNASSIGNED, region or UNASSIGNED)] += yuan(units)
    return dict(sorted(result.items()))


def funnel_rates(*, as_of: date, person_id: int | None = None) -> FunnelRates:
    """Conversion rates, deal size and stage durations from the last two years' history.

    Leads → needs: leads that became a project; needs → proposal: closed projects that had a
    proposal; proposal → won: of those, the won ones. Falls back to defaults per rate when
    the history has nothing to say.
    """
    leads, closed = _funnel_history(as_of)
    if person_id is not None:
        leads = leads.filter(person_id=person_id)
        closed = closed.filter(owner_id=person_id)
    lead_rows = list(leads.values_list("date", "project__created_date", "project_id"))
    rows = list(
        closed.values_list("stage", "amount", "created_date", "proposal_sent_date", "closed_date")
    )
    return _rates_from(lead_rows, rows)


def _funnel_history(as_of: date) -> tuple[QuerySet[Lead], QuerySet[Project]]:
    window_start = as_of - timedelta(days=730)
    leads = Lead.objects.filter(date__gte=window_start, date__lt=as_of)
    closed = Project.objects.filter(
        stage__in=(Stage.WON, Stage.LOST), closed_date__gte=window_start, closed_date__lt=as_of
    )
    return leads, closed


def _rates_from(
    lead_rows: Sequence[tuple[Any, ...]], rows: Sequence[tuple[Any, ...]]
) -> FunnelRates:
    won = [r for r in rows if r[0] == WON]
    with_proposal = [r for r in rows if r[3] is not None or r[0] == WON]
    converted = [r for r in lead_rows if r[2] is not None]
    d = DEFAULT_RATES
    return FunnelRates(
        lead_to_needs=_rate(len(converted), len(lead_rows), d.lead_to_needs),
        needs_to_proposal=_rate(len(with_proposal), len(rows), d.needs_to_proposal),
        proposal_to_won=_rate(len(won), len(with_proposal), d.proposal_to_won),
        avg_deal_size=(
            (sum((r[1] for r in won), Decimal(0)) / len(won)).quantize(Decimal("0.01"))
            if won and sum((r[1] for r in won), Decimal(0)) > 0
            else d.avg_deal_size
        ),
        days_lead_to_needs=_median_days(((r[0], r[1]) for r in converted), d.days_lead_to_needs),
        days_needs_to_proposal=_median_days(((r[2], r[3]) for r in rows), d.days_needs_to_proposal),
        days_proposal_to_won=_median_days(((r[3], r[4]) for r in won), d.days_proposal_to_won),
        sample=len(rows),
    )


def _rate(part: int, whole: int, default: Decimal) -> Decimal:
    if whole == 0 or part == 0:
        return default
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"))


def _median_days(pairs: Iterable[tuple[date | None, date | None]], default: int) -> int:
    days = [(b - a).days for a, b in pairs if a is not None and b is not None and b >= a]
    return int(median(days)) if days else default


def _all_rates(as_of: date) -> tuple[FunnelRates, dict[int, FunnelRates]]:
    """The team's rates and each closed-project owner's (as ``funnel_rates(person_id=…)``),
    from one read of the window's leads and closed projects."""
    owners = (
        Project.objects.filter(stage__in=(Stage.WON, Stage.LOST), owner_id__isnull=False)
        .values_list("owner_id", flat=True)
        .order_by("owner_id")
        .distinct()
    )
    leads, closed = _funnel_history(as_of)
    all_leads: list[tuple[Any, ...]] = []
    lead_rows: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for person_id, *lead in leads.values_list(
        "person_id", "date", "project__created_date", "project_id"
    ).order_by():
        all_leads.append(tuple(lead))
        if person_id is not None:
            lead_rows[person_id].append(all_leads[-1])
    all_rows: list[tuple[Any, ...]] = []
    rows: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for owner_id, *row in closed.values_list(
        "owner_id", "stage", "amount", "created_date", "proposal_sent_date", "closed_date"
    ).order_by():
        all_rows.append(tuple(row))
        if owner_id is not None:
            rows[owner_id].append(all_rows[-1])
    team = _rates_from(all_leads, all_rows)
    return team, {pid: _rates_from(lead_rows[pid], rows[pid]) for pid in sorted(set(owners))}


def _payments(as_of: date) -> tuple[dict[int, Decimal], Decimal]:
    """Payment delay and collection rate.

    Delay: months from signing to payment, weighted by the amount paid (last two years).
    Collection rate: the share of orders signed 6–24 months ago that has been paid (at most 1).
    Each is its own query, so that each can start from its own dated index (one query with
    either condition would join every payment to its order).
    """
    signed_window = Period(as_of - timedelta(days=730), as_of - timedelta(days=181))
    # Grouped by the two months (a few hundred groups); their distance is taken here.
    rows = (
        Payment.objects.filter(date__gte=as_of - timedelta(days=730), date__lt=as_of)
        .values(paid=TruncMonth("date"), signed=TruncMonth("order__signed_date"))
        .annotate(units=units_sum())
        .values_list("paid", "signed", "units")
        .order_by()
    )
    delay: dict[int, Decimal] = defaultdict(Decimal)
    for paid_month, signed_month, units in rows:
        months = (paid_month.year - signed_month.year) * 12 + paid_month.month - signed_month.month
        delay[max(months, 0)] += yuan(units)
    paid = Payment.objects.filter(_signed_in(signed_window, "order__")).aggregate(
        units=units_sum()
    )["units"]
    signed = Order.objects.filter(_signed_in(signed_window)).aggregate(units=units_sum())["units"]
    if not signed:
        return dict(sorted(delay.items())), Decimal(1)
    rate = min(Decimal(1), (Decimal(paid or 0) / Decimal(signed)).quantize(Decimal("0.0001")))
    return dict(sorted(delay.items())), rate


def _labels() -> dict[str, str]:
    company = Company.objects.first()
    labels = {
        "company": company.name if company else gettext("公司"),
        UNASSIGNED: gettext("未分配"),
    }
    labels.update({f"industry:{c}": n for c, n in Industry.objects.values_list("code", "name")})
    labels.update({f"region:{c}": n for c, n in Region.objects.values_list("code", "name")})
    labels[f"industry:{UNASSIGNED}"] = gettext("未分配行业")
    labels[f"region:{UNASSIGNED}"] = gettext("未分配区域")
    labels.update({f"business_type:{v}": str(lbl) for v, lbl in CrmBusinessType.choices})
    return labels
