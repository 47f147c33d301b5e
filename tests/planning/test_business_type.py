from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pacer.planning.business_type import (
    BusinessType,
    BusinessTypeInputs,
    split_by_business_type,
)

WAN = Decimal(10_000)


def test_field_example_5000_wan() -> None:
    # 存量: 600万 base kept at 100 % + 1200万 renewals = 1800万; 新品 plan 1000万; 新客 the rest.
    inputs = BusinessTypeInputs(
        repeat_base=600 * WAN,
        retention=Decimal(1),
        renewal_potential=1200 * WAN,
        new_product_plan=1000 * WAN,
    )
    split = split_by_business_type(5000 * WAN, inputs)
    assert split.amounts == {
        BusinessType.REPEAT: 1800 * WAN,
        BusinessType.NEW_CUSTOMER: 2200 * WAN,
        BusinessType.NEW_PRODUCT: 1000 * WAN,
    }
    assert split.drivers[BusinessType.REPEAT][0].code == "repeat_potential"
    assert not split.scaled_down


def test_minimum_new_product_share_applies() -> None:
    inputs = BusinessTypeInputs(Decimal(0), Decimal(1), Decimal(0), Decimal(0), Decimal("0.1"))
    split = split_by_business_type(Decimal(1000), inputs)
    assert split.amounts[BusinessType.NEW_PRODUCT] == Decimal(100)


def test_potential_above_target_is_scaled_down_and_says_so() -> None:
    inputs = BusinessTypeInputs(Decimal(900), Decimal(1), Decimal(0), Decimal(300))
    split = split_by_business_type(Decimal(600), inputs)
    assert split.scaled_down
    assert split.amounts == {
        BusinessType.REPEAT: Decimal(450),
        BusinessType.NEW_CUSTOMER: Decimal(0),
        BusinessType.NEW_PRODUCT: Decimal(150),
    }
    assert split.drivers[BusinessType.REPEAT][-1].code == "scaled_to_target"


def test_edited_shares_replace_the_computation() -> None:
    inputs = BusinessTypeInputs(Decimal(0), Decimal(1), Decimal(0), Decimal(0))
    shares = {
        BusinessType.REPEAT: Decimal("0.36"),
        BusinessType.NEW_CUSTOMER: Decimal("0.44"),
        BusinessType.NEW_PRODUCT: Decimal("0.2"),
    }
    split = split_by_business_type(5000 * WAN, inputs, shares=shares)
    assert split.amounts[BusinessType.NEW_CUSTOMER] == 2200 * WAN
    bad = {**shares, BusinessType.NEW_PRODUCT: Decimal("0.3")}
    with pytest.raises(ValueError, match="not 100"):
        split_by_business_type(Decimal(1), inputs, shares=bad)
    with pytest.raises(ValueError, match="must be given"):
        split_by_business_type(Decimal(1), inputs, shares={BusinessType.REPEAT: Decimal(1)})


money = st.integers(0, 10**9).map(Decimal)


@given(money, money, money, money, st.integers(0, 100).map(lambda n: Decimal(n) / 100))
def test_types_always_sum_to_target(
    target: Decimal, base: Decimal, renewals: Decimal, plan: Decimal, retention: Decimal
) -> None:
    split = split_by_business_type(
        target, BusinessTypeInputs(base, retention, renewals, plan, Decimal("0.05"))
    )
    assert sum(split.amounts.values(), Decimal(0)) == target
    assert all(a >= 0 for a in split.amounts.values())
