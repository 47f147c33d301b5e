"""Export: the whole company as one .xlsx in exactly the shape the import reads.

One sheet per entity in dependency order, headers in Chinese (default) or English; choices and
yes/no written as labels of that language; references written as the referenced row's key. A
row created in Pacer itself (no external id) is keyed ``#<id>``; importing the file back finds
it by that key and updates it instead of creating a copy. ``template`` writes headers only.

Rows are read through ``pacer.access`` for the acting user; a whole-company export is meant
for administrators and directors, whose scope is everything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from io import BytesIO
from typing import IO, Any

from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from pacer import access
from pacer.access import Actor
from pacer.crm.models import Contact, Industry, Product, ProductLine, Region
from pacer.exchange.schema import BY_NAME, ENTITIES, Column, Entity, Kind, choices_of

LANGS = ("zh", "en")

Rows = Callable[[Actor], QuerySet[Any]]
SCOPED: dict[str, Rows] = {
    "teams": access.teams_for,
    "people": access.people_for,
    "industries": lambda _actor: Industry.objects.all(),
    "regions": lambda _actor: Region.objects.all(),
    "product_lines": lambda _actor: ProductLine.objects.all(),
    "products": lambda _actor: Product.objects.all(),
    "partners": access.partners_for,
    "customers": access.customers_for,
    "contacts": lambda actor: Contact.objects.filter(
        customer__in=access.customers_for(actor).values("pk")
    ),
    "projects": access.projects_for,
    "milestones": access.milestones_for,
    "activities": access.activities_for,
    "leads": access.leads_for,
    "orders": access.orders_for,
    "payments": access.payments_for,
}


def data_export(
    target: IO[bytes], *, actor: Actor, lang: str = "zh", template: bool = False
) -> dict[str, int]:
    """Write the workbook to ``target``; returns the number of rows written per entity."""
    if lang not in LANGS:
        msg = f"lang must be one of {LANGS}"
        raise ValueError(msg)
    workbook = Workbook(write_only=True)
    counts: dict[str, int] = {}
    for entity in ENTITIES:
        sheet = workbook.create_sheet(entity.sheet(lang))
        _header(sheet, entity, lang)
        counts[entity.name] = 0
        if template:
            continue
        for row in _rows(entity, actor, lang):
            sheet.append(row)
            counts[entity.name] += 1
    workbook.save(target)
    return counts


def export_bytes(*, actor: Actor, lang: str = "zh", template: bool = False) -> bytes:
    buffer = BytesIO()
    data_export(buffer, actor=actor, lang=lang, template=template)
    return buffer.getvalue()


def _header(sheet: WriteOnlyWorksheet, entity: Entity, lang: str) -> None:
    bold = Font(bold=True)
    cells = []
    for index, column in enumerate(entity.columns, start=1):
        header = column.header(lang)
        sheet.column_dimensions[get_column_letter(index)].width = max(
            12, len(header.encode("utf-8")) + 2
        )
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        cells.append(cell)
    sheet.freeze_panes = "A2"
    sheet.append(cells)


def _rows(entity: Entity, actor: Actor, lang: str) -> Iterator[list[Any]]:
    names: list[str] = ["pk"]
    for column in entity.columns:
        names.extend(_sources(column))
    queryset = SCOPED[entity.name](actor).order_by("pk").values(*names)
    labels = {c.field: _labels(c, lang) for c in entity.columns if c.kind is Kind.CHOICE}
    # Yes/no are values of the file format (the import reads both), not interface text.
    yes, no = ("是", "否") if lang == "zh" else ("yes", "no")
    for row in queryset.iterator(chunk_size=2000):
        out: list[Any] = []
        for column in entity.columns:
            value = _value(entity, column, row)
            if column.kind is Kind.CHOICE:
                value = labels[column.field].get(value) if value else None
            elif column.kind is Kind.BOOL:
                value = yes if value else no
            out.append(value)
        yield out


def _sources(column: Column) -> list[str]:
    """The ``values()`` names one column needs."""
    if column.kind is Kind.REF:
        assert column.target is not None
        key = BY_NAME[column.target].key
        return [f"{column.field}_id", f"{column.field}__{key}"]
    if column.kind is Kind.LOGIN:
        return ["user__username"]
    return [column.field]


def _value(entity: Entity, column: Column, row: dict[str, Any]) -> Any:
    if column.field == entity.key:
        return row[column.field] or f"#{row['pk']}"
    if column.kind is Kind.REF:
        pk = row[f"{column.field}_id"]
        if pk is None:
            return None
        assert column.target is not None
        key = row[f"{column.field}__{BY_NAME[column.target].key}"]
        return key or f"#{pk}"
    if column.kind is Kind.LOGIN:
        return row["user__username"]
    value = row[column.field]
    return None if value == "" else value


def _labels(column: Column, lang: str) -> dict[str, str]:
    return {code: (en if lang == "en" else zh) for code, zh, en in choices_of(column)}
