"""Split of the annual target by business type: repeat, new customer, new product.

The field's logic ("存量稳盘 + 新客增量 + 新品突破"): repeat business is what existing customers
are expected to buy again (their recent purchases kept at the historical retention rate, plus the
equipment renewals falling due); new products carry their launch plan, never less than a
minimum share of the target; new customers carry the rest — the growth the company must win.
Editable shares replace the computed ones when given (they must add up to 100 %).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from pacer.planning.explain import Driver
from pacer.planning.money import FEN, split_by_weights


class BusinessType(StrEnum):
    REPEAT = "repeat"
    NEW_CUSTOMER = "new_customer"
    NEW_PRODUCT = "new_product"


BUSINESS_TYPES = (BusinessType.REPEAT, BusinessType.NEW_CUSTOMER, BusinessType.NEW_PRODUCT)


@dataclass(frozen=True)
class BusinessTypeInputs:
    """What the history and the assumptions say (yuan; rates as fractions 0..1).

    - ``repeat_base``: last 12 months' purchases of existing customers (old products);
    - ``retention``: share of that base expected to buy again this year;
    - ``renewal_potential``: equipment renewals falling due this year;
    - ``new_product_plan``: the launch plan of new products (0 when none);
    - ``min_new_product_share``: the least share of the target new products must carry.
    """

    repeat_base: Decimal
    retention: Decimal
    renewal_potential: Decimal
    new_product_plan: Decimal
    min_new_product_share: Decimal = Decimal(0)


@dataclass(frozen=True)
class BusinessTypeSplit:
    amounts: dict[BusinessType, Decimal]
    drivers: dict[BusinessType, tuple[Driver, ...]]
    scaled_down: bool


def split_by_business_type(
    target: Decimal,
    inputs: BusinessTypeInputs,
    *,
    shares: Mapping[BusinessType, Decimal] | None = None,
    unit: Decimal = FEN,
) -> BusinessTypeSplit:
    """Amounts per business type summing exactly to ``target`` (yuan)."""
    if shares is not None:
        return _split_by_shares(target, shares, unit)
    repeat = inputs.repeat_base * inputs.retention + inputs.renewal_potential
    new_product = max(inputs.new_product_plan, target * inputs.min_new_product_share)
    scaled_down = repeat + new_product > target
    if scaled_down:
        weights = [repeat, Decimal(0), new_product]
    else:
        weights = [repeat, target - repeat - new_product, new_product]
    amounts = split_by_weights(target, weights, unit)
    result = dict(zip(BUSINESS_TYPES, amounts, strict=True))
    drivers: dict[BusinessType, tuple[Driver, ...]] = {
        BusinessType.REPEAT: (
            Driver(
                "repeat_potential",
                {
                    "base": inputs.repeat_base,
                    "retention": inputs.retention,
                    "renewals": inputs.renewal_potential,
                },
            ),
        ),
        BusinessType.NEW_PRODUCT: (
            Driver(
                "new_product_plan",
                {"plan": inputs.new_product_plan, "min_share": inputs.min_new_product_share},
            ),
        ),
        BusinessType.NEW_CUSTOMER: (
            Driver("remainder", {"target": target, "repeat": result[BusinessType.REPEAT]}),
        ),
    }
    if scaled_down:
        drivers = {
            bt: (*ds, Driver("scaled_to_target", {"target": target})) for bt, ds in drivers.items()
        }
    return BusinessTypeSplit(amounts=result, drivers=drivers, scaled_down=scaled_down)


def _split_by_shares(
    target: Decimal, shares: Mapping[BusinessType, Decimal], unit: Decimal
) -> BusinessTypeSplit:
    if set(shares) != set(BUSINESS_TYPES) or any(s < 0 for s in shares.values()):
        msg = "shares must be given, non-negative, for repeat, new customer and new product"
        raise ValueError(msg)
    if sum(shares.values(), Decimal(0)) != 1:
        msg = f"business-type shares add up to {sum(shares.values())}, not 100 %"
        raise ValueError(msg)
    amounts = split_by_weights(target, [shares[bt] for bt in BUSINESS_TYPES], unit)
    return BusinessTypeSplit(
        amounts=dict(zip(BUSINESS_TYPES, amounts, strict=True)),
        drivers={bt: (Driver("share_set", {"share": shares[bt]}),) for bt in BUSINESS_TYPES},
        scaled_down=False,
    )
