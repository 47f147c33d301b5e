from __future__ import annotations

from datetime import date
from decimal import Decimal

from pacer.tracking.forecast import (
    Category,
    ForecastLine,
    Movement,
    accuracy,
    accuracy_history,
    bias,
    rollup,
    why_moved,
)

END = date(2026, 7, 1)


def test_cumulative_rollup() -> None:
    r = rollup(
        Decimal(100),
        {
            Category.COMMIT: Decimal(50),
            Category.BEST_CASE: Decimal(30),
            Category.PIPELINE: Decimal(20),
            Category.OMITTED: Decimal(999),
        },
    )
    assert (r.commit, r.best_case, r.pipeline) == (Decimal(150), Decimal(180), Decimal(200))
    assert rollup(Decimal(0), {}).pipeline == 0


def test_accuracy_and_bias_hand_calculation() -> None:
    # forecast 90万 against actual 100万: accuracy 90 %, bias −10 %
    assert accuracy(Decimal(900_000), Decimal(1_000_000)) == Decimal("0.9000")
    assert bias(Decimal(900_000), Decimal(1_000_000)) == Decimal("-0.1000")
    # forecast 250 against actual 100: clamped at 0, bias +150 %
    assert accuracy(Decimal(250), Decimal(100)) == 0
    assert bias(Decimal(250), Decimal(100)) == Decimal("1.5000")
    assert accuracy(Decimal(0), Decimal(0)) == 1
    assert accuracy(Decimal(5), Decimal(0)) == 0
    assert bias(Decimal(5), Decimal(0)) is None


def test_accuracy_history_is_sorted() -> None:
    history = accuracy_history(
        [
            (date(2026, 3, 1), Decimal(120), Decimal(100)),
            (date(2026, 1, 1), Decimal(80), Decimal(100)),
        ]
    )
    assert [h.window_start for h in history] == [date(2026, 1, 1), date(2026, 3, 1)]
    assert [h.accuracy for h in history] == [Decimal("0.8000"), Decimal("0.8000")]
    assert [h.bias for h in history] == [Decimal("-0.2000"), Decimal("0.2000")]


def line(
    pid: int,
    amount: int,
    day: date | None,
    category: Category = Category.COMMIT,
    stage: str = "proposal",
) -> ForecastLine:
    return ForecastLine(pid, Decimal(amount), day, category, stage)


def test_why_the_number_moved() -> None:
    before = [
        line(1, 100, date(2026, 6, 10)),  # slips to July
        line(2, 50, date(2026, 8, 1)),  # pulled into June
        line(3, 70, date(2026, 6, 5)),  # amount changed
        line(4, 40, date(2026, 6, 20)),  # won
        line(5, 30, date(2026, 6, 20)),  # lost
        line(6, 20, date(2026, 6, 20)),  # dropped from the forecast
        line(8, 10, date(2026, 6, 1)),  # unchanged
    ]
    after = [
        line(1, 100, date(2026, 7, 10)),
        line(2, 50, date(2026, 6, 25)),
        line(3, 90, date(2026, 6, 5)),
        line(4, 40, date(2026, 6, 18), stage="won"),
        line(5, 30, date(2026, 6, 20), stage="lost"),
        line(7, 60, date(2026, 6, 30)),  # new
        line(8, 10, date(2026, 6, 1)),
        line(9, 10, None, Category.OMITTED),  # new but not counted: no movement
    ]
    moves = {m.project_id: m for m in why_moved(before, after, END)}
    assert {pid: m.movement for pid, m in moves.items()} == {
        1: Movement.SLIPPED,
        2: Movement.PULLED_IN,
        3: Movement.AMOUNT_CHANGED,
        4: Movement.WON,
        5: Movement.LOST,
        6: Movement.REMOVED,
        7: Movement.NEW,
    }
    assert moves[1].change == -100
    assert moves[3].change == 20
    assert moves[5].after == 0
    total_before = sum(m.before for m in moves.values())
    total_after = sum(m.after for m in moves.values())
    assert total_after - total_before == sum(m.change for m in moves.values())
