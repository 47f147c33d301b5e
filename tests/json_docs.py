"""Reading the key tables of a JSON document's description (docs/*-json.md) in tests."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any


def documented_keys(doc: Path) -> dict[str, set[str]]:
    """For each ``<!-- keys: PATH -->`` of ``doc``, the keys its table lists."""
    sections: dict[str, set[str]] = {}
    current: set[str] | None = None
    for line in doc.read_text(encoding="utf-8").splitlines():
        marker = re.fullmatch(r"<!-- keys: (\S+) -->", line.strip())
        if marker:
            current = sections.setdefault(marker.group(1), set())
        elif current is not None and line.startswith("| `"):
            current.add(line.split("`")[1])
        elif current is not None and line.startswith("#"):
            current = None
    return sections


def at(data: Any, path: str) -> Any:
    """The value at a ``trees.org[0].months[0]``-like ``path`` (``.`` is the whole)."""
    if path == ".":
        return data
    for part in path.split("."):
        name, _, index = part.partition("[")
        data = data[name]
        if index:
            data = data[int(index.rstrip("]"))]
    return data
