"""A read-through cache of computed page figures, keyed by the data version.

Every write to a watched table changes the data version's token (``pacer.ops.triggers``), so a
cached value can only be found again while the data it was computed from is unchanged: there
is nothing to invalidate by hand. Values must be plain picklable values (numbers, dates,
dataclasses, dicts, lists of ids), never querysets.
"""

from __future__ import annotations

import functools
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from datetime import date
from hashlib import sha256
from pathlib import Path
from typing import TypeVar, cast

from django.core.cache import BaseCache, caches

from pacer.access import Actor
from pacer.ops.dataversion import data_version

T = TypeVar("T")

CACHE_ALIAS = "default"
KEY_PREFIX = "pacer:figures:"
# A key holds its day, so entries are of no use after it; entries of old tokens go sooner only
# when the cache needs room.
TIMEOUT_SECONDS = 24 * 60 * 60
# How long one request may hold the right to compute a value, and how often others look.
LOCK_SECONDS = 60
POLL_SECONDS = 0.05
_MISSING = object()
# Values also kept in this process (``in_process=True``): the most recent few, by key.
IN_PROCESS_ENTRIES = 4
_in_process: OrderedDict[str, object] = OrderedDict()
_in_process_lock = threading.Lock()


def scope_key(actor: Actor) -> str:
    """What an actor's figures depend on: the exact set of people they may see ("all" for
    everyone). Two actors with the same set see the same figures, so they may share them."""
    if actor.people is None:
        return "all"
    ids = ",".join(str(pk) for pk in sorted(actor.people))
    return "people:" + sha256(ids.encode()).hexdigest()


def cache_key(key_parts: Sequence[Hashable], token: str, today: date | None) -> str:
    """The cache key of ``key_parts`` for data version ``token`` on ``today``, under this
    code's fingerprint."""
    raw = repr((tuple(key_parts), token, today.isoformat() if today else None, code_fingerprint()))
    return KEY_PREFIX + sha256(raw.encode()).hexdigest()


@functools.cache
def code_fingerprint() -> str:
    """A digest of Pacer's Python sources, read once per process.

    Cached values are pickled objects of Pacer's classes: after an upgrade (or any change of
    the code) a value of an older shape must not be found again, or a page would read fields
    its class no longer has, or lacks.
    """
    return sources_digest(Path(__file__).resolve().parents[1])


def sources_digest(root: Path) -> str:
    """A digest of the names and contents of the ``*.py`` files below ``root``."""
    digest = sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cached(
    key_parts: Sequence[Hashable],
    compute: Callable[[], T],
    *,
    today: date | None,
    in_process: bool = False,
) -> T:
    """``compute()``, or its earlier result for the same key parts, data version and day.

    ``key_parts`` must name everything the result depends on besides the data and ``today``
    (what is computed, the actor's :func:`scope_key`, the language when it holds text).
    ``in_process`` also keeps the value in this process's memory (the last
    ``IN_PROCESS_ENTRIES``), sparing the shared cache's read and unpickling on a page many
    people reload; the value is then shared by the requests of the process and must not be
    changed by them.
    """
    token = data_version()
    key = cache_key(key_parts, token, today)
    if in_process:
        with _in_process_lock:
            value = _in_process.get(key, _MISSING)
            if value is not _MISSING:
                _in_process.move_to_end(key)
                return cast("T", value)
    result = _shared(key, compute)
    if in_process:
        with _in_process_lock:
            _in_process[key] = result
            while len(_in_process) > IN_PROCESS_ENTRIES:
                _in_process.popitem(last=False)
    return result


def _shared(key: str, compute: Callable[[], T]) -> T:
    """The value of ``key`` in the shared cache, computed (once) when it is not there."""
    cache = caches[CACHE_ALIAS]
    value = cache.get(key, _MISSING)
    if value is not _MISSING:
        return cast("T", value)
    # After a write, many requests miss at once: one computes while the others wait for its
    # result, so the database runs each company-wide sum once, not once per waiting request.
    lock = key + ":computing"
    owner = cache.add(lock, 1, LOCK_SECONDS)
    if not owner:
        value = _wait_for(cache, key, lock)
        if value is not _MISSING:
            return cast("T", value)
    try:
        result = compute()
        cache.set(key, result, TIMEOUT_SECONDS)
    finally:
        if owner:
            cache.delete(lock)
    return result


def _wait_for(cache: BaseCache, key: str, lock: str) -> object:
    """The value another request is computing, once it is there; ``_MISSING`` when that
    request gave up (its lock is gone without a value) or after ``LOCK_SECONDS``."""
    deadline = time.monotonic() + LOCK_SECONDS
    while time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        value = cache.get(key, _MISSING)
        if value is not _MISSING or not cache.has_key(lock):
            return value
    return _MISSING
