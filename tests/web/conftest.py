from __future__ import annotations

from datetime import date

import pytest

from pacer.web import clock

TODAY = date(2026, 6, 1)


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> date:
    """Freeze the pages' "today" at 2026-06-01 (the world's orders are from March 2026)."""
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    return TODAY
