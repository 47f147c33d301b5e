"""``pacer generate``: a synthetic company at any scale, for trying Pacer out and benchmarks.

Writes into an empty database only; ``--replace`` first deletes every Pacer record (the
organisation, CRM and everything that links to them). The same sizes, ``--seed`` and
``--today`` always give identical rows.
"""

from __future__ import annotations

import time
from typing import Any, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pacer.demo.management.commands.demo import reference_day
from pacer.demo.writer import CompanyState, company_state
from pacer.ops.synth.generate import Sizes, generate_company
from pacer.ops.synth.logins import logins_create
from pacer.ops.synth.writer import company_clear, tables_write

DEFAULT_PASSWORD = "pacer-synth"  # noqa: S105 - printed for the generated logins on purpose


class Command(BaseCommand):
    help = cast(
        "str", _("生成指定规模的合成公司数据（人员、客户、项目、订单、回款），用于试用和性能测试")
    )

    def add_arguments(self, parser: CommandParser) -> None:
        for name, default, text in (
            ("--people", 2000, _("人员数（至少 10）")),
            ("--customers", 200_000, _("客户数")),
            ("--projects", 1_000_000, _("项目数（约两成为在跟项目）")),
            ("--orders", 5_000_000, _("订单数（含赢单项目的订单）")),
            ("--years", 3, _("计划年之前的完整历史年数")),
            ("--seed", 1, _("随机种子（同一种子、同一基准日、同一规模得到相同数据）")),
            ("--logins", 3, _("为前几位人员创建登录账号（synth-开头）")),
        ):
            parser.add_argument(name, type=int, default=default, help=cast("str", text))
        parser.add_argument(
            "--today", type=reference_day, help=cast("str", _("基准日 YYYY-MM-DD（默认今天）"))
        )
        parser.add_argument(
            "--password",
            default=DEFAULT_PASSWORD,
            help=cast("str", _("生成的登录账号的密码")),
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help=cast("str", _("先删除全部 Pacer 数据（组织、客户、项目、订单……），再生成")),
        )

    def handle(self, *_args: Any, **options: Any) -> None:
        sizes = Sizes(
            people=options["people"],
            customers=options["customers"],
            projects=options["projects"],
            orders=options["orders"],
            seed=options["seed"],
            today=options["today"] or timezone.localdate(),
            years=options["years"],
        )
        if sizes.problems():
            raise CommandError(
                gettext("规模参数不合理：%(names)s（人员至少 10，客户和项目至少 1，订单不为负）")
                % {"names": ", ".join(f"--{p}" for p in sizes.problems())}
            )
        state, name = company_state()
        if state != CompanyState.EMPTY and not options["replace"]:
            raise CommandError(
                gettext(
                    "数据库中已有公司“%(name)s”的数据，未做任何改动。"
                    "如确要删除全部 Pacer 数据并生成合成数据，请加 --replace。"
                )
                % {"name": name or gettext("（无公司名称）")}
            )
        started = time.perf_counter()
        tables = generate_company(sizes)
        drawn = time.perf_counter()
        self._note(
            gettext("已生成数据（%(seconds).1f 秒），开始写入……") % {"seconds": drawn - started}
        )
        with transaction.atomic():
            if options["replace"]:
                company_clear()
            tables_write(tables, progress=self._written)
        logins = logins_create(count=options["logins"], password=options["password"])
        counts = {t.model._meta.db_table: t.rows for t in tables}
        self.stdout.write(
            self.style.SUCCESS(
                gettext(
                    "已生成合成公司：%(people)s 人，%(customers)s 家客户，%(projects)s 个项目，"
                    "%(orders)s 笔订单，%(payments)s 笔回款；种子 %(seed)s，基准日 %(today)s，"
                    "用时 %(seconds).1f 秒。"
                )
                % {
                    "people": counts["org_person"],
                    "customers": counts["crm_customer"],
                    "projects": counts["crm_project"],
                    "orders": counts["crm_order"],
                    "payments": counts["crm_payment"],
                    "seed": sizes.seed,
                    "today": sizes.today.isoformat(),
                    "seconds": time.perf_counter() - started,
                }
            )
        )
        if logins:
            self.stdout.write(
                gettext("登录账号：%(names)s（密码 %(password)s）")
                % {"names": ", ".join(logins), "password": options["password"]}
            )

    def _written(self, table: str, rows: int) -> None:
        self._note(gettext("已写入 %(table)s：%(rows)s 行") % {"table": table, "rows": rows})

    def _note(self, text: str) -> None:
        self.stderr.write(text)
