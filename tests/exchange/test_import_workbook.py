"""Importing Pacer's own workbook: every entity, references, re-import, dry run."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from pacer.crm.models import (
    Activity,
    Contact,
    Customer,
    Industry,
    Lead,
    Milestone,
    Order,
    Partner,
    Payment,
    Product,
    ProductLine,
    Project,
    Region,
)
from pacer.org.models import Person, Team
from tests.exchange.helpers import COMPANY, run, write_xlsx
from tests.world import World

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    models = [Team, Person, Industry, Region, ProductLine, Product, Partner, Customer, Contact]
    models += [Project, Milestone, Activity, Lead, Order, Payment]
    return {m.__name__: m.objects.count() for m in models}


def test_a_complete_workbook_creates_every_entity(tmp_path: Path) -> None:
    result = run(write_xlsx(tmp_path / "company.xlsx", COMPANY))
    assert result.ok, result.report()
    assert result.written
    assert result.counts() == {
        "teams": (2, 0),
        "people": (3, 0),
        "industries": (2, 0),
        "regions": (2, 0),
        "product_lines": (2, 0),
        "products": (2, 0),
        "partners": (1, 0),
        "customers": (2, 0),
        "contacts": (1, 0),
        "projects": (2, 0),
        "milestones": (1, 0),
        "activities": (1, 0),
        "leads": (1, 0),
        "orders": (2, 0),
        "payments": (1, 0),
    }
    south = Team.objects.get(external_id="T2")
    assert south.parent == Team.objects.get(external_id="T1")
    assert south.leader == Person.objects.get(external_id="P2")
    rep = Person.objects.get(external_id="P3")
    assert (rep.manager.external_id, rep.team.external_id) == ("P2", "T2")
    assert (rep.position, rep.access_role, rep.hire_date) == (
        "account_executive",
        "rep",
        date(2024, 7, 1),
    )
    assert Person.objects.get(external_id="P2").hire_date == date(2021, 3, 15)
    assert Industry.objects.get(code="3c").strategic is True
    assert Product.objects.get(code="S100").list_price == Decimal("12800.00")
    assert Product.objects.get(code="H900").list_price == Decimal("86000.00")
    customer = Customer.objects.get(external_id="C2")
    assert (customer.industry.code, customer.partner.external_id, customer.tier_override) == (
        "li",
        "PT1",
        "",
    )
    first = Project.objects.get(external_id="PJ1")
    assert first.amount == Decimal("500000.00")  # written as 50万
    assert (first.stage, first.probability, first.lead_source) == ("proposal", 50, "exhibition")
    assert first.competitor_present is True
    second = Project.objects.get(external_id="PJ2")
    assert (second.stage, second.probability, second.business_type) == (
        "negotiation",
        80,
        "new_product",
    )
    assert Order.objects.get(external_id="O2").amount == Decimal("300000.00")
    assert Order.objects.get(external_id="O2").project == second
    assert Payment.objects.get(external_id="PAY1").order.external_id == "O1"
    assert Milestone.objects.get(external_id="M1").owner == rep
    assert Activity.objects.get(external_id="A1").kind == "visit"


def test_logins_are_created_without_a_usable_password(tmp_path: Path) -> None:
    run(write_xlsx(tmp_path / "company.xlsx", COMPANY))
    user = User.objects.get(username="wang")
    assert Person.objects.get(external_id="P3").user == user
    assert not user.has_usable_password()
    assert not user.is_staff
    assert not user.is_superuser
    assert Person.objects.get(external_id="P2").user is None


def test_reimport_updates_instead_of_duplicating(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "company.xlsx", COMPANY)
    run(path)
    before = _counts()
    changed = {**COMPANY, "客户": [list(r) for r in COMPANY["客户"]]}
    changed["客户"][1][1] = "深圳精密（新名）"
    result = run(write_xlsx(tmp_path / "again.xlsx", changed))
    assert result.ok, result.report()
    assert result.counts()["customers"] == (0, 2)
    assert result.counts()["orders"] == (0, 2)
    assert _counts() == before
    assert Customer.objects.get(external_id="C1").name == "深圳精密（新名）"


def test_references_may_point_at_rows_already_in_the_database(world: World, tmp_path: Path) -> None:
    sheets = {
        "orders": [
            ["External ID", "Customer", "Person", "Product line", "Amount", "Signed date"],
            ["O-new", "C-a", "P-rep_a", "plc-std", "8800", "2026-05-01"],
        ]
    }
    result = run(write_xlsx(tmp_path / "orders.xlsx", sheets))
    assert result.ok, result.report()
    order = Order.objects.get(external_id="O-new")
    assert (order.customer, order.person) == (world.customers["a"], world.rep_a)


def test_an_update_writes_only_the_columns_given(world: World, tmp_path: Path) -> None:
    sheets = {"项目": [["外部编号", "项目名称"], ["PJ-a", "改名的项目"]]}
    result = run(write_xlsx(tmp_path / "p.xlsx", sheets))
    assert result.ok, result.report()
    project = Project.objects.get(external_id="PJ-a")
    assert project.name == "改名的项目"
    assert project.amount == Decimal("500000.00")
    assert project.owner == world.rep_a
    assert project.stage == "proposal"


def test_headers_and_sheet_names_ignore_case_spaces_and_language(tmp_path: Path) -> None:
    sheets = {
        "Product Lines": [[" CODE ", "name", "New Product"], ["x", "X line", "yes"]],
        "PRODUCTS": [["code", "Name", "product_line", "List price"], ["x1", "X1", "x", "1,000.50"]],
    }
    result = run(write_xlsx(tmp_path / "p.xlsx", sheets))
    assert result.ok, result.report()
    assert ProductLine.objects.get(code="x").is_new_product is True
    assert Product.objects.get(code="x1").list_price == Decimal("1000.50")


def test_excel_date_cells_and_serial_numbers_are_dates(tmp_path: Path) -> None:
    sheets = {
        "leads": [
            ["External ID", "Source", "Date", "Qualified date"],
            ["L1", "online", date(2026, 2, 3), 46000],
            ["L2", "线上", "2026/02/04", "46001"],
        ]
    }
    result = run(write_xlsx(tmp_path / "l.xlsx", sheets))
    assert result.ok, result.report()
    first = Lead.objects.get(external_id="L1")
    assert (first.date, first.qualified_date) == (date(2026, 2, 3), date(2025, 12, 9))
    assert Lead.objects.get(external_id="L2").qualified_date == date(2025, 12, 10)


def test_a_dry_run_reports_counts_and_writes_nothing(tmp_path: Path) -> None:
    result = run(write_xlsx(tmp_path / "company.xlsx", COMPANY), dry_run=True)
    assert result.ok, result.report()
    assert result.dry_run
    assert not result.written
    assert result.counts()["projects"] == (2, 0)
    assert sum(_counts().values()) == 0
    assert not User.objects.exists()


def test_preview_shows_the_first_rows_with_their_headers(tmp_path: Path) -> None:
    result = run(write_xlsx(tmp_path / "company.xlsx", COMPANY), dry_run=True)
    projects = next(s for s in result.entities if s.entity == "projects")
    assert projects.headers[:3] == ("外部编号", "项目名称", "客户编号")
    assert projects.preview[0][:3] == ("PJ1", "产线改造", "C1")
    assert "方案" in projects.preview[0]


def test_a_project_without_probability_takes_its_stage_default(tmp_path: Path) -> None:
    sheets = {
        "项目": [
            ["外部编号", "项目名称", "阶段"],
            ["W", "won deal", "签单"],
            ["L", "lost deal", "丢单"],
        ]
    }
    assert run(write_xlsx(tmp_path / "p.xlsx", sheets)).ok
    assert Project.objects.get(external_id="W").probability == 100
    assert Project.objects.get(external_id="L").probability == 0
    # An update that moves the stage moves the default probability with it.
    moved = {"项目": [["外部编号", "项目名称", "阶段"], ["W", "won deal", "商务谈判"]]}
    assert run(write_xlsx(tmp_path / "m.xlsx", moved)).ok
    assert Project.objects.get(external_id="W").probability == 75


def test_rows_created_in_pacer_are_matched_by_their_hash_key(world: World, tmp_path: Path) -> None:
    loose = Customer.objects.create(name="无编号客户")
    sheets = {"客户": [["外部编号", "客户名称"], [f"#{loose.pk}", "有了新名字"]]}
    result = run(write_xlsx(tmp_path / "c.xlsx", sheets))
    assert result.ok, result.report()
    assert result.counts()["customers"] == (0, 1)
    loose.refresh_from_db()
    assert loose.name == "有了新名字"


def test_tens_of_thousands_of_rows_import_with_few_queries(
    tmp_path: Path, django_assert_max_num_queries: object
) -> None:
    rows: list[list[object]] = [["外部编号", "客户名称"]]
    rows += [[f"C{i}", f"客户{i}"] for i in range(20000)]
    path = write_xlsx(tmp_path / "big.xlsx", {"客户": rows})
    # Bulk reads and writes in batches: a few queries per 500 rows, never one per row.
    with django_assert_max_num_queries(20000 // 50):  # type: ignore[operator]
        result = run(path)
    assert result.counts()["customers"] == (20000, 0)
    assert Customer.objects.count() == 20000
