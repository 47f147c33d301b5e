"""``pacer plan build|show|export|validate``.

- ``build``: build a draft plan from the current data and print its summary;
- ``show``: print a plan as a table or as JSON (docs/plan-json.md);
- ``export --plan ID PATH.xlsx [--lang zh|en]``: write the plan as a workbook;
- ``validate PATH.xlsx``: check a plan workbook; every problem is printed with its cells.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from pacer.planning.inputs import Assumptions
from pacer.plans.excel.export import plan_export
from pacer.plans.excel.importer import workbook_check
from pacer.plans.excel.layout import LANGS
from pacer.plans.labels import VERDICTS
from pacer.plans.models import Plan
from pacer.plans.selectors import latest_plan, plan_json
from pacer.plans.services import PlanError, plan_build


def _amount(text: str) -> Decimal:
    """An amount in yuan; ``5000万`` and ``1.2亿`` are understood."""
    cleaned = text.replace(",", "").replace("¥", "").strip()
    unit = Decimal(1)
    if cleaned.endswith("万"):
        unit, cleaned = Decimal(10_000), cleaned[:-1]
    elif cleaned.endswith("亿"):
        unit, cleaned = Decimal(100_000_000), cleaned[:-1]
    try:
        value = Decimal(cleaned) * unit
    except InvalidOperation:
        raise CommandError(
            _("“%(value)s”不是金额（例如 50000000 或 5000万）") % {"value": text}
        ) from None
    if not value.is_finite() or value <= 0:
        raise CommandError(_("目标金额必须大于零：%(value)s") % {"value": text})
    return value.quantize(Decimal("0.01"))


def _rate(text: str) -> Decimal:
    cleaned = text.strip()
    percent = cleaned.endswith("%")
    try:
        value = Decimal(cleaned.rstrip("%"))
    except InvalidOperation:
        raise CommandError(
            _("“%(value)s”不是比率（例如 0.316 或 31.6%%）") % {"value": text}
        ) from None
    return value / 100 if percent else value


class Command(BaseCommand):
    help = _("构建或查看年度目标计划")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        build = sub.add_parser("build", help=_("按当前数据构建计划草稿"))
        build.add_argument("--year", type=int, required=True)
        build.add_argument("--target", required=True, help=_("年度目标，元（可写 5000万）"))
        build.add_argument("--growth", help=_("期望增长率，如 0.316 或 31.6%%"))
        build.add_argument("--name", default="")
        build.add_argument("--as-of", help=_("数据基准日 YYYY-MM-DD（默认今天）"))
        build.add_argument("--format", choices=["table", "json"], default="table")
        show = sub.add_parser("show", help=_("打印计划"))
        show.add_argument("--plan", type=int)
        show.add_argument("--year", type=int)
        show.add_argument("--format", choices=["table", "json"], default="table")
        export = sub.add_parser("export", help=_("把计划导出为 Excel 工作簿"))
        export.add_argument("--plan", type=int, required=True)
        export.add_argument("path", help=_("要写入的 .xlsx 文件"))
        export.add_argument("--lang", choices=LANGS, default="zh", help=_("表名和表头的语言"))
        validate = sub.add_parser("validate", help=_("校验计划工作簿的各项合计"))
        validate.add_argument("path", help=_("要校验的 .xlsx 文件"))

    def handle(self, *_args: Any, **options: Any) -> None:
        if options["action"] == "export":
            self._export(options)
            return
        if options["action"] == "validate":
            self._validate(Path(options["path"]))
            return
        plan = self._build(options) if options["action"] == "build" else self._find(options)
        data = plan_json(plan)
        if options["format"] == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(render_table(data))

    def _build(self, options: dict[str, Any]) -> Plan:
        as_of = timezone.localdate()
        if options["as_of"]:
            try:
                as_of = date.fromisoformat(options["as_of"])
            except ValueError:
                raise CommandError(
                    _("--as-of 的值“%(value)s”不是 YYYY-MM-DD 格式的日期")
                    % {"value": options["as_of"]}
                ) from None
        growth = _rate(options["growth"]) if options["growth"] else None
        try:
            return plan_build(
                year=options["year"],
                target=_amount(options["target"]),
                as_of=as_of,
                name=options["name"],
                assumptions=Assumptions(wanted_growth=growth),
            )
        except PlanError as exc:
            raise CommandError(str(exc)) from exc

    def _export(self, options: dict[str, Any]) -> None:
        plan = self._find(options)
        path = Path(options["path"])
        if path.suffix.lower() != ".xlsx":
            raise CommandError(_("导出文件名应以 .xlsx 结尾：%(path)s") % {"path": path})
        try:
            with path.open("wb") as target:
                plan_export(target, plan=plan, lang=options["lang"])
        except OSError as exc:
            raise CommandError(
                _("无法写入 %(path)s：%(error)s") % {"path": path, "error": exc}
            ) from exc
        self.stdout.write(
            _("已将计划 #%(id)s %(name)s 导出到 %(path)s")
            % {"id": plan.pk, "name": plan.name, "path": path}
        )

    def _validate(self, path: Path) -> None:
        check = workbook_check(path)
        for problem in check.problems:
            self.stdout.write(problem.line())
        if not check.valid:
            raise CommandError(
                _("%(file)s 未通过校验：%(count)d 个问题")
                % {"file": check.file, "count": len(check.problems)}
            )
        summary = check.summary.line() if check.summary else ""
        self.stdout.write(
            _("%(file)s 校验通过：%(summary)s") % {"file": check.file, "summary": summary}
        )

    def _find(self, options: dict[str, Any]) -> Plan:
        if options["plan"] is not None:
            plan = Plan.objects.filter(pk=options["plan"]).first()
            if plan is None:
                raise CommandError(_("没有编号为 %(id)s 的计划") % {"id": options["plan"]})
            return plan
        plan = latest_plan(options.get("year"))
        if plan is None:
            raise CommandError(_("还没有计划；先运行 pacer plan build"))
        return plan


def _wan(text: str | None) -> str:
    return "-" if text is None else f"{Decimal(text) / 10000:,.2f}"


def render_table(data: dict[str, Any]) -> str:
    """A plain-text summary of a plan (amounts in 万元)."""
    views = data["views"]
    lines = [
        _("计划 #%(id)s %(name)s（v%(version)s，%(status)s）") % data,
        _("年度目标 %(target)s 万元；基础线 %(base)s / 挑战线 %(stretch)s / 突破线 %(top)s 万元")
        % {
            "target": _wan(data["target"]),
            "base": _wan(data["levels"]["base"]),
            "stretch": _wan(data["levels"]["stretch"]),
            "top": _wan(data["levels"]["breakthrough"]),
        },
        _("自上而下 %(top)s，自下而上 %(bottom)s，市场 %(market)s 万元；结论：%(verdict)s")
        % {
            "top": _wan(views["top_down"]),
            "bottom": _wan(views["bottom_up"]),
            "market": _wan(views["market"]),
            "verdict": VERDICTS.get(views["verdict"], views["verdict"]),
        },
    ]
    lines.extend(f"  · {sentence}" for sentence in views["explanation"])
    tree = data["tree"]
    if tree:
        for bt in tree["children"]:
            lines.append(f"{bt['label']}: {_wan(bt['amount'])}")
            lines.extend(f"  · {s}" for s in bt["explanation"])
        lines.append(_("月度目标（万元）："))
        lines.extend(
            f"  {p['start'][:7]}  {_wan(p['amount']):>10}  "
            + _("项目支撑 %(identified)s，%(count)s 个项目")
            % {"identified": _wan(p["identified"]), "count": len(p["project_ids"])}
            for p in tree["periods"]
        )
    lines.extend(
        _("%(tier)s 类客户 %(count)s 家，计划复购 %(amount)s 万元")
        % {"tier": t["tier"], "count": t["count"], "amount": _wan(t["planned_repeat"])}
        for t in data["tiers"]
    )
    lines.extend(f"! {w}" for w in data["warnings"])
    return "\n".join(lines)
