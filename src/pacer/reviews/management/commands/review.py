"""``pacer review weekly|monthly (--person ID | --team ID) --period PERIOD [--out FILE]``.

Generates the review (or regenerates it, keeping what people wrote) and prints it as text, or
writes it as .xlsx with ``--out FILE.xlsx``. PERIOD is ``2026-W24`` (weekly) or ``2026-06``
(monthly).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from pacer.org.models import Person, Team
from pacer.planning.periods import Period
from pacer.reviews.excel import review_export
from pacer.reviews.models import ReviewKind
from pacer.reviews.present import present
from pacer.reviews.services import ReviewError, review_generate
from pacer.reviews.text import review_text
from pacer.tracking.review_periods import PeriodFormatError, parse_month, parse_week


def parse_period(kind: str, text: str) -> Period:
    """The period named by ``text`` for ``kind``, or a ``CommandError`` that shows the form."""
    try:
        return parse_week(text) if kind == ReviewKind.WEEKLY else parse_month(text)
    except PeriodFormatError:
        example = "2026-W24" if kind == ReviewKind.WEEKLY else "2026-06"
        raise CommandError(
            _("--period 的值“%(value)s”不是%(kind)s的期间（格式 %(form)s，例如 %(example)s）")
            % {
                "value": text,
                "kind": ReviewKind(kind).label,
                "form": "YYYY-Www" if kind == ReviewKind.WEEKLY else "YYYY-MM",
                "example": example,
            }
        ) from None


class Command(BaseCommand):
    help = _("生成周复盘或月复盘，打印文本或导出 Excel")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=ReviewKind.values)
        subject = parser.add_mutually_exclusive_group(required=True)
        subject.add_argument("--person", type=int, help=_("人员编号"))
        subject.add_argument("--team", type=int, help=_("团队编号"))
        parser.add_argument(
            "--period", required=True, help=_("周复盘如 2026-W24，月复盘如 2026-06")
        )
        parser.add_argument("--out", help=_("写入 .xlsx 文件（不给则打印文本）"))

    def handle(self, *_args: Any, **options: Any) -> None:
        kind = options["kind"]
        period = parse_period(kind, options["period"])
        out = Path(options["out"]) if options["out"] else None
        if out is not None and out.suffix.lower() != ".xlsx":
            raise CommandError(_("--out 须是 .xlsx 文件：%(path)s") % {"path": options["out"]})
        person = team = None
        if options["person"] is not None:
            person = Person.objects.filter(pk=options["person"]).first()
            if person is None:
                raise CommandError(_("没有编号为 %(id)s 的人员") % {"id": options["person"]})
        else:
            team = Team.objects.filter(pk=options["team"]).first()
            if team is None:
                raise CommandError(_("没有编号为 %(id)s 的团队") % {"id": options["team"]})
        try:
            review = review_generate(kind=kind, person=person, team=team, period_start=period.start)
        except ReviewError as exc:
            raise CommandError(str(exc)) from exc
        presented = present(review)
        if out is None:
            self.stdout.write(review_text(presented))
            return
        try:
            review_export(out, presented)
        except OSError as exc:
            raise CommandError(
                _("无法写入 %(path)s：%(error)s") % {"path": out, "error": exc.strerror or exc}
            ) from exc
        self.stdout.write(_("已写入 %(path)s") % {"path": out})
