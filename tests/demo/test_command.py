"""``pacer demo``: loads the demo company once, keeps it, resets it, refuses someone else's."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Sum
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pacer.access import actor_for, projects_for
from pacer.crm.models import Customer, Lead, Milestone, Order, Payment, Project
from pacer.demo.generate import generate_demo
from pacer.demo.profile import DEMO_COMPANY_NAME, DEMO_PASSWORD
from pacer.org.models import AccessRole, Company, Person, Team

DAY = "2026-06-15"
LOGIN = re.compile(r"^\s+\S+\s+(demo-[\w-]+)\s+(\S+)", re.MULTILINE)


def run_demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", "--no-serve", *args, stdout=out)
    return out.getvalue()


def printed_logins(output: str) -> list[tuple[str, str]]:
    return LOGIN.findall(output)


def table_sizes() -> dict[str, int]:
    models = (Company, Team, Person, User, Customer, Project, Milestone, Lead, Order, Payment)
    return {m.__name__: m.objects.count() for m in models}


@pytest.mark.django_db
def test_loads_the_demo_company_into_an_empty_database() -> None:
    output = run_demo("--today", DAY)

    expected = generate_demo(seed=5000, today=date(2026, 6, 15))
    assert list(Company.objects.values_list("name", flat=True)) == [DEMO_COMPANY_NAME]
    assert Person.objects.count() == len(expected.people)
    assert Customer.objects.count() == len(expected.customers)
    assert Order.objects.count() == len(expected.orders)
    assert Payment.objects.count() == len(expected.payments)
    assert Project.objects.count() == len(expected.projects)
    last_year = Order.objects.filter(signed_date__year=2025).aggregate(total=Sum("amount"))
    assert last_year["total"] == Decimal("38000000.00")
    assert not Order.objects.filter(signed_date__gt=date(2026, 6, 15)).exists()
    assert DEMO_COMPANY_NAME in output
    assert Person.objects.filter(user__isnull=True).count() == 0


@pytest.mark.django_db
def test_loading_takes_queries_per_table_not_per_row() -> None:
    with CaptureQueriesContext(connection) as queries:
        run_demo("--today", DAY)

    rows = sum(table_sizes().values())
    assert rows > 4000
    assert len(queries) < 200


@pytest.mark.django_db
def test_saved_links_match_the_generated_records() -> None:
    run_demo("--today", DAY)
    expected = generate_demo(seed=5000, today=date(2026, 6, 15))

    order = expected.orders[-1]
    saved = Order.objects.select_related("customer", "person", "product_line").get(
        external_id=order.key
    )
    assert saved.customer.external_id == order.customer
    assert saved.person is not None
    assert saved.person.external_id == order.person
    assert saved.amount == order.amount
    rep = Person.objects.get(external_id="DEMO-P-rep01")
    assert rep.manager is not None
    assert rep.manager.external_id == "DEMO-P-prd1"
    assert rep.team is not None
    assert rep.team.parent is not None
    assert rep.team.parent.name == "销售中心"
    assert Team.objects.get(external_id="DEMO-T-reg-prd1").leader == rep.manager


@pytest.mark.django_db
def test_prints_one_working_login_per_role() -> None:
    output = run_demo("--today", DAY)

    logins = printed_logins(output)
    assert [name for name, _ in logins] == [
        "demo-admin",
        "demo-director",
        "demo-prd1",
        "demo-rep01",
    ]
    roles = []
    for username, password in logins:
        assert password == DEMO_PASSWORD
        user = authenticate(username=username, password=password)
        assert user is not None, username
        roles.append(actor_for(user).role)
    assert roles == [AccessRole.ADMIN, AccessRole.DIRECTOR, AccessRole.MANAGER, AccessRole.REP]


@pytest.mark.django_db
def test_printed_logins_sign_in_through_the_login_page() -> None:
    output = run_demo("--today", DAY)

    for username, password in printed_logins(output):
        client = Client()
        response = client.post(reverse("login"), {"username": username, "password": password})
        assert response.status_code == 302, username
        assert response["Location"] == reverse("home")
        assert client.get(reverse("home")).status_code == 200


@pytest.mark.django_db
def test_scopes_follow_the_reporting_lines() -> None:
    run_demo("--today", DAY)

    rep_user = User.objects.get(username="demo-rep01")
    rep = Person.objects.get(user=rep_user)
    seen_by_rep = projects_for(actor_for(rep_user))
    assert seen_by_rep.exists()
    assert set(seen_by_rep.values_list("owner_id", flat=True)) == {rep.pk}
    manager_user = User.objects.get(username="demo-prd1")
    owners = set(projects_for(actor_for(manager_user)).values_list("owner_id", flat=True))
    assert rep.pk in owners
    assert owners <= set(Person.objects.filter(team=rep.team).values_list("pk", flat=True))
    director = actor_for(User.objects.get(username="demo-director"))
    assert projects_for(director).count() == Project.objects.count()


@pytest.mark.django_db
def test_a_second_run_keeps_the_demo_company() -> None:
    run_demo("--today", DAY)
    before = table_sizes()
    first_order = Order.objects.order_by("external_id").values_list("pk", "amount").first()

    output = run_demo("--today", "2026-09-01", "--seed", "1")

    assert "保持不变" in output
    assert table_sizes() == before
    assert Order.objects.order_by("external_id").values_list("pk", "amount").first() == (
        first_order
    )
    assert len(printed_logins(output)) == 4


@pytest.mark.django_db
def test_reset_reloads_the_demo_company() -> None:
    run_demo("--today", DAY)
    director_before = Person.objects.get(external_id="DEMO-P-director").name

    run_demo("--today", "2027-03-10", "--seed", "11", "--reset")

    expected = generate_demo(seed=11, today=date(2027, 3, 10))
    assert Company.objects.count() == 1
    assert Order.objects.count() == len(expected.orders)
    assert Person.objects.get(external_id="DEMO-P-director").name == expected.people[0].name
    assert expected.people[0].name != director_before
    assert User.objects.filter(username__startswith="demo-").count() == len(expected.people) + 1
    total_2026 = Order.objects.filter(signed_date__year=2026).aggregate(total=Sum("amount"))
    assert total_2026["total"] == Decimal("38000000.00")


@pytest.mark.django_db
def test_another_company_is_refused_and_left_untouched() -> None:
    Company.objects.create(name="某某机电有限公司")
    own = User.objects.create_user(username="wang", password="a-strong-password-1")
    Person.objects.create(name="王经理", user=own)

    with pytest.raises(CommandError, match=r"某某机电有限公司.*--reset"):
        run_demo("--today", DAY)

    assert list(Company.objects.values_list("name", flat=True)) == ["某某机电有限公司"]
    assert Person.objects.count() == 1
    assert not User.objects.filter(username__startswith="demo-").exists()


@pytest.mark.django_db
def test_data_without_a_company_row_is_refused_too() -> None:
    Team.objects.create(name="销售部")

    with pytest.raises(CommandError, match="--reset"):
        run_demo("--today", DAY)

    assert not Customer.objects.exists()


@pytest.mark.django_db
def test_reset_replaces_another_company_but_keeps_other_logins() -> None:
    Company.objects.create(name="某某机电有限公司")
    own = User.objects.create_user(username="wang", password="a-strong-password-1")
    Person.objects.create(name="王经理", user=own)

    run_demo("--today", DAY, "--reset")

    assert list(Company.objects.values_list("name", flat=True)) == [DEMO_COMPANY_NAME]
    assert not Person.objects.filter(name="王经理").exists()
    assert User.objects.filter(username="wang").exists()


@pytest.mark.django_db
def test_bad_arguments_name_the_value() -> None:
    with pytest.raises(CommandError, match="2026-13-01"):
        run_demo("--today", "2026-13-01")
    with pytest.raises(CommandError, match="not-an-address"):
        run_demo("--addr", "not-an-address")
    assert not Company.objects.exists()


@pytest.mark.django_db
def test_serves_without_reloader_and_with_static_files(monkeypatch: pytest.MonkeyPatch) -> None:
    served: list[dict[str, Any]] = []

    def fake_handle(self: object, *args: object, **options: Any) -> None:
        served.append(options)

    monkeypatch.setattr(
        "django.contrib.staticfiles.management.commands.runserver.Command.handle", fake_handle
    )
    out = StringIO()
    call_command("demo", "--today", DAY, "--addr", "127.0.0.1:8765", stdout=out)

    assert len(served) == 1
    assert served[0]["addrport"] == "127.0.0.1:8765"
    assert served[0]["use_reloader"] is False
    assert served[0]["insecure_serving"] is True
    assert "http://127.0.0.1:8765/" in out.getvalue()
    assert Company.objects.filter(name=DEMO_COMPANY_NAME).exists()
