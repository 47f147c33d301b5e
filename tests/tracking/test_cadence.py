from __future__ import annotations

from datetime import date

from pacer.tracking.cadence import CadenceRule, CustomerTouches, touches_due

TODAY = date(2026, 6, 17)  # a Wednesday
WEEK_END = date(2026, 6, 22)


def _due(customers: list[CustomerTouches]) -> list[tuple[int, str, date | None, bool]]:
    found = touches_due(customers, today=TODAY, before=WEEK_END)
    return [(t.customer_id, t.rule, t.due, t.overdue) for t in found]


def test_a_tier_needs_a_monthly_visit_and_a_quarterly_review() -> None:
    a = CustomerTouches(1, "A", {"visit": date(2026, 5, 20), "review": date(2026, 4, 1)})
    # visit due 6-19 (this week, not yet overdue); review due 7-1 (next week: not listed)
    assert _due([a]) == [(1, "visit", date(2026, 6, 19), False)]
    never = CustomerTouches(2, "A", {"call": date(2026, 6, 16)})
    assert _due([never]) == [(2, "review", None, True), (2, "visit", None, True)]


def test_b_tier_any_contact_every_two_weeks() -> None:
    b = CustomerTouches(3, "B", {"call": date(2026, 5, 30), "visit": date(2026, 5, 20)})
    found = touches_due([b], today=TODAY, before=WEEK_END)
    assert [(t.due, t.overdue, t.last, t.cadence_days, t.tier) for t in found] == [
        (date(2026, 6, 13), True, date(2026, 5, 30), 14, "B")
    ]
    fresh = CustomerTouches(4, "B", {"online": date(2026, 6, 10)})
    assert _due([fresh]) == []


def test_c_tier_monthly_touch_and_unknown_kinds_do_not_count() -> None:
    c = CustomerTouches(5, "C", {"exhibition": date(2026, 6, 10), "online": date(2026, 5, 1)})
    assert _due([c]) == [(5, "online_touch", date(2026, 5, 31), True)]


def test_custom_cadences_and_order() -> None:
    rules = {"A": (CadenceRule("call", 7, frozenset({"call"})),)}
    customers = [
        CustomerTouches(9, "A", {"call": date(2026, 6, 12)}),
        CustomerTouches(8, "A", {"call": date(2026, 6, 1)}),
        CustomerTouches(7, "Z", {}),
    ]
    found = touches_due(customers, today=TODAY, before=WEEK_END, cadences=rules)
    assert [(t.customer_id, t.due) for t in found] == [
        (8, date(2026, 6, 8)),
        (9, date(2026, 6, 19)),
    ]
