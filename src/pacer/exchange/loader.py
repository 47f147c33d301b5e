"""``data_import``: read, check everything, then write all of it or nothing.

Every problem in the input is collected (not only the first), each named by file, sheet, row,
column, value and reason. When there is any, nothing is written. Otherwise every entity is
written in one transaction, in dependency order; a row whose key (external id or code) already
exists is updated, the others are created. The checks run inside the same transaction as the
writes, so what was checked is what is written.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import DatabaseError, transaction
from django.utils import translation
from django.utils.translation import gettext

from pacer.access import Actor
from pacer.exchange.bind import bind
from pacer.exchange.convert import Converted, Record, convert
from pacer.exchange.mapping import load_mapping
from pacer.exchange.plan import Plan, make_plan
from pacer.exchange.problems import Place, Problem
from pacer.exchange.readers import Table, read_source
from pacer.exchange.schema import BY_NAME, ENTITIES, Entity, Kind, choices_of
from pacer.exchange.stream import CsvFile, MalformedCsvError, open_csv
from pacer.exchange.stream_check import scan_rows
from pacer.exchange.stream_keys import key_stage
from pacer.exchange.stream_write import write_rows
from pacer.exchange.write import write_plan
from pacer.ops.statistics import statistics_refresh

PREVIEW_ROWS = 5


@dataclass(frozen=True)
class EntitySummary:
    """What an import does to one entity, with its first rows for a preview."""

    entity: str
    label: str
    created: int
    updated: int
    headers: tuple[str, ...]
    preview: tuple[tuple[str, ...], ...]

    @property
    def rows(self) -> int:
        return self.created + self.updated


@dataclass(frozen=True)
class ImportResult:
    """The outcome of ``data_import``: problems, or what was (or would be) created and updated."""

    problems: tuple[Problem, ...]
    entities: tuple[EntitySummary, ...]
    notes: tuple[str, ...]
    dry_run: bool
    written: bool
    omitted: int = 0  # problems found beyond those listed

    @property
    def ok(self) -> bool:
        return not self.problems

    def counts(self) -> dict[str, tuple[int, int]]:
        """``{entity: (created, updated)}`` for every entity the import holds."""
        return {s.entity: (s.created, s.updated) for s in self.entities}

    def report(self) -> str:
        """One line per problem."""
        return "\n".join(problem.line() for problem in self.problems)

    def summary(self) -> str:
        """One line per entity: created and updated counts."""
        lines = [
            gettext("%(label)s：新建 %(created)d，更新 %(updated)d")
            % {"label": s.label, "created": s.created, "updated": s.updated}
            for s in self.entities
        ]
        return "\n".join([*lines, *self.notes])


def data_import(
    *,
    path: Path,
    actor: Actor,
    mapping: Path | None = None,
    dry_run: bool = False,
    source_name: str | None = None,
    mapping_name: str | None = None,
) -> ImportResult:
    """Import ``path`` (an .xlsx, a folder or .zip of CSV files, or one CSV file).

    ``mapping`` is a TOML or YAML mapping file for another system's export. ``dry_run`` checks
    everything and reports what would be created and updated, writing nothing. ``source_name``
    and ``mapping_name`` are the names shown in messages (an upload's original file names).
    ``actor`` is who imports: only an administrator may import administrators. A large CSV
    file is checked and written row by row (``import_streamed``), with the same results.
    """
    streamed = None if mapping is not None else open_csv(path, source_name or path.name)
    if streamed is not None:
        result = import_streamed(streamed, dry_run=dry_run)
    else:
        result = _import_in_memory(
            path=path,
            actor=actor,
            mapping=mapping,
            dry_run=dry_run,
            source_name=source_name,
            mapping_name=mapping_name,
        )
    if result.written:
        _audit(result, actor=actor, name=source_name or path.name)
    return result


def _audit(result: ImportResult, *, actor: Actor, name: str) -> None:
    """Note a written import in the audit trail: who, which file, created and updated counts."""
    from django.contrib.auth import get_user_model

    from pacer.audit.models import AuditAction
    from pacer.audit.services import audit_record

    user = get_user_model().objects.filter(pk=actor.user_id).first() if actor.user_id else None
    counts = {entity: {"created": c, "updated": u} for entity, (c, u) in result.counts().items()}
    audit_record(action=AuditAction.DATA_IMPORT, user=user, after=counts, reason=name)


def _import_in_memory(
    *,
    path: Path,
    actor: Actor,
    mapping: Path | None,
    dry_run: bool,
    source_name: str | None,
    mapping_name: str | None,
) -> ImportResult:
    parsed = None
    if mapping is not None:
        parsed, problems = load_mapping(mapping, display_name=mapping_name)
        if problems:
            return _failed(problems, dry_run=dry_run)
    source = read_source(
        path, display_name=source_name, encoding=parsed.encoding if parsed else None
    )
    bindings, bind_problems = bind(source.tables, parsed)
    converted = convert(bindings)
    converted.problems[:0] = [*source.problems, *bind_problems]
    if not converted.problems and not converted.failed and not any(converted.records.values()):
        reason = gettext("没有可导入的数据：文件中没有数据行")
        converted.problems.append(Problem.at(Place(source_name or path.name), reason))
    if dry_run:
        plan = make_plan(converted, actor)
        if plan.problems:
            return _failed(plan.problems, dry_run=True)
        return _done(plan, converted, dry_run=True)
    try:
        with transaction.atomic():
            plan = make_plan(converted, actor)
            if plan.problems:
                return _failed(plan.problems, dry_run=False)
            write_plan(plan)
            statistics_refresh()
    except DatabaseError as exc:
        reason = gettext("写入失败，未导入任何数据（数据可能在导入期间被修改，请重试）：%(error)s")
        return _failed(
            [Problem.at(Place(source_name or path.name), reason % {"error": exc})], dry_run=False
        )
    return _done(plan, converted, dry_run=False)


def import_streamed(source: CsvFile, *, dry_run: bool) -> ImportResult:
    """Import one large CSV file of an entity ``streamable`` names, row by row.

    The same checks and the same all-or-nothing write as ``data_import``, holding no rows:
    the file is read once to check it and once more to write it, in one transaction.
    """
    table = Table(source.name, "", Path(source.name).stem, source.headers)
    bindings, problems = bind([table], None)
    if not bindings or bindings[0].entity.key not in bindings[0].fields:
        return _failed(problems, dry_run=dry_run)  # rows without keys: the header says why
    binding = bindings[0]
    try:
        with transaction.atomic(), key_stage(binding.entity) as stage:
            try:
                scan = scan_rows(source, binding, stage)
            except MalformedCsvError as exc:
                transaction.set_rollback(True)
                return _failed([exc.problem(source)], dry_run=dry_run)
            scan.sink.kept[:0] = problems  # the header's problems are always listed
            if not scan.sink and not scan.failed and not scan.rows:
                reason = gettext("没有可导入的数据：文件中没有数据行")
                scan.sink.add(Problem.at(source.place(), reason))
            if scan.sink:
                transaction.set_rollback(True)
                return failed_result(
                    scan.sink.kept, dry_run=dry_run, omitted=scan.sink.omitted, file=source.name
                )
            if dry_run:
                transaction.set_rollback(True)
            else:
                write_rows(
                    source, binding, scan.known, scan.existing, created=scan.rows - scan.updated
                )
                statistics_refresh()
    except DatabaseError as exc:
        reason = gettext("写入失败，未导入任何数据（数据可能在导入期间被修改，请重试）：%(error)s")
        return _failed([Problem.at(source.place(), reason % {"error": exc})], dry_run=dry_run)
    created = scan.rows - scan.updated
    summary = entity_summary(binding.entity, scan.preview, scan.provided, created, scan.updated)
    notes = rounding_notes(scan.rounded)
    return ImportResult((), (summary,), notes, dry_run=dry_run, written=not dry_run)


def _failed(problems: list[Problem], *, dry_run: bool) -> ImportResult:
    unique = sorted(dict.fromkeys(problems), key=Problem.sort_key)
    return ImportResult(tuple(unique), (), (), dry_run=dry_run, written=False)


def failed_result(
    problems: list[Problem], *, dry_run: bool, omitted: int = 0, file: str = ""
) -> ImportResult:
    """A failed import's result; ``omitted`` problems beyond those listed are counted last."""
    result = _failed(problems, dry_run=dry_run)
    if not omitted:
        return result
    reason = gettext("另有 %(count)d 个问题未列出") % {"count": omitted}
    listed = (*result.problems, Problem.at(Place(file), reason))
    return ImportResult(listed, (), (), dry_run=dry_run, written=False, omitted=omitted)


def _done(plan: Plan, converted: Converted, *, dry_run: bool) -> ImportResult:
    summaries = []
    for entity in ENTITIES:
        records = plan.records[entity.name]
        if not records:
            continue
        created, updated = plan.counts(entity.name)
        provided = {c.field for c in entity.columns if any(c.field in r.provided for r in records)}
        summaries.append(entity_summary(entity, records[:PREVIEW_ROWS], provided, created, updated))
    notes = rounding_notes(converted.rounded)
    return ImportResult((), tuple(summaries), notes, dry_run=dry_run, written=not dry_run)


def entity_summary(
    entity: Entity, preview: list[Record], provided: set[str], created: int, updated: int
) -> EntitySummary:
    """The summary of one entity: counts, the headers of ``provided`` and the preview rows."""
    english = (translation.get_language() or "").startswith("en")
    fields = [c.field for c in entity.columns if c.field in provided]
    headers = tuple(entity.column(f).header("en" if english else "zh") for f in fields)
    rows = tuple(tuple(_shown(r, f, english=english) for f in fields) for r in preview)
    label = str(entity.model._meta.verbose_name_plural)
    return EntitySummary(entity.name, label, created, updated, headers, rows)


def rounding_notes(rounded: Counter[tuple[str, str]]) -> tuple[str, ...]:
    """One note per (entity, column) whose amounts were rounded to four places."""
    return tuple(
        gettext("%(entity)s的「%(column)s」有 %(count)d 个金额超过四位小数，已四舍五入到四位")
        % {"entity": BY_NAME[name].model._meta.verbose_name, "column": column, "count": count}
        for (name, column), count in sorted(rounded.items())
    )


def _shown(record: Record, name: str, *, english: bool) -> str:
    """A value as the preview shows it."""
    column = record.entity.column(name)
    if column.kind is Kind.LOGIN:
        return record.login.key if record.login else ""
    if column.kind is Kind.REF:
        ref = record.refs.get(name)
        return ref.key if ref else ""
    value: Any = record.values.get(name)
    if column.kind is Kind.CHOICE and value:
        labels = {code: en if english else zh for code, zh, en in choices_of(column)}
        return labels.get(value, str(value))
    if isinstance(value, bool):
        return gettext("是") if value else gettext("否")
    if isinstance(value, Decimal | date):
        return str(value)
    return "" if value is None else str(value)
