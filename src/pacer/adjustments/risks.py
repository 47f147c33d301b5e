"""Risk rules reported beside the adjustments (no proposal, no write), each with a response.

- Reserve lead pool: per person, leads not yet converted into a project (dated before the
  reference day) below ``reserve`` × the leads the plan's actions ask for in its month.
- One customer carrying more than ``customer_share`` of the remaining pipeline (open projects
  expected to sign from the reference day to the end of the plan year).
- New customers (first order within the plan year, before the reference day) from
  non-strategic industries below ``non_strategic_share`` of all new customers.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from pacer.crm.models import OPEN_STAGES, Customer, Lead, Project
from pacer.planning.periods import FiscalYear, add_months
from pacer.plans.models import Plan, PlanAction
from pacer.tracking.adjust import (
    DEFAULT_CUSTOMER_SHARE,
    DEFAULT_LEAD_RESERVE,
    DEFAULT_NON_STRATEGIC_SHARE,
    Risk,
    customer_concentration,
    lead_pool_low,
    non_strategic_low,
)


def plan_risks(
    plan: Plan,
    as_of: date,
    *,
    reserve: Decimal = DEFAULT_LEAD_RESERVE,
    customer_share: Decimal = DEFAULT_CUSTOMER_SHARE,
    non_strategic_share: Decimal = DEFAULT_NON_STRATEGIC_SHARE,
) -> list[Risk]:
    year = FiscalYear(plan.year, plan.fiscal_start_month).period
    month_start = as_of.replace(day=1)
    needed: dict[int, int] = defaultdict(int)
    actions = PlanAction.objects.filter(
        plan=plan, stage="lead", due__gte=month_start, due__lt=add_months(month_start, 1)
    )
    for person_id, count in actions.values_list("person_id", "count"):
        needed[person_id] += count
    risks: list[Risk] = []
    for person_id in sorted(needed):
        open_leads = Lead.objects.filter(
            person_id=person_id, project__isnull=True, date__lt=as_of
        ).count()
        risk = lead_pool_low(f"person:{person_id}", open_leads, needed[person_id], reserve)
        if risk is not None:
            risks.append(risk)
    pipeline: dict[str, Decimal] = defaultdict(Decimal)
    projects = Project.objects.filter(
        stage__in=OPEN_STAGES, expected_sign_date__gte=as_of, expected_sign_date__lt=year.end
    ).order_by("pk")
    for customer_id, amount in projects.values_list("customer_id", "amount"):
        pipeline[f"customer:{customer_id}"] += amount
    risks.extend(customer_concentration(pipeline, customer_share))
    new = Customer.objects.filter(first_order_date__gte=year.start, first_order_date__lt=as_of)
    strategic = list(new.values_list("industry__strategic", flat=True))
    risk = non_strategic_low(len(strategic), strategic.count(False), non_strategic_share)
    if risk is not None:
        risks.append(risk)
    return risks
