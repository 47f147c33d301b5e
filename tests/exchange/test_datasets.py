"""The example mappings on the real shared datasets reproduce their row counts and totals.

The data is read from the ``shared/datasets`` folder beside the repository, never copied in.
Expected numbers are computed here from the raw CSV files with the csv module, and checked
against the numbers published in each dataset's SOURCE.md as well.
"""

from __future__ import annotations

import csv
import os
import shutil
from collections import Counter
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db.models import Count, Max, Min, QuerySet

from pacer.crm.models import Customer, Industry, Order, Product, ProductLine, Project, Region
from pacer.org.models import Person, Team
from tests.exchange.helpers import run

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[2]
DATASETS = REPO / ".." / "shared" / "datasets"
EXAMPLES = REPO / "docs" / "examples"
FEN = Decimal("0.01")


def _dataset(name: str) -> Path:
    folder = DATASETS / name
    if not folder.is_dir():
        message = f"shared dataset {name} not found at {folder.resolve()}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return folder


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def _total(queryset: QuerySet[Any]) -> Decimal:
    """The exact sum of ``amount`` (SQLite's SUM goes through floating point)."""
    return sum(queryset.values_list("amount", flat=True), Decimal(0))


def _totals_by(queryset: QuerySet[Any], key: str) -> dict[str, Decimal]:
    totals: Counter[str] = Counter()
    for group, amount in queryset.values_list(key, "amount"):
        totals[group] += amount
    return dict(totals)


def _state() -> dict[str, object]:
    """Everything a broken import must leave untouched."""
    return {
        "counts": [m.objects.count() for m in (Team, Person, Customer, Project, Order, Region)],
        "orders": (_total(Order.objects.all()), Order.objects.aggregate(Max("signed_date"))),
        "projects": _total(Project.objects.all()),
        "stages": sorted(Project.objects.values_list("stage").annotate(Count("pk"))),
        "names": sorted(Customer.objects.values_list("external_id", "name")),
    }


def _broken_copy(source: Path, target: Path, file: str, edits: dict[tuple[int, str], str]) -> Path:
    """A copy of a dataset folder with cells of ``file`` changed; rows count as in Excel."""
    shutil.copytree(source, target)
    with (source / file).open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    for (row, column), value in edits.items():
        rows[row - 1][header.index(column)] = value
    with (target / file).open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return target


# -- Superstore ---------------------------------------------------------------------------------


def test_superstore_reproduces_its_rows_and_totals(tmp_path: Path) -> None:
    folder = _dataset("superstore")
    mapping = EXAMPLES / "superstore.toml"
    raw = _read(folder / "sample_superstore.csv")
    sales = [Decimal(r["Sales"]) for r in raw]

    result = run(folder, mapping=mapping)
    assert result.ok, result.report()
    assert result.counts() == {
        "industries": (len({r["Segment"] for r in raw}), 0),
        "regions": (len({r["Region"] for r in raw}), 0),
        "product_lines": (len({r["Category"] for r in raw}), 0),
        "customers": (len({r["Customer ID"] for r in raw}), 0),
        "orders": (len(raw), 0),
    }
    # The published shape: 9,994 lines, 793 customers, 4 regions, 3 segments, 3 categories.
    assert (len(raw), Customer.objects.count()) == (9994, 793)
    assert (Region.objects.count(), Industry.objects.count(), ProductLine.objects.count()) == (
        4,
        3,
        3,
    )
    stored = Order.objects.aggregate(first=Min("signed_date"), last=Max("signed_date"))
    stored["total"] = _total(Order.objects.all())
    # Amounts are stored to four places, so the raw total is reproduced exactly.
    assert stored["total"] == sum(sales, Decimal(0)) == Decimal("2297200.8603")
    assert (stored["first"], stored["last"]) == (date(2014, 1, 3), date(2017, 12, 30))
    by_category: Counter[str] = Counter()
    for r in raw:
        by_category[r["Category"]] += Decimal(r["Sales"])
    assert _totals_by(Order.objects.all(), "product_line__code") == dict(by_category)
    per_customer = Counter(r["Customer ID"] for r in raw)
    stored_per_customer = dict(
        Order.objects.values_list("customer__external_id").annotate(Count("pk"))
    )
    assert stored_per_customer == dict(per_customer)
    first_rows: dict[str, dict[str, str]] = {}
    for r in raw:
        first_rows.setdefault(r["Customer ID"], r)
    claire = Customer.objects.get(external_id="CG-12520")
    assert (claire.name, claire.region.code, claire.industry.code) == (
        first_rows["CG-12520"]["Customer Name"],
        first_rows["CG-12520"]["Region"],
        first_rows["CG-12520"]["Segment"],
    )
    line = Order.objects.get(external_id="4")
    assert (line.amount, line.signed_date) == (Decimal("957.5775"), date(2015, 10, 11))
    assert not any("舍入" in note for note in result.notes)

    before = _state()
    again = run(folder, mapping=mapping)
    assert again.ok, again.report()
    assert again.counts()["orders"] == (0, 9994)
    assert again.counts()["customers"] == (0, 793)
    assert _state() == before

    broken = _broken_copy(
        folder,
        tmp_path / "superstore",
        "sample_superstore.csv",
        {
            (2, "Customer Name"): "Renamed on a good row",
            (11, "Order Date"): "2016-13-45",
            (21, "Sales"): "-14.62",
            (31, "Row ID"): "7",
        },
    )
    result = run(broken, mapping=mapping)
    assert not result.ok
    places = {(p.file, p.row, p.column) for p in result.problems}
    assert places == {
        ("sample_superstore.csv", 11, "Order Date"),
        ("sample_superstore.csv", 21, "Sales"),
        ("sample_superstore.csv", 31, "Row ID"),
    }, result.report()
    assert _state() == before


# -- Maven CRM ----------------------------------------------------------------------------------


def test_maven_crm_reproduces_its_rows_and_totals(tmp_path: Path) -> None:
    folder = _dataset("maven_crm_sales_opportunities")
    mapping = EXAMPLES / "maven_crm.toml"
    pipeline = _read(folder / "sales_pipeline.csv")
    teams = _read(folder / "sales_teams.csv")
    accounts = _read(folder / "accounts.csv")
    products = _read(folder / "products.csv")
    won = [r for r in pipeline if r["deal_stage"] == "Won"]
    won_total = sum((Decimal(r["close_value"]) for r in won), Decimal(0))
    all_total = sum((Decimal(r["close_value"] or 0) for r in pipeline), Decimal(0))
    managers = {r["manager"] for r in teams}
    offices = {r["regional_office"] for r in teams}

    result = run(folder, mapping=mapping)
    assert result.ok, result.report()
    assert result.counts() == {
        "teams": (len(offices) + len(managers), 0),
        "people": (len(teams) + len(managers), 0),
        "industries": (len({r["sector"] for r in accounts}), 0),
        "regions": (len(offices), 0),
        "product_lines": (len({r["series"] for r in products}), 0),
        "products": (len(products), 0),
        "customers": (len(accounts), 0),
        "projects": (len(pipeline), 0),
        "orders": (len(won), 0),
    }
    stage_map = {"Won": "won", "Lost": "lost", "Engaging": "needs", "Prospecting": "lead"}
    expected_stages = Counter(stage_map[r["deal_stage"]] for r in pipeline)
    stored_stages = dict(Project.objects.values_list("stage").annotate(Count("pk")))
    assert stored_stages == dict(expected_stages)
    # Published: 8,800 opportunities; Won 4,238 · Lost 2,473 · Engaging 1,589 · Prospecting 500.
    assert stored_stages == {"won": 4238, "lost": 2473, "needs": 1589, "lead": 500}
    assert _total(Project.objects.all()) == all_total
    assert _total(Order.objects.all()) == won_total
    won_by_agent: Counter[str] = Counter()
    for r in won:
        won_by_agent[r["sales_agent"]] += Decimal(r["close_value"])
    assert _totals_by(Order.objects.all(), "person__external_id") == dict(won_by_agent)
    # Published: average won deal $2,360.91, win rate 63.15%.
    assert (won_total / len(won)).quantize(FEN) == Decimal("2360.91")
    assert round(4238 / (4238 + 2473) * 100, 2) == 63.15
    # 1,425 open deals have no account; the GTXPro rows land on the "GTX Pro" product.
    assert Project.objects.filter(customer__isnull=True).count() == 1425
    gtx_pro = sum(1 for r in pipeline if r["product"] in {"GTXPro", "GTX Pro"})
    assert Project.objects.filter(product__code="GTX Pro").count() == gtx_pro == 1480
    assert not Product.objects.filter(code="GTXPro").exists()
    assert Industry.objects.filter(code="technology").exists()
    assert not Industry.objects.filter(code="technolgy").exists()
    # The organisation: 35 agents → 6 managers → 3 offices.
    agents = Person.objects.filter(access_role="rep")
    assert agents.count() == 35
    for row in teams:
        agent = Person.objects.get(external_id=row["sales_agent"])
        assert agent.manager.external_id == row["manager"]
        assert agent.team.external_id == row["manager"]
        assert agent.team.parent.external_id == row["regional_office"]
    assert Team.objects.get(external_id="Melvin Marxen").leader.name == "Melvin Marxen"
    per_agent = Counter(r["sales_agent"] for r in pipeline)
    stored_per_agent = dict(Project.objects.values_list("owner__external_id").annotate(Count("pk")))
    assert stored_per_agent == dict(per_agent)
    first = Project.objects.get(external_id="1C1I7A6R")
    assert (first.created_date, first.closed_date, first.amount, first.probability) == (
        datetime(2016, 10, 20).date(),
        date(2017, 3, 1),
        Decimal(1054),
        100,
    )
    assert Order.objects.get(external_id="1C1I7A6R").project == first

    before = _state()
    again = run(folder, mapping=mapping)
    assert again.ok, again.report()
    assert again.counts()["projects"] == (0, 8800)
    assert _state() == before

    broken = _broken_copy(
        folder,
        tmp_path / "maven",
        "sales_pipeline.csv",
        {
            (2, "account"): "Renamed Account",  # unknown customer
            (3, "deal_stage"): "Negotiating",  # unknown stage
            (4, "close_date"): "03/07/2017",  # wrong date format
            (5, "close_value"): "-588",  # negative amount
            (6, "opportunity_id"): "1C1I7A6R",  # duplicate id
        },
    )
    result = run(broken, mapping=mapping)
    assert not result.ok
    places = {(p.row, p.column) for p in result.problems}
    assert {(2, "account"), (3, "deal_stage"), (4, "close_date"), (5, "close_value")} <= places
    assert (6, "opportunity_id") in places
    assert all(p.file == "sales_pipeline.csv" for p in result.problems)
    assert _state() == before


def test_missing_datasets_fail_in_ci_and_skip_elsewhere(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(f"{__name__}.DATASETS", tmp_path / "nowhere")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="not found"):
        _dataset("superstore")
    monkeypatch.setenv("CI", "")
    with pytest.raises(pytest.skip.Exception):
        _dataset("superstore")
