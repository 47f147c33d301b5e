"""``pacer alerts run|list``: evaluate the alert rules (for cron), or print the alerts.

- ``pacer alerts run [--as-of DATE]`` prints how many alerts were raised, escalated, eased,
  re-opened and resolved, and how many messages were sent or failed.
- ``pacer alerts list [--as-of DATE] [--status live|open|acknowledged|resolved|all]
  [--signal red|yellow] [--format table|json]``: with ``--as-of`` the alerts as they stood at
  the end of that day (status and signal rebuilt from their history).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from pacer.alerts.engine import alerts_run
from pacer.alerts.models import Alert, AlertSignal, AlertStatus
from pacer.alerts.selectors import (
    LIVE,
    STATUS_FILTERS,
    alert_json,
    states_on,
    with_status,
)


def _day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            _("--as-of 的值“%(value)s”不是 YYYY-MM-DD 格式的日期") % {"value": text}
        ) from None


class Command(BaseCommand):
    help = _("评估预警规则，或列出预警")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("run", help=_("按规则评估全部项目、关键节点和客户，并发送通知"))
        run.add_argument("--as-of", help=_("评估日 YYYY-MM-DD（默认今天）"))
        run.add_argument("--format", choices=["table", "json"], default="table")
        show = sub.add_parser("list", help=_("列出预警"))
        show.add_argument("--as-of", help=_("显示该日结束时的预警 YYYY-MM-DD（默认当前）"))
        show.add_argument("--status", choices=STATUS_FILTERS, default=LIVE)
        show.add_argument("--signal", choices=AlertSignal.values)
        show.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *_args: Any, **options: Any) -> None:
        if options["action"] == "run":
            self._run(options)
        else:
            self._list(options)

    def _run(self, options: dict[str, Any]) -> None:
        as_of = _day(options["as_of"]) or timezone.localdate()
        summary = alerts_run(as_of=as_of)
        if options["format"] == "json":
            self.stdout.write(json.dumps(summary.as_dict(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            _(
                "%(as_of)s：新预警 %(raised)s，升级 %(escalated)s，降级 %(eased)s，"
                "重新打开 %(reopened)s，解除 %(resolved)s；未解除共 %(live)s"
            )
            % summary.as_dict()
        )
        self.stdout.write(
            _("通知发送成功 %(deliveries_sent)s，失败 %(deliveries_failed)s") % summary.as_dict()
        )

    def _list(self, options: dict[str, Any]) -> None:
        as_of = _day(options["as_of"])
        alerts = Alert.objects.select_related("owner").order_by("signal", "first_raised_on", "pk")
        if as_of is None:
            current = with_status(alerts, options["status"])
            if options["signal"]:
                current = current.filter(signal=options["signal"])
            rows = [alert_json(alert) for alert in current]
        else:
            rows = [
                alert_json(state.alert, status=state.status, signal=state.signal)
                for state in states_on(alerts, as_of)
                if _wanted(state.status, state.signal, options)
            ]
            rows.sort(key=lambda row: (row["signal"], row["first_raised_on"], row["id"]))
        if options["format"] == "json":
            data = {
                "as_of": as_of.isoformat() if as_of else None,
                "status": options["status"],
                "count": len(rows),
                "alerts": rows,
            }
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(render_table(rows))


def _wanted(status: str, signal: str, options: dict[str, Any]) -> bool:
    wanted_status = options["status"]
    if wanted_status == LIVE and status == "resolved":
        return False
    if wanted_status not in {LIVE, "all"} and status != wanted_status:
        return False
    return not options["signal"] or signal == options["signal"]


def render_table(rows: list[dict[str, Any]]) -> str:
    """One line per alert: id, signal, status, owner, first raised, the sentence."""
    if not rows:
        return _("没有预警。")
    lines = [_("编号\t信号\t状态\t负责人\t首次预警\t内容")]
    lines.extend(
        "\t".join(
            [
                str(row["id"]),
                str(AlertSignal(row["signal"]).label),
                str(AlertStatus(row["status"]).label),
                row["owner"]["name"] if row["owner"] else "-",
                row["first_raised_on"],
                row["message"],
            ]
        )
        for row in rows
    )
    lines.append(_("共 %(count)s 条") % {"count": len(rows)})
    return "\n".join(lines)
