"""``pacer generate``: sizes, the same rows from the same seed, refusal on a non-empty database."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from pacer.crm.models import OPEN_STAGES, BusinessType, Customer, Lead, Order, Payment, Project
from pacer.org.models import Company, Person, Position, Team

TODAY = date(2025, 10, 15)
TINY = ["--people", "20", "--customers", "200", "--projects", "1000", "--orders", "5000"]


def generate(*extra: str) -> str:
    out = StringIO()
    call_command(
        "generate", *TINY, "--today", TODAY.isoformat(), *extra, stdout=out, stderr=StringIO()
    )
    return out.getvalue()


def snapshot() -> dict[str, list[Any]]:
    return {
        "people": list(
            Person.objects.order_by("pk").values_list(
                "pk", "name", "team_id", "manager_id", "position", "hire_date"
            )
        ),
        "customers": list(
            Customer.objects.order_by("pk").values_list(
                "pk", "name", "owner_id", "first_order_date"
            )
        ),
        "projects": list(
            Project.objects.order_by("pk").values_list(
                "pk", "customer_id", "stage", "amount", "expected_sign_date", "last_contact_date"
            )
        ),
        "orders": list(
            Order.objects.order_by("pk").values_list(
                "pk", "customer_id", "person_id", "business_type", "amount", "signed_date"
            )
        ),
        "payments": list(
            Payment.objects.order_by("pk").values_list("pk", "order_id", "amount", "date")
        ),
    }


@pytest.mark.django_db
def test_generates_the_asked_sizes_with_a_realistic_shape() -> None:
    message = generate()
    assert "20 人" in message
    assert "5000 笔订单" in message
    assert Company.objects.count() == 1
    assert Person.objects.count() == 20
    assert Customer.objects.count() == 200
    assert Project.objects.count() == 1000
    assert Order.objects.count() == 5000
    assert Payment.objects.count() > 4000
    assert Lead.objects.filter(project__isnull=False).exists()
    # A tree: company team → regional teams → sub-teams, led by a director and managers.
    root = Team.objects.get(parent__isnull=True)
    assert root.leader is not None
    assert root.leader.position == Position.DIRECTOR
    assert Team.objects.filter(parent=root).count() >= 2
    assert Person.objects.filter(manager__isnull=True).count() == 1
    # History before the plan year and nothing signed after the reference day.
    first = Order.objects.order_by("signed_date").values_list("signed_date", flat=True).first()
    assert first is not None
    assert first.year == TODAY.year - 3
    assert not Order.objects.filter(signed_date__gte=TODAY).exists()
    assert set(Order.objects.values_list("business_type", flat=True).distinct()) == set(
        BusinessType.values
    )
    # An open pipeline the alert rules and the plan can work on.
    open_projects = Project.objects.filter(stage__in=OPEN_STAGES)
    assert open_projects.count() == 200
    assert not open_projects.filter(expected_sign_date__isnull=True).exists()
    assert open_projects.filter(last_contact_date__lt=TODAY - timedelta(days=14)).exists()
    assert Project.objects.filter(stage="won", orders__isnull=False).exists()
    # New ids continue after the generated ones.
    assert Order.objects.create(customer_id=1, amount=1, signed_date=TODAY).pk == 5001


@pytest.mark.django_db
def test_the_same_seed_gives_identical_rows_and_another_seed_does_not() -> None:
    generate("--seed", "7")
    first = snapshot()
    generate("--seed", "7", "--replace")
    assert snapshot() == first
    generate("--seed", "8", "--replace")
    assert snapshot()["orders"] != first["orders"]


@pytest.mark.django_db
def test_refuses_a_database_that_holds_data_unless_replace() -> None:
    generate()
    Order.objects.filter(pk=1).update(amount=123)
    with pytest.raises(CommandError, match="--replace"):
        generate()
    assert Order.objects.get(pk=1).amount == 123  # nothing was touched
    generate("--replace")
    assert Order.objects.count() == 5000
    assert Order.objects.get(pk=1).amount != 123


@pytest.mark.django_db
def test_rejects_sizes_that_cannot_make_a_company() -> None:
    with pytest.raises(CommandError, match="--people"):
        call_command("generate", "--people", "3", stdout=StringIO(), stderr=StringIO())
    assert not Person.objects.exists()
