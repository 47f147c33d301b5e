"""The project alert rules over columns: one numpy pass over every open project.

The rules are those of ``pacer.tracking.alerts.evaluate_project`` (its docstrings say what each
one means); here they run over arrays so that a million open projects take a fraction of a
second, and ``Alert`` objects are built only for the projects that raise one.

Days are day ordinals (``date.toordinal()``); ``NO_DAY`` (0, below every ordinal) stands for a
missing date. Owner ids are kept with a mask, as a project may have no owner.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from pacer.tracking.alerts import RED_FLAGS, Alert, AlertRules, ProjectSnapshot, Signal

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
NO_DAY = 0
# Rule names in alphabetical order: a rule's code sorts like its name.
PROJECT_RULES = tuple(sorted(("no_contact", "no_feedback", "competitor", *RED_FLAGS)))
_CODE = {rule: code for code, rule in enumerate(PROJECT_RULES)}
_SIGNALS = (Signal.GREEN, Signal.YELLOW, Signal.RED)  # index = severity
_NONE = -1  # in ``days`` and ``limit``: the rule carries no such value


@dataclass(frozen=True)
class ProjectColumns:
    """Open projects as arrays of one length; ``stage`` indexes ``stages``.

    ``flags`` is projects × ``RED_FLAGS`` (budget cancelled, customer gave up, competitor MOU).
    """

    project_id: IntArray
    owner_id: IntArray
    has_owner: BoolArray
    stages: tuple[str, ...]
    stage: IntArray
    last_contact: IntArray
    created: IntArray
    proposal_sent: IntArray
    feedback: IntArray
    competitor: BoolArray
    flags: BoolArray

    def __len__(self) -> int:
        return len(self.project_id)


def day_number(day: date | None) -> int:
    """A date as its ordinal, ``NO_DAY`` for none."""
    return NO_DAY if day is None else day.toordinal()


def project_columns(
    rows: Iterable[Sequence[object]], stages: Sequence[str] | None = None
) -> ProjectColumns:
    """Columns from rows of (project id, owner id or None, stage, last contact, created,
    proposal sent, feedback, competitor present, *one bool per ``RED_FLAGS``), dates or None.

    ``stages`` fixes the stage codes (any stage not listed is added after them).
    """
    names: dict[str, int] = {str(s): i for i, s in enumerate(stages or ())}
    ids: list[int] = []
    owners: list[int] = []
    known: list[bool] = []
    codes: list[int] = []
    days: list[list[int]] = [[], [], [], []]
    competitor: list[bool] = []
    flags: list[tuple[bool, ...]] = []
    width = len(RED_FLAGS)
    for row in rows:
        project_id, owner, stage, *dates_and_flags = row
        ids.append(int(project_id))  # type: ignore[call-overload]
        owners.append(-1 if owner is None else int(owner))  # type: ignore[call-overload]
        known.append(owner is not None)
        codes.append(names.setdefault(str(stage), len(names)))
        for column, day in zip(days, dates_and_flags[:4], strict=True):
            column.append(day_number(day))  # type: ignore[arg-type]
        competitor.append(bool(dates_and_flags[4]))
        flags.append(tuple(bool(f) for f in dates_and_flags[5 : 5 + width]))
    return ProjectColumns(
        project_id=np.array(ids, dtype=np.int64),
        owner_id=np.array(owners, dtype=np.int64),
        has_owner=np.array(known, dtype=np.bool_),
        stages=tuple(names),
        stage=np.array(codes, dtype=np.int64),
        last_contact=np.array(days[0], dtype=np.int64),
        created=np.array(days[1], dtype=np.int64),
        proposal_sent=np.array(days[2], dtype=np.int64),
        feedback=np.array(days[3], dtype=np.int64),
        competitor=np.array(competitor, dtype=np.bool_),
        flags=np.array(flags, dtype=np.bool_).reshape(len(ids), width),
    )


def snapshot_columns(snapshots: Iterable[ProjectSnapshot]) -> ProjectColumns:
    """The same columns from snapshot objects."""
    return project_columns(
        (
            s.project_id,
            s.owner_id,
            s.stage,
            s.last_contact_date,
            s.created_date,
            s.proposal_sent_date,
            s.feedback_date,
            s.competitor_present,
            *(flag in s.flags for flag in RED_FLAGS),
        )
        for s in snapshots
    )


@dataclass(frozen=True)
class RaisedAlerts:
    """Project alerts as arrays, one entry per (project, rule), worst signal kept, sorted worst
    signal first, then by project id, then by rule name.

    ``row`` indexes the columns; ``rule`` indexes ``PROJECT_RULES``; ``signal`` is 1 for yellow,
    2 for red; ``days`` and ``limit`` are the numbers of the sentence, -1 where a rule has none.
    """

    row: IntArray
    rule: IntArray
    signal: IntArray
    days: IntArray
    limit: IntArray

    def __len__(self) -> int:
        return len(self.row)


def raise_project_alerts(columns: ProjectColumns, today: date, rules: AlertRules) -> RaisedAlerts:
    """Every project alert on ``today``, as arrays (see ``RaisedAlerts``)."""
    t = today.toordinal()
    thresholds = np.array(
        [rules.contact_thresholds(s) for s in columns.stages] or [(0, 0)], dtype=np.int64
    )
    yellow, red = thresholds[columns.stage, 0], thresholds[columns.stage, 1]
    last = np.where(columns.last_contact != NO_DAY, columns.last_contact, columns.created)
    idle = t - last
    contacted = last != NO_DAY
    is_red = contacted & (idle > red)
    is_yellow = contacted & ~is_red & (idle > yellow)
    sent = columns.proposal_sent
    waiting = t - sent
    unanswered = (sent != NO_DAY) & ((columns.feedback == NO_DAY) | (columns.feedback < sent))
    no_feedback = unanswered & (waiting > rules.proposal_feedback_days)
    feedback_limit = np.full(len(columns), rules.proposal_feedback_days, dtype=np.int64)
    parts = [
        _part(is_red, "no_contact", 2, idle, red),
        _part(is_yellow, "no_contact", 1, idle, yellow),
        _part(no_feedback, "no_feedback", 1, waiting, feedback_limit),
        _part(columns.competitor, "competitor", 1),
        *(_part(columns.flags[:, k], flag, 2) for k, flag in enumerate(RED_FLAGS)),
    ]
    row, rule, signal, days, limit = (np.concatenate(column) for column in zip(*parts, strict=True))
    return _keep_worst_sorted(columns, RaisedAlerts(row, rule, signal, days, limit))


_Part = tuple[IntArray, IntArray, IntArray, IntArray, IntArray]


def _part(
    mask: BoolArray,
    rule: str,
    signal: int,
    days: IntArray | None = None,
    limit: IntArray | None = None,
) -> _Part:
    rows = np.flatnonzero(mask).astype(np.int64)
    absent = np.full(len(rows), _NONE, dtype=np.int64)
    return (
        rows,
        np.full(len(rows), _CODE[rule], dtype=np.int64),
        np.full(len(rows), signal, dtype=np.int64),
        absent if days is None else days[rows],
        absent if limit is None else limit[rows],
    )


def _keep_worst_sorted(columns: ProjectColumns, raised: RaisedAlerts) -> RaisedAlerts:
    """One entry per (project id, rule), the worst signal (then the first row) kept; sorted."""
    ids = columns.project_id[raised.row]
    order = np.lexsort((raised.row, -raised.signal, raised.rule, ids))
    ids, rules = ids[order], raised.rule[order]
    first = np.ones(len(order), dtype=np.bool_)
    first[1:] = (ids[1:] != ids[:-1]) | (rules[1:] != rules[:-1])
    kept = order[first]
    final = kept[
        np.lexsort((raised.rule[kept], columns.project_id[raised.row[kept]], -raised.signal[kept]))
    ]
    return RaisedAlerts(
        row=raised.row[final],
        rule=raised.rule[final],
        signal=raised.signal[final],
        days=raised.days[final],
        limit=raised.limit[final],
    )


def project_alerts(columns: ProjectColumns, raised: RaisedAlerts) -> list[Alert]:
    """The raised alerts as ``Alert`` objects, in the same order."""
    ids = columns.project_id[raised.row].tolist()
    owners = columns.owner_id[raised.row].tolist()
    known = columns.has_owner[raised.row].tolist()
    alerts = []
    for i, rule, signal, days, limit in zip(
        range(len(raised)),
        raised.rule.tolist(),
        raised.signal.tolist(),
        raised.days.tolist(),
        raised.limit.tolist(),
        strict=True,
    ):
        values = {} if days == _NONE else {"days": days, "limit": limit}
        alerts.append(
            Alert(
                PROJECT_RULES[rule],
                _SIGNALS[signal],
                "project",
                ids[i],
                owners[i] if known[i] else None,
                values,
            )
        )
    return alerts
