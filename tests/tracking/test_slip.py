from __future__ import annotations

from datetime import date

import pytest

from pacer.planning.periods import Period
from pacer.tracking.slip import BackingProject, SlipKind, slip_kind

JULY = Period(date(2026, 7, 1), date(2026, 8, 1))
MID_JUNE = date(2026, 6, 15)
MID_AUGUST = date(2026, 8, 15)


@pytest.mark.parametrize(
    ("stage", "expected", "today", "kind"),
    [
        ("lost", date(2026, 7, 10), MID_JUNE, SlipKind.LOST),
        ("won", date(2026, 9, 10), MID_JUNE, None),
        ("proposal", date(2026, 8, 1), MID_JUNE, SlipKind.POSTPONED),
        ("proposal", None, MID_JUNE, SlipKind.POSTPONED),
        ("proposal", date(2026, 7, 31), MID_JUNE, None),
        ("negotiation", date(2026, 7, 31), MID_AUGUST, SlipKind.OVERDUE),
        ("negotiation", date(2026, 7, 31), date(2026, 8, 1), SlipKind.OVERDUE),
        ("negotiation", date(2026, 7, 31), date(2026, 7, 31), None),
    ],
)
def test_slip_kind(stage: str, expected: date | None, today: date, kind: SlipKind | None) -> None:
    assert slip_kind(BackingProject(1, stage, expected), JULY, today) == kind
