"""``pacer forecast snapshot|accuracy|probability|remind`` (JSON documented in docs/forecast.md).

- ``snapshot [--as-of DATE]``: record the system's snapshot of every participant for the cycle
  of the day (once per person and cycle; a second run records nothing new). It is the baseline
  for accuracy where a person did not submit, and for "why the number moved";
- ``accuracy [--as-of DATE] --format json|table``: accuracy and bias of every closed window,
  per person and team;
- ``probability --year YEAR [--trials N] [--seed S] [--as-of DATE] --format json|table``;
- ``remind [--as-of DATE]``: remind who has not submitted for the cycle (once per cycle).
"""

from __future__ import annotations

import json
from datetime import date, datetime, time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from pacer.forecasts.accuracy import (
    AccuracyHistory,
    history_json,
    measure,
    person_histories,
    team_histories,
)
from pacer.forecasts.cycles import cycle_containing, cycle_settings
from pacer.forecasts.models import ForecastSubmission
from pacer.forecasts.probability import MAX_TRIALS, ProbabilityError, probability_for
from pacer.forecasts.reminders import reminders_send
from pacer.forecasts.selectors import SYSTEM, participants
from pacer.forecasts.serialize import probability_json
from pacer.forecasts.submissions import system_snapshot_take
from pacer.org.models import Person
from pacer.plans.selectors import latest_plan


def _day(text: str | None) -> date:
    if not text:
        return timezone.localdate()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            _("--as-of 的值“%(value)s”不是 YYYY-MM-DD 格式的日期") % {"value": text}
        ) from None


def moment(as_of: date) -> datetime:
    """Now when ``as_of`` is today, else noon of ``as_of``: a record made "as of" a past day
    is dated on that day, so it orders with the windows it belongs to."""
    if as_of == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.combine(as_of, time(12, 0)))


class Command(BaseCommand):
    help = _("滚动预测：系统快照、预测准确率、目标达成概率、提醒未提交的人")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        snapshot = sub.add_parser("snapshot", help=_("为本期每位参与者记录系统快照"))
        snapshot.add_argument("--as-of", help=_("数据日期 YYYY-MM-DD（默认今天）"))
        snapshot.add_argument("--format", choices=["table", "json"], default="table")
        accuracy = sub.add_parser("accuracy", help=_("各已结束窗口的预测准确率与偏差"))
        accuracy.add_argument("--as-of", help=_("数据日期 YYYY-MM-DD（默认今天）"))
        accuracy.add_argument("--format", choices=["table", "json"], default="table")
        probability = sub.add_parser("probability", help=_("蒙特卡洛模拟目标达成概率"))
        probability.add_argument("--year", type=int, required=True)
        probability.add_argument("--trials", type=int, default=10_000)
        probability.add_argument("--seed", type=int, default=0)
        probability.add_argument("--as-of", help=_("数据日期 YYYY-MM-DD（默认今天）"))
        probability.add_argument("--format", choices=["table", "json"], default="table")
        remind = sub.add_parser("remind", help=_("提醒本期尚未提交预测的人（每期一次）"))
        remind.add_argument("--as-of", help=_("数据日期 YYYY-MM-DD（默认今天）"))

    def handle(self, *_args: Any, **options: Any) -> None:
        as_of = _day(options.get("as_of"))
        action = options["action"]
        if action == "snapshot":
            self._snapshot(as_of, options["format"])
        elif action == "accuracy":
            self._accuracy(as_of, options["format"])
        elif action == "probability":
            self._probability(as_of, options)
        else:
            sent = reminders_send(actor=SYSTEM, today=as_of, at=moment(as_of))
            self.stdout.write(
                _("已提醒 %(count)s 人：%(names)s")
                % {"count": len(sent), "names": "、".join(r.person.name for r in sent) or "—"}
            )

    def _snapshot(self, as_of: date, fmt: str) -> None:
        cycle = cycle_containing(as_of, cycle_settings())
        taken: list[tuple[Person, ForecastSubmission | None]] = []
        skipped: list[tuple[Person, ForecastSubmission | None]] = []
        for person in participants(SYSTEM, as_of):
            row = system_snapshot_take(person=person, today=as_of, at=moment(as_of))
            (taken if row else skipped).append((person, row))
        if fmt == "json":
            data = {
                "as_of": as_of.isoformat(),
                "cycle_start": cycle.start.isoformat(),
                "window_start": cycle.window_start.isoformat(),
                "window_end": cycle.window_end.isoformat(),
                "taken": [
                    {"id": row.pk, "person_id": p.pk, "commit": str(row.system_commit)}
                    for p, row in taken
                    if row
                ],
                "already_taken": [p.pk for p, _row in skipped],
            }
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            _(
                "预测窗口 %(start)s 至 %(end)s（不含）：新记录 %(taken)s 份系统快照，"
                "%(skipped)s 人本期已有"
            )
            % {
                "start": cycle.window_start,
                "end": cycle.window_end,
                "taken": len(taken),
                "skipped": len(skipped),
            }
        )
        for person, row in taken:
            if row:
                self.stdout.write(f"  {person.name}\t{row.system_commit}")

    def _accuracy(self, as_of: date, fmt: str) -> None:
        measured = measure(SYSTEM, as_of)
        people = person_histories(SYSTEM, as_of)
        teams = team_histories(SYSTEM, as_of, measured=measured)
        if fmt == "json":
            data = {
                "as_of": as_of.isoformat(),
                "people": [history_json(h) for h in people],
                "teams": [history_json(h) for h in teams],
            }
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        for title, histories in ((_("个人"), people), (_("团队"), teams)):
            self.stdout.write(f"== {title} ==")
            for history in histories:
                self._history_table(history)

    def _history_table(self, history: AccuracyHistory) -> None:
        self.stdout.write(
            _("%(name)s：平均准确率 %(acc)s，平均偏差 %(bias)s")
            % {"name": history.label, "acc": history.mean_accuracy, "bias": history.mean_bias}
        )
        for r in history.rows:
            self.stdout.write(
                f"  {r.window_start}…{r.window_end}\t{r.forecast}\t{r.actual}\t"
                f"{r.accuracy}\t{r.bias if r.bias is not None else '—'}\t{r.source}"
            )

    def _probability(self, as_of: date, options: dict[str, Any]) -> None:
        plan = latest_plan(options["year"])
        if plan is None:
            raise CommandError(_("%(year)s 年还没有计划。") % {"year": options["year"]})
        if not 0 < options["trials"] <= MAX_TRIALS:
            raise CommandError(
                _("--trials 须在 1 到 %(max)s 之间：%(value)s")
                % {"max": MAX_TRIALS, "value": options["trials"]}
            )
        if options["seed"] < 0:
            raise CommandError(_("--seed 须为非负整数：%(value)s") % {"value": options["seed"]})
        try:
            result = probability_for(plan, as_of, options["trials"], options["seed"])
        except ProbabilityError as exc:
            raise CommandError(str(exc)) from exc
        data = probability_json(result)
        if options["format"] == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            _("%(year)s 年 · 截至 %(day)s · 模拟 %(trials)s 次（种子 %(seed)s）")
            % {
                "year": data["year"],
                "day": data["as_of"],
                "trials": data["trials"],
                "seed": data["seed"],
            }
        )
        for period in data["periods"]:
            p = period["probabilities"]
            self.stdout.write(
                f"{period['start']}…{period['end']}\t{period['already']}\t"
                f"base {period['levels']['base']} {p['base']:.1%}\t"
                f"stretch {period['levels']['stretch']} {p['stretch']:.1%}\t"
                f"breakthrough {period['levels']['breakthrough']} {p['breakthrough']:.1%}"
            )
