"""The English catalogue is complete, compiled, and covers the strings in the source.

When a test here fails after strings were added or changed: run ``scripts/messages.sh``,
translate the new entries in ``src/pacer/locale/en/LC_MESSAGES/django.po``, run it again.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

PACKAGE = Path(settings.PACKAGE_DIR)
EN_PO = PACKAGE / "locale" / "en" / "LC_MESSAGES" / "django.po"
EN_MO = EN_PO.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%\((\w+)\)0?\d*[dXx]")
GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy"}
TEMPLATE_TRANSLATE = re.compile(r"""\{%\s*(?:translate|trans)\s+(["'])(.+?)\1[^%]*%\}""")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0


def parse_po(path: Path) -> list[Entry]:
    """A small .po reader: comments, flags, msgctxt, msgid(_plural), msgstr[n], continuations."""
    entries: list[Entry] = []
    current: Entry | None = None
    key = ""
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            if current is not None:
                entries.append(current)
            current = None
            continue
        if current is None:
            current = Entry(line=number)
        if line.startswith("#,"):
            current.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$', line)
        if match:
            key = match.group(1)
            value = json.loads(match.group(3))
        else:
            value = json.loads(line)
        _append(current, key, value)
    if current is not None:
        entries.append(current)
    return entries


def _append(entry: Entry, key: str, value: str) -> None:
    if key == "msgid":
        entry.msgid += value
    elif key == "msgid_plural":
        entry.msgid_plural = (entry.msgid_plural or "") + value
    elif key == "msgctxt":
        entry.msgctxt = (entry.msgctxt or "") + value
    else:
        index = int(key[7:-1]) if key.startswith("msgstr[") else 0
        entry.msgstr[index] = entry.msgstr.get(index, "") + value


@pytest.fixture(scope="module")
def catalogue() -> list[Entry]:
    assert EN_PO.exists(), f"{EN_PO} is missing: run scripts/messages.sh"
    return [entry for entry in parse_po(EN_PO) if entry.msgid]


def _placeholders(text: str) -> set[str]:
    return {a or b for a, b in PLACEHOLDER.findall(text)}


def test_every_english_msgstr_is_filled_and_not_fuzzy(catalogue: list[Entry]) -> None:
    assert len(catalogue) > 100
    problems = []
    for entry in catalogue:
        expected = 2 if entry.msgid_plural is not None else 1
        filled = [text for text in entry.msgstr.values() if text.strip()]
        if len(filled) < expected:
            problems.append(f"line {entry.line}: untranslated {entry.msgid!r}")
        if "fuzzy" in entry.flags:
            problems.append(f"line {entry.line}: fuzzy {entry.msgid!r}")
    assert not problems, "\n".join(problems)


def test_translations_keep_every_placeholder(catalogue: list[Entry]) -> None:
    problems = []
    for entry in catalogue:
        wanted = _placeholders(entry.msgid)
        problems.extend(
            f"line {entry.line}: {entry.msgid!r} → {text!r}"
            for text in entry.msgstr.values()
            if _placeholders(text) != wanted
        )
    assert not problems, "\n".join(problems)


def test_the_compiled_catalogue_matches_the_po_file(catalogue: list[Entry]) -> None:
    assert EN_MO.exists(), f"{EN_MO} is missing: run scripts/messages.sh"
    stale = []
    with translation.override("en"):
        for entry in catalogue:
            if entry.msgctxt is not None:
                got = translation.pgettext(entry.msgctxt, entry.msgid)
                want = entry.msgstr[0]
            elif entry.msgid_plural is not None:
                got = translation.ngettext(entry.msgid, entry.msgid_plural, 2)
                want = entry.msgstr[1]
            else:
                got = translation.gettext(entry.msgid)
                want = entry.msgstr[0]
            if got != want:
                stale.append(f"{entry.msgid!r}: .mo has {got!r}, .po has {want!r}")
    assert not stale, "compile the catalogue (scripts/messages.sh):\n" + "\n".join(stale)


def _python_msgids(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        first = node.args[0]
        if (
            name in GETTEXT_NAMES
            and isinstance(first, ast.Constant)
            and isinstance(first.value, str)
        ):
            found.add(first.value)
    return found


def _source_msgids() -> dict[str, Path]:
    """Literal strings passed to gettext in Python and to {% translate %} in templates."""
    found: dict[str, Path] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" not in path.parts:
            found.update(dict.fromkeys(_python_msgids(path), path))
    for path in sorted(PACKAGE.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        found.update(dict.fromkeys((m[1] for m in TEMPLATE_TRANSLATE.findall(text)), path))
    return found


def test_every_string_in_the_source_is_in_the_catalogue(catalogue: list[Entry]) -> None:
    known = {entry.msgid for entry in catalogue}
    missing = sorted(
        f"{path.relative_to(PACKAGE)}: {msgid!r}"
        for msgid, path in _source_msgids().items()
        if msgid and msgid not in known
    )
    assert not missing, "run scripts/messages.sh and translate:\n" + "\n".join(missing)


def test_the_shell_switches_to_english() -> None:
    with translation.override("en"):
        assert translation.gettext("首页") == "Home"
        assert translation.gettext("销售目标拆解与追踪") == "Sales target planning and tracking"
        assert translation.gettext("退出") == "Log out"
    with translation.override("zh-hans"):
        assert translation.gettext("首页") == "首页"
