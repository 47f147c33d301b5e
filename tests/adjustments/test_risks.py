from __future__ import annotations

from datetime import date
from decimal import Decimal

from pacer.adjustments.risks import plan_risks
from pacer.crm.models import Customer, Industry, Lead, Project
from pacer.org.models import Person
from pacer.plans.models import Plan, PlanAction

AS_OF = date(2026, 6, 15)


def codes(plan: Plan) -> dict[str, set[str]]:
    result: dict[str, set[str]] = {}
    for r in plan_risks(plan, AS_OF):
        result.setdefault(r.code, set()).add(r.subject)
    return result


def test_lead_pool_below_a_fifth_of_the_months_leads(demo_plan: Plan) -> None:
    person = Person.objects.order_by("pk").first()
    assert person is not None
    open_leads = Lead.objects.filter(person=person, project__isnull=True, date__lt=AS_OF).count()
    PlanAction.objects.create(
        plan=demo_plan,
        person=person,
        stage="lead",
        count=5 * open_leads + 5,
        due=date(2026, 6, 30),
        feeds_start=date(2026, 9, 1),
        acceptance="-",
    )
    assert f"person:{person.pk}" in codes(demo_plan)["lead_pool_low"]
    PlanAction.objects.filter(plan=demo_plan, person=person, due=date(2026, 6, 30)).update(
        count=5 * open_leads
    )
    assert f"person:{person.pk}" not in codes(demo_plan).get("lead_pool_low", set())


def test_one_customer_above_30_percent_of_the_remaining_pipeline(demo_plan: Plan) -> None:
    customer = Customer.objects.order_by("pk").first()
    assert customer is not None
    subject = f"customer:{customer.pk}"
    assert subject not in codes(demo_plan).get("customer_concentration", set())
    Project.objects.create(
        name="超大项目",
        customer=customer,
        owner=customer.owner,
        business_type="new_customer",
        stage="negotiation",
        amount=Decimal(10_000_000_000),
        expected_sign_date=date(2026, 9, 1),
    )
    risk = next(r for r in plan_risks(demo_plan, AS_OF) if r.subject == subject)
    assert risk.response == "widen_pipeline"
    assert Decimal(risk.values["share"]) > Decimal("0.3")


def test_new_customers_from_non_strategic_industries_below_30_percent(demo_plan: Plan) -> None:
    new = Customer.objects.filter(
        first_order_date__gte=date(2026, 1, 1), first_order_date__lt=AS_OF
    )
    assert new.exists()
    Industry.objects.update(strategic=False)
    assert "non_strategic_low" not in codes(demo_plan)
    Industry.objects.update(strategic=True)
    assert codes(demo_plan)["non_strategic_low"] == {"company"}


def test_director_sees_the_risks_beside_the_adjustments(demo_plan, client) -> None:  # type: ignore[no-untyped-def]
    from unittest import mock

    from django.contrib.auth.models import User

    from pacer.org.models import AccessRole, Person
    from pacer.tracking.adjust import Risk

    director = Person.objects.filter(access_role=AccessRole.DIRECTOR).first()
    rep = Person.objects.filter(access_role=AccessRole.REP).first()
    assert director is not None
    assert rep is not None
    risk = Risk(
        "customer_concentration",
        "customer:0",
        {"amount": "1", "pipeline": "2", "share": "0.5", "limit": "0.3"},
        "widen_pipeline",
    )
    with mock.patch("pacer.adjustments.views.plan_risks", return_value=[risk]):
        client.force_login(User.objects.get(pk=director.user_id))
        page = client.get("/adjustments/").content.decode()
        assert "占剩余在跟项目的 50%，超过 30%" in page
        assert "拓宽项目储备" in page
        client.force_login(User.objects.get(pk=rep.user_id))
        assert "风险提示" not in client.get("/adjustments/").content.decode()


def test_risks_on_the_demo_plan_render(demo_plan, client) -> None:  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import User

    from pacer.org.models import AccessRole, Person

    director = Person.objects.filter(access_role=AccessRole.DIRECTOR).first()
    assert director is not None
    client.force_login(User.objects.get(pk=director.user_id))
    response = client.get("/adjustments/")
    assert response.status_code == 200
    assert 'id="risks"' in response.content.decode()
