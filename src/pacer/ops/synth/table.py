"""A generated table: typed numpy columns, ready for either writer.

Column kinds and their null markers:
- ``int``: int64; ``-1`` is NULL when the column is nullable (ids start at 1);
- ``bool``: bool;
- ``date``: int64 proleptic ordinals (``date.toordinal``); ``0`` is NULL;
- ``money``: int64 whole yuan (stored as an exact decimal);
- ``str``: a list of Python strings (``None`` is NULL).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from django.db import models

IntArray = npt.NDArray[np.int64]
NULL_ID = -1
NULL_DAY = 0


@dataclass(frozen=True)
class Column:
    name: str  # the model field's attname (``owner_id`` for a link)
    kind: str  # int | bool | date | money | str
    values: Any  # numpy array, or a list for ``str``


@dataclass
class Table:
    model: type[models.Model]
    columns: list[Column] = field(default_factory=list)

    def add(self, name: str, kind: str, values: Any) -> None:
        self.columns.append(Column(name, kind, values))

    @property
    def rows(self) -> int:
        return len(self.columns[0].values) if self.columns else 0

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def ids(n: int) -> IntArray:
    """Primary keys 1..n."""
    return np.arange(1, n + 1, dtype=np.int64)
