"""Money and ratio formatting: 万元 in Chinese, full yuan in English, Decimal only."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from pacer.web.formatting import money_text, pct_text, uses_wan, wan_number


def render(source: str, **context: object) -> str:
    return Template("{% load pacer %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("amount", "chinese", "english"),
    [
        (Decimal(12345600), "1,234.56万", "¥12,345,600.00"),
        (Decimal("12345678.90"), "1,234.57万", "¥12,345,678.90"),
        (Decimal(50), "0.01万", "¥50.00"),
        (Decimal("49.99"), "0.00万", "¥49.99"),
        (Decimal(0), "0.00万", "¥0.00"),
        (Decimal(-250000), "-25.00万", "-¥250,000.00"),
        (38000000, "3,800.00万", "¥38,000,000.00"),
        (Decimal("0.005"), "0.00万", "¥0.01"),
    ],
)
def test_money_in_both_languages(amount: Decimal | int, chinese: str, english: str) -> None:
    with translation.override("zh-hans"):
        assert render("{{ a|money }}", a=amount) == chinese
    with translation.override("en"):
        assert render("{{ a|money }}", a=amount) == english


def test_money_rounds_half_up_to_the_fen_in_wan() -> None:
    # 1.23455万 rounds down to 1.23万; exactly 1.235万 rounds half up to 1.24万.
    assert money_text(Decimal("12345.5"), "zh-hans") == "1.23万"
    assert money_text(Decimal(12350), "zh-hans") == "1.24万"


def test_wan_is_the_number_only_in_every_language() -> None:
    for language in ("zh-hans", "en"):
        with translation.override(language):
            assert render("{{ a|wan }}", a=Decimal(12345600)) == "1,234.56"
    assert wan_number(Decimal(99999)) == "10.00"


def test_pct_of_a_ratio() -> None:
    assert render("{{ r|pct }}", r=Decimal("0.125")) == "13%"
    assert render("{{ r|pct:1 }}", r=Decimal("0.125")) == "12.5%"
    assert render("{{ r|pct }}", r=Decimal(1)) == "100%"
    assert pct_text(Decimal("1.5")) == "150%"


def test_missing_values_show_a_dash() -> None:
    assert render("{{ a|money }}|{{ a|wan }}|{{ a|pct }}", a=None) == "—|—|—"


def test_float_is_refused() -> None:
    with pytest.raises(TypeError, match="float"):
        money_text(1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="float"):
        pct_text(0.5)  # type: ignore[arg-type]


def test_language_decides_the_unit() -> None:
    assert uses_wan("zh-hans")
    assert not uses_wan("en")
    with translation.override("en"):
        assert not uses_wan()
