"""``pacer import PATH [--mapping FILE] [--dry-run]``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext

from pacer.exchange.loader import data_import
from pacer.exchange.operator import OPERATOR


class Command(BaseCommand):
    help = (
        "Import an .xlsx workbook, a folder or .zip of CSV files, or one CSV file. "
        "Everything is checked first; on any problem nothing is written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help=".xlsx, .zip, .csv or a folder of CSV files")
        parser.add_argument("--mapping", help="TOML or YAML mapping of another system's files")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report, write nothing"
        )

    def handle(self, *_args: Any, **options: Any) -> None:
        mapping = Path(options["mapping"]) if options["mapping"] else None
        if mapping is not None and not mapping.is_file():
            raise CommandError(gettext("映射文件不存在：%(path)s") % {"path": mapping})
        result = data_import(
            path=Path(options["path"]),
            mapping=mapping,
            dry_run=options["dry_run"],
            actor=OPERATOR,
        )
        if not result.ok:
            heading = gettext("导入失败，未写入任何数据。发现 %(count)d 个问题：") % {
                "count": len(result.problems)
            }
            raise CommandError(f"{heading}\n{result.report()}")
        if result.dry_run:
            self.stdout.write(gettext("检查通过（试运行，未写入任何数据）："))
        else:
            self.stdout.write(gettext("导入完成："))
        self.stdout.write(result.summary())
