from __future__ import annotations

from datetime import date

from pacer.planning.periods import Period
from pacer.tracking.action_windows import PlannedAction, action_status, action_windows

MAY = PlannedAction(7, "lead", 10, date(2026, 5, 29))
JUNE = PlannedAction(7, "lead", 11, date(2026, 6, 29))
NEEDS = PlannedAction(7, "needs", 4, date(2026, 6, 9))
OTHER = PlannedAction(8, "lead", 2, date(2026, 6, 29))


def test_key_is_person_stage_and_due() -> None:
    assert JUNE.key == "7:lead:2026-06-29"


def test_windows_follow_the_previous_due_day_of_the_same_stream() -> None:
    windows = action_windows([JUNE, NEEDS, MAY, OTHER])
    # after May's due day up to and including June's
    assert windows[JUNE] == Period(date(2026, 5, 30), date(2026, 6, 30))
    # the first of a stream looks back one month
    assert windows[MAY] == Period(date(2026, 4, 30), date(2026, 5, 30))
    assert windows[NEEDS] == Period(date(2026, 5, 10), date(2026, 6, 10))
    assert windows[OTHER] == Period(date(2026, 5, 30), date(2026, 6, 30))


def test_same_due_day_shares_the_window() -> None:
    twin = PlannedAction(7, "lead", 3, JUNE.due)
    windows = action_windows([MAY, JUNE, twin])
    assert windows[twin] == windows[JUNE]


def test_status_counts_done_days_in_the_window_only() -> None:
    done = {
        (7, "lead"): [
            date(2026, 5, 29),  # counts for May, not June
            date(2026, 5, 30),
            date(2026, 6, 15),
            date(2026, 6, 29),
            date(2026, 6, 30),  # after June's due day
        ],
        (8, "lead"): [date(2026, 6, 1)] * 3,
    }
    status = action_status([JUNE, OTHER], done, context=[MAY])
    june, other = status
    assert (june.done, june.remaining, june.met) == (3, 8, False)
    assert (other.done, other.remaining, other.met) == (3, 0, True)
    # Counted up to a day: only what was done before ``until``.
    (so_far,) = action_status([JUNE], done, context=[MAY], until=date(2026, 6, 16))
    assert so_far.done == 2
    # ``until`` before the window starts counts nothing.
    (early,) = action_status([JUNE], done, context=[MAY], until=date(2026, 5, 1))
    assert early.done == 0
    # No done days for the stream at all.
    (none,) = action_status([NEEDS], done)
    assert (none.done, none.remaining) == (0, 4)
