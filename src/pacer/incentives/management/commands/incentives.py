"""``pacer incentives --month YYYY-MM [--as-of DATE] --format json|xlsx [--out FILE]``.

Computes the month's statements from the data known on ``--as-of`` (default today; a new
version appears only where something changed), then prints every current statement of the
month as JSON (docs/incentives.md) or writes them as a workbook (default file name
``incentives-YYYY-MM.xlsx``). This is the operator's command: it covers everyone.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from pacer.incentives.export import statements_export
from pacer.incentives.models import IncentiveStatement, StatementStatus
from pacer.incentives.months import MonthError, month_text, parse_month
from pacer.incentives.selectors import statement_json, versions_of
from pacer.incentives.services import ComputeResult, IncentiveError, incentives_compute


class Command(BaseCommand):
    help = _("计算某月的激励结算单，并以 JSON 打印或导出为 Excel")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", required=True, help=_("月份 YYYY-MM，例如 2026-07"))
        parser.add_argument("--as-of", help=_("数据截止日 YYYY-MM-DD（默认今天）"))
        parser.add_argument("--format", choices=["json", "xlsx"], default="json")
        parser.add_argument("--out", help=_("输出文件（xlsx 默认 incentives-YYYY-MM.xlsx）"))

    def handle(self, *_args: Any, **options: Any) -> None:
        try:
            month = parse_month(options["month"])
        except MonthError as exc:
            raise CommandError(_("--month：%(error)s") % {"error": exc}) from None
        as_of = _as_of(options["as_of"])
        out = _out_path(options["out"], options["format"], month)
        try:
            result = incentives_compute(month=month, as_of=as_of, user=None)
        except IncentiveError as exc:
            raise CommandError(str(exc)) from exc
        statements = list(
            IncentiveStatement.objects.filter(month=month, status=StatementStatus.CURRENT)
            .select_related("person", "person__team")
            .order_by("person__name", "person_id")
        )
        if options["format"] == "xlsx":
            assert out is not None
            self._xlsx(out, month, statements, result)
        else:
            self._json(out, statements, result)

    def _json(
        self, path: Path | None, statements: list[IncentiveStatement], result: ComputeResult
    ) -> None:
        data = {
            "month": month_text(result.month),
            "as_of": result.as_of.isoformat(),
            "created": [s.pk for s in result.created],
            "unchanged": [s.pk for s in result.unchanged],
            "statements": [statement_json(s, versions=versions_of(s)) for s in statements],
        }
        text = json.dumps(data, ensure_ascii=False, indent=2)
        if path is None:
            self.stdout.write(text)
            return
        try:
            path.write_text(text + "\n", encoding="utf-8")
        except OSError as exc:
            raise CommandError(
                _("无法写入 %(path)s：%(error)s") % {"path": path, "error": exc}
            ) from exc
        self.stdout.write(_("已写入 %(path)s") % {"path": path})

    def _xlsx(
        self,
        path: Path,
        month: date,
        statements: list[IncentiveStatement],
        result: ComputeResult,
    ) -> None:
        try:
            with path.open("wb") as target:
                statements_export(target, statements)
        except OSError as exc:
            raise CommandError(
                _("无法写入 %(path)s：%(error)s") % {"path": path, "error": exc}
            ) from exc
        self.stdout.write(
            _("已将 %(month)s 的 %(count)s 份结算单导出到 %(path)s（本次新版本 %(created)s 份）")
            % {
                "month": month_text(month),
                "count": len(statements),
                "path": path,
                "created": len(result.created),
            }
        )


def _out_path(out: str | None, output_format: str, month: date) -> Path | None:
    """Where to write: ``None`` prints JSON; a workbook defaults to incentives-YYYY-MM.xlsx."""
    if output_format != "xlsx":
        return Path(out) if out else None
    path = Path(out or f"incentives-{month_text(month)}.xlsx")
    if path.suffix.lower() != ".xlsx":
        raise CommandError(_("导出文件名应以 .xlsx 结尾：%(path)s") % {"path": path})
    return path


def _as_of(text: str | None) -> date:
    if not text:
        return timezone.localdate()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            _("--as-of 的值“%(value)s”不是 YYYY-MM-DD 格式的日期") % {"value": text}
        ) from None
