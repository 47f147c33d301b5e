"""Incentive money to the fen, and rates with the decimals they need."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from pacer.incentives.formatting import exact_money, percent, yuan
from pacer.incentives.templatetags.incentives_money import pay


@pytest.mark.parametrize(
    ("amount", "chinese", "english"),
    [
        ("18600.00", "1.86万", "¥18,600.00"),
        ("4047.30", "4,047.30元", "¥4,047.30"),
        ("500.00", "500元", "¥500.00"),
        ("123456.78", "123,456.78元", "¥123,456.78"),
        ("0.00", "0元", "¥0.00"),
    ],
)
def test_pay_is_exact_in_both_languages(amount: str, chinese: str, english: str) -> None:
    with translation.override("zh-hans"):
        assert exact_money(Decimal(amount)) == chinese
        assert pay(amount) == chinese
    with translation.override("en"):
        assert exact_money(amount) == english


def test_rates_show_the_decimals_they_need() -> None:
    assert percent(Decimal("0.03")) == "3.0%"
    assert percent("0.0125") == "1.25%"
    assert percent("0.0100", 0) == "1%"
    assert percent("1.2371", max_places=1) == "123.7%"


def test_empty_pay_is_a_dash() -> None:
    assert pay(None) == "—"
    with translation.override("zh-hans"):
        assert yuan("200.50") == "200.50元"
