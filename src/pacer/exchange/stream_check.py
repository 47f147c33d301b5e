"""The checks of a streamed CSV file: one pass over its rows, keeping only what the write needs.

Per batch of rows: every cell is parsed and the keys the rows refer to are looked up in the
database (each distinct key once per import). Each readable row leaves its key and number in
a temporary table (``stream_keys``), which then names repeated keys and the rows that already
exist in two set-based queries. Problems are kept up to ``PROBLEM_LIMIT``; the rest are counted.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext

from pacer.crm.models import STAGE_PROBABILITY, Stage
from pacer.exchange.bind import Binding
from pacer.exchange.convert import Record, Ref
from pacer.exchange.plan import lookup
from pacer.exchange.problems import Problem
from pacer.exchange.schema import BY_NAME, Kind
from pacer.exchange.stream import (
    FAILED,
    MISSING,
    Cell,
    CsvFile,
    Sink,
    cells_of,
    data_rows,
    read_row,
)
from pacer.exchange.stream_keys import KeyStage

BATCH = 5000  # rows parsed, looked up and written together
PREVIEW_ROWS = 5

Row = tuple[int, list[Any], bool]  # row number, values in cell order, all cells readable


@dataclass
class Scan:
    """What the check learnt: problems, counts, referenced rows' primary keys, a preview."""

    sink: Sink = field(default_factory=Sink)
    rows: int = 0  # readable rows
    failed: int = 0  # rows with a cell that could not be read
    updated: int = 0  # readable rows whose key already exists
    rounded: Counter[tuple[str, str]] = field(default_factory=Counter)
    known: dict[str, dict[str, int]] = field(default_factory=dict)  # entity → key → pk
    missing: dict[str, set[str]] = field(default_factory=dict)  # entity → keys not found
    preview: list[Record] = field(default_factory=list)
    provided: set[str] = field(default_factory=set)  # fields any readable row gives
    existing: dict[str, int] = field(default_factory=dict)  # own keys already stored → pk


def scan_rows(source: CsvFile, binding: Binding, stage: KeyStage) -> Scan:
    """Read every row once; raise ``MalformedCsvError`` on a malformed file."""
    scan = Scan()
    cells = cells_of(binding, scan.rounded)
    batch: list[Row] = []
    for number, row in data_rows(source, scan.sink):
        values, ok = read_row(cells, source, number, row, scan.sink)
        batch.append((number, values, ok))
        if len(batch) >= BATCH:
            _check_batch(scan, source, binding, cells, batch, stage)
            batch = []
    _check_batch(scan, source, binding, cells, batch, stage)
    _duplicates(scan, source, binding, cells, stage)
    if not scan.sink:
        scan.existing = stage.existing()
        scan.updated = len(scan.existing)
    return scan


def _check_batch(  # noqa: PLR0917
    scan: Scan,
    source: CsvFile,
    binding: Binding,
    cells: list[Cell],
    batch: list[Row],
    stage: KeyStage,
) -> None:
    if not batch:
        return
    for position, cell in enumerate(cells):
        if cell.column.kind is Kind.REF:
            _check_refs(scan, source, cell, position, batch)
    entity = binding.entity
    key_at = next(i for i, c in enumerate(cells) if c.field == entity.key)
    good = [values for _n, values, ok in batch if ok]
    scan.failed += len(batch) - len(good)
    scan.rows += len(good)
    stage.add([(values[key_at], number) for number, values, ok in batch if ok])
    _provided(scan, cells, good)
    for number, values, ok in batch:
        if ok and len(scan.preview) < PREVIEW_ROWS:
            scan.preview.append(_record(binding, source, cells, number, values))


def _check_refs(scan: Scan, source: CsvFile, cell: Cell, position: int, batch: list[Row]) -> None:
    """Every key the column refers to must exist (streamed entities only refer to rows
    already in the database: their targets come earlier in the write order)."""
    target = cell.column.target
    assert target is not None
    known = scan.known.setdefault(target, {})
    missing = scan.missing.setdefault(target, set())
    keys = {values[position] for _n, values, _ok in batch} - {None, FAILED}
    unknown = keys - known.keys() - missing
    if unknown:
        found = lookup(BY_NAME[target], unknown, size=lookup_size())
        known.update(found)
        missing.update(unknown - found.keys())
    if not keys & missing:
        return
    label = BY_NAME[target].model._meta.verbose_name
    reason = gettext("找不到此%(entity)s：它既不在本次导入中，也不在系统中") % {"entity": label}
    for number, values, _ok in batch:
        key = values[position]
        if key in missing:
            scan.sink.add(Problem.at(source.place(number, cell.header), reason, key))


def _provided(scan: Scan, cells: list[Cell], good: list[list[Any]]) -> None:
    """Fields shown in the preview: a percent left blank on every row is not given."""
    for position, cell in enumerate(cells):
        if cell.field in scan.provided:
            continue
        if cell.blank is not MISSING or any(v[position] is not MISSING for v in good):
            scan.provided.add(cell.field)
    if good and "stage" in scan.provided and "probability" not in scan.provided:
        # A project without a probability takes its stage's default.
        scan.provided.add("probability")


def _record(
    binding: Binding, source: CsvFile, cells: list[Cell], number: int, values: list[Any]
) -> Record:
    """One row as the in-memory path's record, for the preview."""
    plain: dict[str, Any] = {}
    refs: dict[str, Ref | None] = {}
    for cell, value in zip(cells, values, strict=True):
        if cell.column.kind is Kind.REF:
            place = source.place(number, cell.header)
            refs[cell.field] = None if value is None else Ref(value, place)
        elif value is not MISSING:
            plain[cell.field] = value
    probability = derived_probability(probability_rule(cells), values)
    if probability is not None:
        plain["probability"] = probability
    key = plain.get(binding.entity.key, "")
    return Record(binding, number, key, plain, refs, frozenset(plain) | frozenset(refs))


def probability_rule(cells: list[Cell]) -> tuple[int, int | None] | None:
    """Where a project's stage and probability are among ``cells`` (``None``: no stage)."""
    at = {cell.field: i for i, cell in enumerate(cells)}
    if "stage" not in at:
        return None
    return at["stage"], at.get("probability")


def derived_probability(rule: tuple[int, int | None] | None, values: list[Any]) -> int | None:
    """A project's win probability from its stage when the row gives none, else ``None``."""
    if rule is None:
        return None
    stage_at, probability_at = rule
    if probability_at is not None and values[probability_at] is not MISSING:
        return None
    return STAGE_PROBABILITY[Stage(values[stage_at])]


def _duplicates(
    scan: Scan, source: CsvFile, binding: Binding, cells: list[Cell], stage: KeyStage
) -> None:
    """Name every row whose key an earlier row already has."""
    header = next(c.header for c in cells if c.field == binding.entity.key)
    shown, total = stage.repeated(scan.sink.limit)
    scan.sink.omitted += total - len(shown)
    for key, number, first in shown:
        where = {"file": source.name, "row": first}
        reason = gettext("重复：与 %(file)s 第 %(row)d 行相同") % where
        scan.sink.add(Problem.at(source.place(number, header), reason, key))


def lookup_size() -> int:
    """Keys per lookup query: PostgreSQL takes large lists; SQLite counts its parameters."""
    from django.db import connection

    return 5000 if connection.vendor == "postgresql" else 900
