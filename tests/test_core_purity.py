"""The planning and tracking core never imports Django (nor Pacer's Django apps)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parent.parent / "src" / "pacer"
FORBIDDEN = ("django", "ninja", "pacer.org", "pacer.crm", "pacer.web", "pacer.api")


def _core_files() -> list[Path]:
    return sorted([*(CORE / "planning").rglob("*.py"), *(CORE / "tracking").rglob("*.py")])


@pytest.mark.parametrize("path", _core_files(), ids=lambda p: str(p.relative_to(CORE)))
def test_core_module_imports_no_framework(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.append(node.module)
    offending = [m for m in imported if m.split(".")[0] in FORBIDDEN or m.startswith(FORBIDDEN)]
    assert offending == [], f"{path.name} imports {offending}"


def test_core_packages_exist() -> None:
    assert _core_files(), "the core packages must hold modules"
