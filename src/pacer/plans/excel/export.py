"""Export a plan as the workbook sales managers already use, one table per sheet.

The workbook is written from the plan's documented JSON (``plan_json``, see docs/plan-json.md),
so what a caller may see of a plan is decided before it gets here. Sheets: overview (target,
levels, the three views, verdict and reasons), business types, industry × region, monthly (the
market tree's top two levels and the org tree's company and teams: twelve months, the year and
the quarters), people (each person's target, quota, levels and twelve months), customer tiers,
funnel actions, budget and collections. Amounts are yuan (see ``layout``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from pacer.crm.models import BusinessType
from pacer.planning.money import split_by_weights
from pacer.plans.acceptance import ACCEPTANCE, STAGE_LABELS
from pacer.plans.excel import layout
from pacer.plans.labels import BOTTOM_UP_PARTS, BUDGET_LINES, DIMENSIONS, VERDICTS
from pacer.plans.models import Plan, PlanStatus
from pacer.plans.selectors import plan_json

LANGUAGE_CODES = {"zh": "zh-hans", "en": "en"}

# The default action cadence of each customer tier (DESIGN §1, "Execute").
CADENCE = {
    "A": _("每月拜访 + 每季度业务复盘"),
    "B": _("每两周跟进一次"),
    "C": _("每月线上触达"),
}

Node = dict[str, Any]
Row = list[tuple[Any, str | None]]  # (value, number format)

SHARE_UNIT = Decimal("0.0001")
WIDEST = 60
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")


def plan_export(target: IO[bytes] | Path, *, plan: Plan, lang: str = "zh") -> None:
    """Write ``plan`` (all of it: this is the operator's export) as .xlsx to ``target``."""
    with translation.override(_language(lang)):
        workbook = plan_workbook(plan_json(plan), lang=lang)
    workbook.save(target)


def _language(lang: str) -> str:
    if lang not in layout.LANGS:
        msg = f"lang must be one of {layout.LANGS}"
        raise ValueError(msg)
    return LANGUAGE_CODES[lang]


def plan_workbook(data: dict[str, Any], *, lang: str = "zh") -> Workbook:
    """The workbook of a plan given as ``plan_json`` data (possibly narrowed to a reader)."""
    _language(lang)
    workbook = Workbook()
    workbook.remove(workbook.active)
    months = [date.fromisoformat(p["start"]) for p in data["periods"]]
    if not months and data["org_tree"]:
        months = [date.fromisoformat(p["start"]) for p in data["org_tree"]["periods"]]
    month_headers = [layout.month_header(m.month, lang) for m in months]
    # (sheet, rows, name columns kept in view when scrolling right)
    writers: list[tuple[layout.Sheet, list[Row], int]] = [
        (layout.OVERVIEW, list(_overview(data, lang)), 0),
        (layout.BUSINESS_TYPES, list(_business_types(data, lang)), 1),
        (layout.MARKETS, list(_markets(data, lang)), 3),
        (layout.MONTHS, list(_months(data, lang)), 4),
        (layout.PEOPLE, list(_people(data, lang)), 2),
        (layout.TIERS, list(_tiers(data, lang)), 0),
        (layout.ACTIONS, list(_actions(data, lang)), 2),
        (layout.BUDGET, list(_budget(data, lang)), 0),
        (layout.COLLECTIONS, list(_collections(data, lang)), 0),
    ]
    for sheet, rows, frozen in writers:
        headers = [c.text(lang) for c in sheet.columns]
        if sheet.months:
            headers += month_headers
        if sheet.quarters:
            headers += [layout.YEAR_TOTAL.text(lang)] + [q.text(lang) for q in layout.QUARTERS]
        ws = workbook.create_sheet(sheet.name.text(lang))
        _write(ws, headers, rows, lang)
        ws.freeze_panes = f"{get_column_letter(frozen + 1)}2"
    return workbook


def _write(ws: Worksheet, headers: Sequence[str], rows: Sequence[Row], lang: str) -> None:
    ws.append(headers)
    for cell in ws[1]:
        cell.font = BOLD
        cell.fill = HEADER_FILL
    widths = [_width(h) for h in headers]
    total = layout.TOTAL.text(lang)
    for r, row in enumerate(rows, start=2):
        for c, (value, fmt) in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c, value=value)
            if fmt:
                cell.number_format = fmt
            if row and row[0][0] == total:
                cell.font = BOLD
                cell.fill = TOTAL_FILL
            widths[c - 1] = max(widths[c - 1], 16 if fmt == layout.MONEY_FORMAT else _width(value))
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = min(WIDEST, width + 2)
        if width > WIDEST:
            for (cell,) in ws.iter_rows(min_row=2, min_col=c, max_col=c):
                cell.alignment = Alignment(wrap_text=True, vertical="top")


def _width(value: object) -> int:
    """Display width: a Chinese character takes two columns."""
    text = "" if value is None else str(value)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _money(value: Decimal | str | None) -> tuple[Decimal | None, str]:
    return (None if value is None else Decimal(value), layout.MONEY_FORMAT)


def _share(value: Decimal) -> tuple[Decimal, str]:
    return (value, layout.SHARE_FORMAT)


def _text(value: object) -> tuple[Any, None]:
    return (value, None)


def _shares(amounts: Sequence[Decimal]) -> list[Decimal]:
    """Shares of ``amounts`` to 0.01 %, adding up to exactly 100 % (largest remainder)."""
    if not amounts:
        return []
    return split_by_weights(Decimal(1), list(amounts), SHARE_UNIT)


def _label(node: Node) -> str:
    """A node's name; business types are named in the workbook's language."""
    if node["dimension"] == "business_type" and node["key"] in BusinessType.values:
        return str(BusinessType(node["key"]).label)
    return str(node["label"])


def _levels(node: Node) -> Row:
    return [_money(node["levels"][k]) for k in ("base", "stretch", "breakthrough")]


def _explanation(node: Node) -> tuple[str, None]:
    return _text("；".join(node["explanation"]))


# -- sheets --------------------------------------------------------------------------------------


def _overview(data: dict[str, Any], lang: str) -> Iterator[Row]:
    items, views = layout.ITEMS, data["views"]

    def item(key: str, value: tuple[Any, str | None]) -> Row:
        return [_text(items[key].text(lang)), value]

    yield item("name", _text(data["name"]))
    yield item("id", _text(data["id"]))
    yield item("version", _text(data["version"]))
    yield item("status", _text(str(PlanStatus(data["status"]).label)))
    yield item("year", _text(data["year"]))
    yield item("as_of", (date.fromisoformat(data["as_of"]), layout.DATE_FORMAT))
    yield item("target", _money(data["target"]))
    for key in ("base", "stretch", "breakthrough"):
        yield item(key, _money((data["levels"] or {}).get(key)))
    yield item("top_down", _money(views.get("top_down")))
    yield item("bottom_up", _money(views.get("bottom_up")))
    for part in views.get("bottom_up_parts", []):
        name = str(BOTTOM_UP_PARTS.get(part["part"], part["part"]))
        yield [_text(f"{items['bottom_up'].text(lang)} · {name}"), _money(part["amount"])]
    yield item("market", _money(views.get("market")))
    for key in ("growth_needed", "best_history_growth"):
        value = views.get(key)
        yield item(key, (None if value is None else Decimal(value), layout.SHARE_FORMAT))
    backing = views.get("backing")
    yield item("backing", (None if backing is None else Decimal(backing), layout.SHARE_FORMAT))
    verdict = views.get("verdict", "")
    yield item("verdict", _text(str(VERDICTS.get(verdict, verdict))))
    for sentence in views.get("explanation", []):
        yield item("reason", _text(sentence))
    for warning in data["warnings"]:
        yield item("warning", _text(warning))


def _business_types(data: dict[str, Any], lang: str) -> Iterator[Row]:
    types = data["tree"]["children"] if data["tree"] else []
    shares = _shares([Decimal(t["amount"]) for t in types])
    for node, share in zip(types, shares, strict=True):
        yield [
            _text(_label(node)),
            _money(node["amount"]),
            _share(share),
            *_levels(node),
            _explanation(node),
        ]
    if data["tree"]:
        yield [
            _text(layout.TOTAL.text(lang)),
            _money(data["tree"]["amount"]),
            _share(Decimal(1)),
            *_levels(data["tree"]),
        ]


def _markets(data: dict[str, Any], lang: str) -> Iterator[Row]:  # noqa: ARG001
    for bt in data["tree"]["children"] if data["tree"] else []:
        for industry in bt["children"]:
            # An industry without regions (no regional history or pipeline) is a row of its own.
            for region in industry["children"] or [None]:
                node = region or industry
                yield [
                    _text(_label(bt)),
                    _text(industry["label"]),
                    _text(region["label"] if region else None),
                    _money(node["amount"]),
                    *_levels(node),
                    _explanation(node),
                ]


def _month_row(tree: layout.Name, node: Node, parent: Node | None, lang: str) -> Row:
    return [
        _text(tree.text(lang)),
        _text(str(DIMENSIONS.get(node["dimension"], node["dimension"]))),
        _text(_label(node)),
        _text(_label(parent) if parent else None),
        *[_money(p["amount"]) for p in node["periods"]],
        _money(node["amount"]),
        *[_money(q["amount"]) for q in node["quarters"]],
    ]


def _months(data: dict[str, Any], lang: str) -> Iterator[Row]:
    market = data["tree"]
    if market:
        yield _month_row(layout.TREE_MARKET, market, None, lang)
        for bt in market["children"]:
            yield _month_row(layout.TREE_MARKET, bt, market, lang)

    def teams(node: Node, parent: Node | None) -> Iterator[Row]:
        yield _month_row(layout.TREE_ORG, node, parent, lang)
        for child in node["children"]:
            if child["dimension"] != "person":
                yield from teams(child, node)

    if data["org_tree"]:
        yield from teams(data["org_tree"], None)


def _people(data: dict[str, Any], lang: str) -> Iterator[Row]:
    def walk(node: Node) -> Iterator[Row]:
        for child in node["children"]:
            if child["dimension"] == "person":
                yield [
                    _text(node["label"]),
                    _text(child["label"]),
                    _money(child["amount"]),
                    _money(child["quota"]),
                    *_levels(child),
                    *[_money(p["amount"]) for p in child["periods"]],
                ]
            else:
                yield from walk(child)

    if data["org_tree"]:
        yield from walk(data["org_tree"])
        root = data["org_tree"]
        total = layout.TOTAL.text(lang)
        yield [_text(total), _text(None), _money(root["amount"]), _money(None), *_levels(root)]


def _tiers(data: dict[str, Any], lang: str) -> Iterator[Row]:
    tiers = data["tiers"]
    bought = [Decimal(t["last_12_months"]) for t in tiers]
    shares = _shares(bought) if sum(bought, Decimal(0)) > 0 else [Decimal(0)] * len(tiers)
    for tier, share in zip(tiers, shares, strict=True):
        yield [
            _text(tier["tier"]),
            _text(tier["count"]),
            _money(tier["last_12_months"]),
            _share(share),
            _money(tier["planned_repeat"]),
            _text(str(CADENCE.get(tier["tier"], ""))),
        ]
    if tiers:
        yield [
            _text(layout.TOTAL.text(lang)),
            _text(sum(t["count"] for t in tiers)),
            _money(sum(bought, Decimal(0))),
            _share(Decimal(1) if sum(bought, Decimal(0)) > 0 else Decimal(0)),
            _money(sum((Decimal(t["planned_repeat"]) for t in tiers), Decimal(0))),
        ]


def _actions(data: dict[str, Any], lang: str) -> Iterator[Row]:
    # A criterion left as built is the default one: write it in the workbook's language.
    with translation.override(LANGUAGE_CODES["zh"]):
        defaults = {str(text): stage for stage, text in ACCEPTANCE.items()}
    for action in data["actions"]:
        acceptance = action["acceptance"]
        if lang != "zh" and defaults.get(acceptance) == action["stage"]:
            acceptance = str(ACCEPTANCE[action["stage"]])
        yield [
            _text(action["person"]),
            _text(str(STAGE_LABELS.get(action["stage"], action["stage"]))),
            _text(action["count"]),
            (date.fromisoformat(action["due"]), layout.DATE_FORMAT),
            (date.fromisoformat(action["feeds_month"]), layout.MONTH_FORMAT),
            _text(acceptance),
        ]


def _budget(data: dict[str, Any], lang: str) -> Iterator[Row]:
    budget = data["budget"] or {}
    for line in budget.get("lines", []):
        yield [
            _text(str(BUDGET_LINES.get(line["line"], line["line"]))),
            _money(line["amount"]),
            _text(line["expected_leads"]),
        ]
    if budget:
        yield [_text(layout.TOTAL.text(lang)), _money(budget["total"])]


def _collections(data: dict[str, Any], lang: str) -> Iterator[Row]:
    collections = data["collections"] or {}
    for month in collections.get("months", []):
        yield [(date.fromisoformat(month["start"]), layout.MONTH_FORMAT), _money(month["amount"])]
    if collections:
        yield [_text(layout.CARRIED_OVER.text(lang)), _money(collections["carried_over"])]
