from __future__ import annotations

from decimal import Decimal

from pacer.planning.feasibility import Market, Verdict, VerdictRules, assess_target

WAN = Decimal(10_000)
PARTS = [
    ("repeat", 1800 * WAN),
    ("new_product_plan", 1000 * WAN),
    ("new_customer_history", 1500 * WAN),
]


def codes(views) -> set[str]:  # type: ignore[no-untyped-def]
    return {r.code for r in views.reasons}


def test_field_example_is_a_reachable_stretch() -> None:
    # 3800万 last year (3000 → 3400 → 3800), 5000万 wanted (+31.6 %); market 16.5亿 growing 17.5 %.
    views = assess_target(
        target=5000 * WAN,
        history=[3000 * WAN, 3400 * WAN, 3800 * WAN],
        wanted_growth=Decimal("0.316"),
        bottom_up_parts=PARTS,
        market=Market(size=165_000 * WAN, growth=Decimal("0.175"), share=Decimal("0.026")),
    )
    assert views.top_down == 3800 * WAN * Decimal("1.316")
    assert views.bottom_up == 4300 * WAN
    assert views.market == 165_000 * WAN * Decimal("1.175") * Decimal("0.026")
    assert views.growth_needed == Decimal(5000) / Decimal(3800) - 1
    assert views.best_history_growth == Decimal(3400) / Decimal(3000) - 1
    assert views.backing == Decimal("0.86")
    assert views.verdict is Verdict.STRETCH
    assert "reachable_stretch" in codes(views)


def test_unbacked_target_is_a_castle_in_the_air() -> None:
    views = assess_target(
        target=10_000 * WAN,
        history=[3000 * WAN, 3400 * WAN, 3800 * WAN],
        wanted_growth=Decimal("1.6"),
        bottom_up_parts=PARTS,
        market=Market(size=165_000 * WAN, growth=Decimal("0.175"), share=Decimal("0.026")),
    )
    assert views.verdict is Verdict.NOT_BACKED
    assert {"backing_short", "growth_beyond_history", "beyond_market"} <= codes(views)


def test_target_below_potential_or_last_year_is_too_low() -> None:
    below_potential = assess_target(
        target=3900 * WAN,
        history=[3800 * WAN],
        wanted_growth=Decimal("0.03"),
        bottom_up_parts=PARTS,
    )
    assert below_potential.verdict is Verdict.TOO_LOW
    assert below_potential.best_history_growth is None
    flat = assess_target(
        target=3800 * WAN,
        history=[3800 * WAN],
        wanted_growth=Decimal(0),
        bottom_up_parts=[("repeat", 3000 * WAN)],
    )
    assert flat.verdict is Verdict.TOO_LOW


def test_no_history_and_zero_target_do_not_divide_by_zero() -> None:
    views = assess_target(
        target=Decimal(0),
        history=[],
        wanted_growth=Decimal("0.1"),
        bottom_up_parts=[],
    )
    assert views.growth_needed is None
    assert views.backing is None
    assert views.top_down == 0
    assert views.verdict is Verdict.STRETCH


def test_rules_are_configurable() -> None:
    strict = VerdictRules(min_backing=Decimal("0.9"))
    views = assess_target(
        target=5000 * WAN,
        history=[3800 * WAN],
        wanted_growth=Decimal("0.316"),
        bottom_up_parts=PARTS,
        rules=strict,
    )
    assert views.verdict is Verdict.NOT_BACKED
    assert "backing_short" in codes(views)
