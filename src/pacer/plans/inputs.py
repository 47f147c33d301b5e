"""Load the planning core's inputs from the database (set-based reads, sums in Python).

Sums are taken in Python over ``Decimal`` values because SQLite's SUM goes through floating
point; the reads are single queries per table, never one per row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from statistics import median
from typing import Any

from django.db.models import Q, QuerySet
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
# signed_date, amount, customer, person, business type, customer owner, industry, region
OrderRow = tuple[date, Decimal, int, int | None, str, int | None, str | None, str | None]
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
    fy = fiscal_year_for(year)
    start = fy.period.start
    last_year = Period(add_months(start, -12), start)
    orders = list(
        Order.objects.filter(signed_date__lt=start).values_list(
            "signed_date",
            "amount",
            "customer_id",
            "person_id",
            "business_type",
            "customer__owner_id",
            "customer__industry__code",
            "customer__region__code",
        )
    )
    yearly, monthly = _history(orders, fy)
    customers = _customers(orders, fy, last_year, yearly)
    return PlanInputs(
        year=fy,
        as_of=as_of,
        target=target,
        assumptions=assumptions,
        yearly_history=yearly,
        monthly_history=monthly,
        observed_retention=_retention(orders, last_year),
        customers=customers,
        projects=_backing_projects(fy),
        people=_people(orders, fy, last_year),
        teams=tuple(TeamInfo(t.pk, t.name, t.parent_id) for t in Team.objects.order_by("pk")),
        new_business_history=_new_business(orders, Period(add_months(start, -24), start)),
        team_rates=funnel_rates(as_of=as_of),
        person_rates=_person_rates(as_of),
        payment_delay=_payment_delay(as_of),
        collection_rate=_collection_rate(as_of),
        labels=_labels(),
    )


def _fiscal_year_of(day: date, fy: FiscalYear) -> int:
    return FiscalYear.containing(day, fy.start_month).year


def _history(
    orders: Sequence[OrderRow], fy: FiscalYear
) -> tuple[dict[int, Decimal], dict[int, tuple[Decimal, ...]]]:
    """Totals of full fiscal years before the plan year, yearly and monthly."""
    if not orders:
        return {}, {}
    first = min(o[0] for o in orders)
    first_year = _fiscal_year_of(first, fy)
    # The first year counts only when the data starts in its first month.
    if first >= add_months(FiscalYear(first_year, fy.start_month).period.start, 1):
        first_year += 1
    monthly: dict[int, list[Decimal]] = {y: [Decimal(0)] * 12 for y in range(first_year, fy.year)}
    for signed, amount, *_ in orders:
        y = _fiscal_year_of(signed, fy)
        if y in monthly:
            index = (signed.month - fy.start_month) % 12
            monthly[y][index] += amount
    return (
        {y: sum(m, Decimal(0)) for y, m in monthly.items()},
        {y: tuple(m) for y, m in monthly.items()},
    )


def _customers(
    orders: Sequence[OrderRow], fy: FiscalYear, last_year: Period, yearly: dict[int, Decimal]
) -> tuple[CustomerHistory, ...]:
    recent: dict[int, Decimal] = defaultdict(Decimal)
    total: dict[int, Decimal] = defaultdict(Decimal)
    years = set(yearly)
    for signed, amount, customer_id, *_ in orders:
        if signed in last_year:
            recent[customer_id] += amount
        if _fiscal_year_of(signed, fy) in years:
            total[customer_id] += amount
    n_years = max(len(years), 1)
    result = []
    rows = Customer.objects.filter(pk__in=total.keys() | recent.keys()).values_list(
        "pk", "owner_id", "industry__code", "region__code", "renewal_due", "tier_override"
    )
    for pk, owner_id, industry, region, renewal_due, tier in rows.order_by("pk"):
        result.append(
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
        )
    return tuple(result)


def _retention(orders: Sequence[OrderRow], last_year: Period) -> Decimal | None:
    """Gross revenue retention: of the year-before's revenue, the share kept last year.

    Each customer counts at most what it bought the year before, so growth of some customers
    does not hide the loss of others (the result is between 0 and 1).
    """
    before = Period(add_months(last_year.start, -12), last_year.start)
    prior: dict[int, Decimal] = defaultdict(Decimal)
    last: dict[int, Decimal] = defaultdict(Decimal)
    for signed, amount, customer_id, *_ in orders:
        if signed in before:
            prior[customer_id] += amount
        elif signed in last_year:
            last[customer_id] += amount
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
    result = []
    for pk, owner, industry, region, bt, amount, prob, expected, stage, closed in rows:
        won = stage == Stage.WON
        result.append(
            OpenProject(
                project_id=pk,
                owner_id=owner,
                industry=industry or UNASSIGNED,
                region=region or UNASSIGNED,
                business_type=BusinessType(bt),
                amount=amount,
                probability=Decimal(1) if won else Decimal(prob) / 100,
                expected_sign_date=closed if won else expected,  # type: ignore[arg-type]
            )
        )
    return tuple(result)


def _people(
    orders: Sequence[OrderRow], fy: FiscalYear, last_year: Period
) -> tuple[PersonInfo, ...]:
    sold: dict[int, Decimal] = defaultdict(Decimal)
    for signed, amount, _customer, person_id, _bt, owner_id, *_ in orders:
        seller = person_id or owner_id
        if seller is not None and signed in last_year:
            sold[seller] += amount
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


def _new_business(orders: Sequence[OrderRow], window: Period) -> dict[tuple[str, str], Decimal]:
    result: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for signed, amount, _c, _p, bt, _o, industry, region in orders:
        if signed in window and bt == CrmBusinessType.NEW_CUSTOMER:
            result[(industry or UNASSIGNED, region or UNASSIGNED)] += amount
    return dict(result)


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
    won = [r for r in rows if r[0] == Stage.WON]
    with_proposal = [r for r in rows if r[3] is not None or r[0] == Stage.WON]
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


def _person_rates(as_of: date) -> dict[int, FunnelRates]:
    """Each owner of a closed project: their rates (as ``funnel_rates(person_id=…)``), from
    one read of the window's leads and closed projects grouped by person."""
    owners = (
        Project.objects.filter(stage__in=(Stage.WON, Stage.LOST), owner_id__isnull=False)
        .values_list("owner_id", flat=True)
        .distinct()
    )
    leads, closed = _funnel_history(as_of)
    lead_rows: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for lead in leads.filter(person_id__isnull=False).values_list(
        "person_id", "date", "project__created_date", "project_id"
    ):
        lead_rows[lead[0]].append(tuple(lead[1:]))
    rows: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in closed.filter(owner_id__isnull=False).values_list(
        "owner_id", "stage", "amount", "created_date", "proposal_sent_date", "closed_date"
    ):
        rows[row[0]].append(tuple(row[1:]))
    return {pid: _rates_from(lead_rows[pid], rows[pid]) for pid in sorted(set(owners))}


def _payment_delay(as_of: date) -> dict[int, Decimal]:
    """Months from signing to payment, weighted by the amount paid (last two years)."""
    delay: dict[int, Decimal] = defaultdict(Decimal)
    rows = Payment.objects.filter(date__gte=as_of - timedelta(days=730), date__lt=as_of)
    for paid, amount, signed in rows.values_list("date", "amount", "order__signed_date"):
        months = (paid.year - signed.year) * 12 + paid.month - signed.month
        delay[max(months, 0)] += amount
    return dict(delay)


def _collection_rate(as_of: date) -> Decimal:
    """Share of orders signed 6–24 months ago that has been collected (at most 1)."""
    window = (as_of - timedelta(days=730), as_of - timedelta(days=182))
    signed = sum(
        Order.objects.filter(signed_date__range=window).values_list("amount", flat=True),
        Decimal(0),
    )
    paid = sum(
        Payment.objects.filter(order__signed_date__range=window).values_list("amount", flat=True),
        Decimal(0),
    )
    if signed == 0:
        return Decimal(1)
    return min(Decimal(1), (paid / signed).quantize(Decimal("0.0001")))


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
