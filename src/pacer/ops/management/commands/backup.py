"""``pacer backup create PATH`` / ``pacer backup restore PATH``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from pacer.ops.backup import BackupError, backup_create, backup_restore


class Command(BaseCommand):
    help = _("备份或恢复整个数据库（SQLite 在线备份；PostgreSQL 用 pg_dump / pg_restore）")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help=_("写出备份文件"))
        create.add_argument("path", type=Path)
        restore = sub.add_parser("restore", help=_("用备份文件替换当前数据库的内容"))
        restore.add_argument("path", type=Path)
        restore.add_argument("--yes", action="store_true", help=_("确认覆盖当前数据"))

    def handle(self, *_args: Any, **options: Any) -> None:
        path: Path = options["path"]
        try:
            if options["action"] == "create":
                backup_create(path=path)
                self.stdout.write(_("已备份到 %(path)s") % {"path": path})
                return
            if not options["yes"]:
                raise CommandError(_("恢复会覆盖当前全部数据；确认请加 --yes"))
            backup_restore(path=path)
            self.stdout.write(_("已从 %(path)s 恢复") % {"path": path})
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
