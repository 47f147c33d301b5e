"""Cell values turned into Pacer's types, or a reason why not.

A cell arrives as whatever the reader gives: text from a CSV file; text, numbers, dates or
booleans from an Excel workbook. Every parser raises ``CellError`` with a sentence a user can act
on; the caller adds the place (file, sheet, row, column).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, DecimalException, InvalidOperation
from functools import cache
from typing import Any

from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext

from pacer.exchange.schema import Choice, normalize
from pacer.planning.money import MAX_STORED, STORED, WAN

# Excel counts days from 1899-12-30 (its 1900 leap-year bug already folded in).
EXCEL_EPOCH = date(1899, 12, 30)
EXCEL_MAX_SERIAL = 2958465  # 9999-12-31
DEFAULT_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")
DATE_WITH_TIME = re.compile(r"^(\S+?)[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")
CURRENCY_MARKS = re.compile(r"(?i)[¥$\s]|rmb|cny|元")
# A thousands separator groups three digits; "1234,50" (a decimal comma) is refused, not
# read as 123450.
GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PLAIN_AMOUNT = re.compile(r"^\d{1,14}(\.\d{1,4})?$")
CELL_UNITS = {"万": WAN, "亿": WAN * WAN}
HUMAN_DATE_CODES = {
    "%Y": "YYYY",
    "%y": "YY",
    "%m": "MM",
    "%d": "DD",
    "%H": "hh",
    "%M": "mm",
    "%S": "ss",
    "%b": "Mon",
    "%B": "Month",
}
TRUE_WORDS = {"1", "true", "yes", "y", "是", "有", "√", "✓"}
FALSE_WORDS = {"0", "false", "no", "n", "否", "无", "×"}


class CellError(ValueError):
    """A cell's value cannot be used; ``reason`` says why, in the user's language."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value: object) -> str:
    """A cell as the text a user sees: ``12.0`` → ``12``, a date → ``2024-03-01``."""
    text: str
    if value is None:
        text = ""
    elif isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, float):
        text = str(int(value)) if value.is_integer() else repr(value)
    elif isinstance(value, datetime):
        midnight = value.time() == datetime.min.time()
        text = value.date().isoformat() if midnight else value.isoformat(sep=" ")
    elif isinstance(value, date):
        text = value.isoformat()
    else:
        text = str(value).strip()
    return text


def parse_text(value: object, *, max_length: int | None) -> str:
    text = cell_text(value)
    if max_length is not None and len(text) > max_length:
        raise CellError(
            gettext("内容过长（最多 %(limit)d 个字符，实际 %(length)d 个）")
            % {"limit": max_length, "length": len(text)}
        )
    return text


def parse_money(value: object, *, unit: Decimal = Decimal(1)) -> tuple[Decimal, bool]:
    """Yuan rounded half-up to the stored four places, and whether rounding changed it.

    Accepts numbers, ``1,234.56``, ``¥1234``, ``12.5万``, ``1.2亿`` and full-width forms such
    as ``１２，３４５`` (a unit written in the cell wins over ``unit``, the multiplier a mapping
    gives for bare numbers). Negative amounts, ``(1,000)`` included, are refused; so is a
    comma that does not separate thousands. The result is below 10^14 yuan.
    """
    if isinstance(value, bool):
        raise CellError(gettext("不是金额"))
    try:
        if isinstance(value, int | float | Decimal):
            amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
            amount *= unit
        else:
            amount = _money_from_text(str(value), unit)
        if not amount.is_finite():
            raise CellError(gettext("不是金额"))
        if amount < 0:
            raise CellError(gettext("金额不能为负数"))
        if amount >= MAX_STORED:
            raise CellError(gettext("金额过大"))
        rounded = amount.quantize(STORED, rounding=ROUND_HALF_UP)
    except DecimalException as exc:  # an exponent beyond any amount (1e999999999)
        raise CellError(gettext("金额过大")) from exc
    if rounded >= MAX_STORED:
        raise CellError(gettext("金额过大"))
    return rounded, rounded != amount


def halfwidth(text: str) -> str:
    """Full-width digits, letters and marks (``１２，５％``) as their ASCII forms."""
    return unicodedata.normalize("NFKC", text)


def _money_from_text(text: str, unit: Decimal) -> Decimal:
    if PLAIN_AMOUNT.match(text):  # the common case, without the clean-up below
        return Decimal(text) * unit
    cleaned = CURRENCY_MARKS.sub("", halfwidth(text))
    negative = cleaned.startswith("(") and cleaned.endswith(")")
    if negative:
        cleaned = cleaned[1:-1]
    if cleaned[-1:] in CELL_UNITS:
        unit = CELL_UNITS[cleaned[-1]]
        cleaned = cleaned[:-1]
    example = gettext("不是金额（例如 12500.00、1,250,000 或 125万）")
    if "," in cleaned:
        if not GROUPED.match(cleaned):
            raise CellError(example)
        cleaned = cleaned.replace(",", "")
    if not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", cleaned):
        # Decimal() would also take "NaN", "Infinity" and digits of other scripts.
        raise CellError(example)
    try:
        amount = Decimal(cleaned) * unit
    except InvalidOperation as exc:
        raise CellError(example) from exc
    return -amount if negative else amount


def parse_percent(value: object) -> int:
    """A percentage 0–100 as a whole number (``50``, ``50%``, ``１２．５％``, ``12.5`` → 13)."""
    text = halfwidth(cell_text(value)).removesuffix("%").strip()
    if not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)", text):
        raise CellError(gettext("不是百分比（例如 50 或 50%）"))
    number = Decimal(text)
    if number < 0 or number > 100:
        raise CellError(gettext("百分比须在 0 到 100 之间"))
    return int(number.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def parse_date(value: object, *, formats: Sequence[str] = ()) -> date:
    """A date from an Excel date cell, an Excel serial number or text.

    Text is read with ``formats`` when a mapping gives them, otherwise as ``YYYY-MM-DD``,
    ``YYYY/MM/DD``, ``YYYY.MM.DD``, ``YYYY年MM月DD日``, ``YYYYMMDD`` or a five-digit serial
    number (a time after the date is ignored).
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_serial(value)
    return _date_from_text(cell_text(value), formats)


def _date_from_text(text: str, formats: Sequence[str]) -> date:
    if not formats and ISO_DATE.match(text):  # the common case, without the search below
        try:
            return date.fromisoformat(text)
        except ValueError as exc:
            raise CellError(gettext("日期格式不正确，应为 YYYY-MM-DD")) from exc
    text = halfwidth(text)
    if formats:
        for fmt in formats:
            try:
                return datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a calendar day)
            except (ValueError, OverflowError):
                continue
        shown = " / ".join(human_format(fmt) for fmt in formats)
        raise CellError(gettext("日期格式不正确，应为 %(format)s") % {"format": shown})
    if text.isascii() and text.isdigit() and len(text) == 5:
        # An Excel serial number saved as text (five digits: 1927 to 2173).
        return _from_serial(int(text))
    match = DATE_WITH_TIME.match(text)
    day_text = match.group(1) if match else text
    for fmt in DEFAULT_DATE_FORMATS:
        try:
            return datetime.strptime(day_text, fmt).date()  # noqa: DTZ007 (a calendar day)
        except ValueError:
            continue
    raise CellError(gettext("日期格式不正确，应为 YYYY-MM-DD"))


def human_format(fmt: str) -> str:
    """A ``strftime`` format as people write it: ``%m/%d/%Y`` → ``MM/DD/YYYY``."""
    for code, shown in HUMAN_DATE_CODES.items():
        fmt = fmt.replace(code, shown)
    return fmt


def _from_serial(serial: float) -> date:
    if not 1 <= serial <= EXCEL_MAX_SERIAL:  # also false for NaN
        raise CellError(gettext("日期格式不正确，应为 YYYY-MM-DD"))
    return EXCEL_EPOCH + timedelta(days=int(serial))


def parse_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    word = normalize(cell_text(value))
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellError(gettext("应为 是/否"))


@cache
def _choice_codes(choices: tuple[Choice, ...]) -> dict[str, str]:
    """Every way of writing a choice (normalized) → its code; the first choice wins a clash."""
    codes: dict[str, str] = {}
    for code, zh, en in reversed(choices):
        codes.update({normalize(en): code, normalize(zh): code, normalize(code): code})
    return codes


def parse_choice(value: object, choices: Sequence[Choice]) -> str:
    """The code of a choice given by its code, its Chinese label or its English label."""
    code = _choice_codes(tuple(choices)).get(normalize(cell_text(value)))
    if code is not None:
        return code
    english = (translation.get_language() or "").startswith("en")
    allowed = (
        ", ".join(en for _c, _zh, en in choices)
        if english
        else "、".join(zh for _c, zh, _en in choices)
    )
    raise CellError(gettext("不是可选值（可选：%(allowed)s）") % {"allowed": allowed})


def parse_email(value: object) -> str:
    text = cell_text(value)
    try:
        validate_email(text)
    except ValidationError as exc:
        raise CellError(gettext("邮箱格式不正确")) from exc
    return text


def parse_login(value: object) -> str:
    text = cell_text(value)
    try:
        UnicodeUsernameValidator()(text)
    except ValidationError as exc:
        raise CellError(gettext("登录名只能包含字母、数字和 @/./+/-/_")) from exc
    if len(text) > 150:
        raise CellError(gettext("登录名过长（最多 150 个字符）"))
    return text


def parse_unit(value: Any) -> Decimal:
    """A value unit from a mapping: ``万``/``wan``, ``千``/``thousand``, ``元``, or a number."""
    named = {
        "元": Decimal(1),
        "yuan": Decimal(1),
        "千": Decimal(1000),
        "千元": Decimal(1000),
        "thousand": Decimal(1000),
        "thousands": Decimal(1000),
        "k": Decimal(1000),
        "万": WAN,
        "万元": WAN,
        "wan": WAN,
    }
    if isinstance(value, str) and normalize(value) in named:
        return named[normalize(value)]
    try:
        unit = Decimal(str(value))
    except InvalidOperation as exc:
        raise CellError(gettext("金额单位应为 元、千、万 或一个正数")) from exc
    if not unit.is_finite() or unit <= 0:
        raise CellError(gettext("金额单位应为 元、千、万 或一个正数"))
    return unit
