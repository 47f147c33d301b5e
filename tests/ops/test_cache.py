"""Values kept in the process as well: read back without the shared cache, never across a
change of the data, and only the most recent few."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

import pytest

from pacer.ops import cache as cache_module
from pacer.ops.cache import cached

DAY = date(2026, 6, 15)


@pytest.fixture
def token(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The data version, changed by replacing its one element."""
    current = [f"token-local-{uuid.uuid4().hex}"]
    monkeypatch.setattr(cache_module, "data_version", lambda: current[0])
    monkeypatch.setattr(cache_module, "_in_process", type(cache_module._in_process)())
    return current


def test_a_value_kept_in_process_is_read_back_without_the_shared_cache(
    token: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = cached(("test-local",), lambda: {"figures": [1, 2]}, today=DAY, in_process=True)

    def shared_cache_read(*_args: object) -> object:
        raise AssertionError("the shared cache was read")

    monkeypatch.setattr(cache_module, "_shared", shared_cache_read)
    again = cached(("test-local",), lambda: {"figures": [3]}, today=DAY, in_process=True)
    assert again is first


def test_a_new_data_version_is_computed_again(token: list[str]) -> None:
    assert cached(("test-local",), lambda: 1, today=DAY, in_process=True) == 1
    token[0] = f"token-local-{uuid.uuid4().hex}"
    assert cached(("test-local",), lambda: 2, today=DAY, in_process=True) == 2
    # Another day, or other key parts, are other values too.
    assert cached(("test-local",), lambda: 3, today=date(2026, 6, 16), in_process=True) == 3
    assert cached(("test-local", "b"), lambda: 4, today=DAY, in_process=True) == 4


def test_only_the_most_recent_values_stay(
    token: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache_module, "IN_PROCESS_ENTRIES", 2)
    for n in range(3):
        cached(("test-local", n), lambda n=n: n, today=DAY, in_process=True)  # type: ignore[misc]
    assert len(cache_module._in_process) == 2
    # The first is gone from the process but still in the shared cache.
    assert cached(("test-local", 0), lambda: -1, today=DAY, in_process=True) == 0


def test_a_value_cached_by_other_code_is_not_found(
    token: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cached(("test-code",), lambda: "old shape", today=DAY) == "old shape"
    monkeypatch.setattr(cache_module, "code_fingerprint", lambda: "another version")
    assert cached(("test-code",), lambda: "new shape", today=DAY) == "new shape"


def test_the_code_fingerprint_changes_with_any_source(tmp_path: Path) -> None:
    (tmp_path / "pages.py").write_text("FIELDS = ('a',)\n")
    (tmp_path / "notes.txt").write_text("not code")
    before = cache_module.sources_digest(tmp_path)
    (tmp_path / "notes.txt").write_text("still not code")
    assert cache_module.sources_digest(tmp_path) == before
    (tmp_path / "pages.py").write_text("FIELDS = ('a', 'b')\n")
    assert cache_module.sources_digest(tmp_path) != before
    assert cache_module.code_fingerprint() == cache_module.code_fingerprint()
