"""``pacer adjustments evaluate [--plan ID] [--as-of DATE]`` opens proposals on the approved plan
(for cron); ``pacer adjustments list`` prints every proposal, one line each."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from pacer.adjustments.evaluate import adjustments_evaluate
from pacer.adjustments.models import Adjustment
from pacer.adjustments.selectors import trigger_sentence
from pacer.plans.models import Plan, PlanStatus
from pacer.plans.services import PlanError


def _day(text: str | None) -> date:
    if not text:
        return timezone.localdate()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            _("--as-of 的值“%(value)s”不是 YYYY-MM-DD 格式的日期") % {"value": text}
        ) from None


class Command(BaseCommand):
    help = _("评估目标调整触发条件，或列出调整提议")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("evaluate", help=_("对已批准的计划评估触发条件并提出调整"))
        run.add_argument("--plan", type=int, help=_("计划 ID（默认：评估日所在年度的已批准计划）"))
        run.add_argument("--as-of", help=_("评估日 YYYY-MM-DD（默认今天）"))
        sub.add_parser("list", help=_("列出调整提议"))

    def handle(self, *_args: Any, **options: Any) -> None:
        if options["action"] == "list":
            for a in Adjustment.objects.select_related("plan").order_by("-opened_at", "-pk"):
                self.stdout.write(
                    f"#{a.pk}\t{a.plan}\t{a.get_status_display()}\t{trigger_sentence(a)}"
                )
            return
        as_of = _day(options.get("as_of"))
        plans = Plan.objects.filter(status=PlanStatus.APPROVED)
        if options.get("plan") is not None:
            plan = plans.filter(pk=options["plan"]).first()
        else:
            plan = plans.filter(year=as_of.year).order_by("-version").first()
        if plan is None:
            raise CommandError(_("没有可评估的已批准计划"))
        try:
            opened = adjustments_evaluate(plan=plan, as_of=as_of)
        except PlanError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(_("新提出 %(count)s 项调整") % {"count": len(opened)})
        for a in opened:
            self.stdout.write(f"#{a.pk}\t{trigger_sentence(a)}")
