"""``pacer export PATH.xlsx [--template] [--lang zh|en]``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext

from pacer.exchange.export import LANGS, data_export
from pacer.exchange.operator import OPERATOR


class Command(BaseCommand):
    help = (
        "Write every entity to one .xlsx workbook in the shape `pacer import` reads; "
        "--template writes the headers only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="the .xlsx file to write")
        parser.add_argument("--template", action="store_true", help="headers only, no rows")
        parser.add_argument(
            "--lang", choices=LANGS, default="zh", help="language of sheet names and headers"
        )

    def handle(self, *_args: Any, **options: Any) -> None:
        path = Path(options["path"])
        if path.suffix.lower() != ".xlsx":
            raise CommandError(gettext("导出文件名应以 .xlsx 结尾：%(path)s") % {"path": path})
        try:
            with path.open("wb") as target:
                counts = data_export(
                    target, actor=OPERATOR, lang=options["lang"], template=options["template"]
                )
        except OSError as exc:
            raise CommandError(
                gettext("无法写入 %(path)s：%(error)s") % {"path": path, "error": exc}
            ) from exc
        total = sum(counts.values())
        self.stdout.write(gettext("已导出 %(rows)d 行到 %(path)s") % {"rows": total, "path": path})
