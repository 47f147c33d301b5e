"""Export writes what import reads: the round trip changes nothing and loses nothing."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from openpyxl import load_workbook

from pacer.access import actor_for
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
from pacer.exchange.export import export_bytes
from pacer.exchange.operator import OPERATOR
from pacer.exchange.schema import ENTITIES
from pacer.org.models import Person, Team
from tests.exchange.helpers import COMPANY, run, write_xlsx
from tests.world import World

pytestmark = pytest.mark.django_db

DELETE_ORDER = [Payment, Order, Lead, Activity, Milestone, Project, Contact, Customer, Partner]
DELETE_ORDER += [Product, ProductLine, Region, Industry]


def _cells(content: bytes) -> dict[str, list[tuple[Any, ...]]]:
    workbook = load_workbook(BytesIO(content), read_only=True)
    sheets = {}
    for sheet in workbook.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        width = len(rows[0])
        # Trailing empty cells are not stored in the file: pad each row to the header's width.
        sheets[sheet.title] = [(*row, *(None,) * (width - len(row))) for row in rows]
    return sheets


def _wipe() -> None:
    for model in DELETE_ORDER:
        model.objects.all().delete()
    Team.objects.update(parent=None, leader=None)
    Person.objects.update(manager=None)
    Person.objects.all().delete()
    Team.objects.all().delete()
    User.objects.all().delete()


def test_the_template_has_every_sheet_and_header_and_no_rows(world: World) -> None:
    for lang in ("zh", "en"):
        cells = _cells(export_bytes(actor=OPERATOR, lang=lang, template=True))
        assert list(cells) == [e.sheet(lang) for e in ENTITIES]
        for entity in ENTITIES:
            rows = cells[entity.sheet(lang)]
            assert rows == [tuple(c.header(lang) for c in entity.columns)]


def test_export_then_import_into_an_empty_database_reproduces_the_data(
    tmp_path: Path,
) -> None:
    assert run(write_xlsx(tmp_path / "company.xlsx", COMPANY)).ok
    first = export_bytes(actor=OPERATOR)
    _wipe()
    (tmp_path / "export.xlsx").write_bytes(first)
    result = run(tmp_path / "export.xlsx")
    assert result.ok, result.report()
    assert all(updated == 0 for _created, updated in result.counts().values())
    assert _cells(export_bytes(actor=OPERATOR)) == _cells(first)
    assert _cells(first)["项目"][1][6] == "存量复购"


def test_export_then_import_into_the_same_database_only_updates(
    world: World, tmp_path: Path
) -> None:
    Customer.objects.create(name="界面里新建的客户")  # no external id: exported as #<pk>
    first = export_bytes(actor=OPERATOR, lang="en")
    (tmp_path / "export.xlsx").write_bytes(first)
    result = run(tmp_path / "export.xlsx")
    assert result.ok, result.report()
    assert all(created == 0 for created, _updated in result.counts().values())
    assert result.counts()["customers"] == (0, 4)
    assert Customer.objects.count() == 4
    assert _cells(export_bytes(actor=OPERATOR, lang="en")) == _cells(first)


def test_english_export_writes_english_labels(world: World) -> None:
    cells = _cells(export_bytes(actor=OPERATOR, lang="en"))
    header = cells["projects"][0]
    project = dict(zip(header, cells["projects"][1], strict=True))
    assert project["Stage"] == "Proposal"
    assert project["Owner"] == "P-rep_a"
    people = {row[0]: row for row in cells["people"][1:]}
    assert people["P-rep_a"][2] == "rep_a"  # login


def test_export_reads_through_the_access_rules(world: World) -> None:
    rep = actor_for(world.rep_a.user)
    cells = _cells(export_bytes(actor=rep))
    assert [row[0] for row in cells["项目"][1:]] == ["PJ-a"]
    assert [row[0] for row in cells["订单"][1:]] == ["O-a"]
