"""What every benchmark part reports, and how the table is printed.

A part is a module in this folder with ``run(context: Context) -> list[Figure]``. Timings are wall
seconds from ``time.perf_counter``; memory is peak resident set size in MiB. A ratio compares two
figures taken in the same run (the machine is noisy, so only same-run ratios are meaningful).
"""

from __future__ import annotations

import resource
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Context:
    """Where the parts find their data.

    ``database_url`` is a PostgreSQL URL holding the generated company (or ``""`` when the part
    should make its own); ``scale`` is ``"full"`` (the sizes the goals are stated for) or
    ``"small"`` (a quick run of the same code paths); ``work_dir`` is a scratch folder.
    """

    database_url: str
    scale: str
    work_dir: str
    seed: int = 1


@dataclass(frozen=True)
class Figure:
    """One measured line of the table.

    ``value`` is in ``unit`` (``"s"``, ``"ms"``, ``"MiB"`` or ``"×"`` for a ratio); ``goal`` is the
    bound it must stay under in the same unit (``None`` when the line is context, not a goal).
    """

    part: str
    name: str
    value: float
    unit: str
    goal: float | None = None
    note: str = ""

    @property
    def met(self) -> bool | None:
        return None if self.goal is None else self.value <= self.goal


@dataclass
class Stopwatch:
    """Wall time of the ``with`` block, in seconds."""

    seconds: float = 0.0
    _start: float = field(default=0.0, repr=False)

    def __enter__(self) -> Stopwatch:
        self._start = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.perf_counter() - self._start


@contextmanager
def stopwatch() -> Iterator[Stopwatch]:
    with Stopwatch() as watch:
        yield watch


def peak_rss_mib() -> float:
    """Peak resident set size of this process so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def table(figures: list[Figure]) -> str:
    """The figures as a Markdown table, with a verdict column for lines that have a goal."""
    lines = [
        "| part | figure | value | goal | met | note |",
        "|---|---|---:|---:|:---:|---|",
    ]
    for f in figures:
        goal = "" if f.goal is None else f"≤ {f.goal:g} {f.unit}"
        met = "" if f.met is None else ("yes" if f.met else "NO")
        value = f"{f.value:.3g} {f.unit}"
        lines.append(f"| {f.part} | {f.name} | {value} | {goal} | {met} | {f.note} |")
    return "\n".join(lines)
