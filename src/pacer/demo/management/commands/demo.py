"""``pacer demo``: migrate, load the demo company, print one login per role, and serve.

The demo company is loaded only into a database without Pacer data; a database that already
holds it is kept as it is. ``--reset`` deletes all Pacer data first (also someone's own
company, which is otherwise refused). The reference day defaults to today.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any, cast

from django.contrib.auth.models import User
from django.core import management
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.management.commands.runserver import naiveip_re
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pacer.crm.models import OPEN_STAGES
from pacer.demo.generate import generate_demo
from pacer.demo.org import SHOWCASE, username
from pacer.demo.profile import DEFAULT_SEED, DEMO_PASSWORD, USERNAME_PREFIX
from pacer.demo.records import DemoCompany
from pacer.demo.writer import CompanyState, company_state, demo_company_load, pacer_data_clear
from pacer.org.models import AccessRole, Person, Position

DEFAULT_ADDR = "127.0.0.1:8000"


def reference_day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        msg = gettext("--today 的值“%(value)s”不是 YYYY-MM-DD 格式的日期") % {"value": value}
        raise argparse.ArgumentTypeError(msg) from None


class Command(BaseCommand):
    help = cast("str", _("载入演示公司（工业PLC制造商），打印各角色的登录账号，并启动本地服务"))

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-serve", action="store_true", help=cast("str", _("只载入数据，不启动服务"))
        )
        parser.add_argument(
            "--today",
            type=reference_day,
            help=cast("str", _("基准日 YYYY-MM-DD（默认今天）；计划年为基准日所在的自然年")),
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=cast("str", _("随机种子（同一种子同一基准日得到同一家公司）")),
        )
        parser.add_argument(
            "--addr", default=DEFAULT_ADDR, help=cast("str", _("服务地址，如 127.0.0.1:8000"))
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help=cast(
                "str", _("先删除全部 Pacer 数据（组织、客户、项目、订单……）和演示账号，再重新载入")
            ),
        )

    def handle(self, *_args: Any, **options: Any) -> None:
        addr = options["addr"]
        if not naiveip_re.match(addr):
            raise CommandError(
                gettext("--addr 的值“%(addr)s”不是有效的地址，应为“主机:端口”或“端口”")
                % {"addr": addr}
            )
        today = options["today"] or timezone.localdate()
        management.call_command("migrate", interactive=False, verbosity=0)
        self._load(today=today, seed=options["seed"], reset=options["reset"])
        self._print_logins()
        if not options["no_serve"]:
            url = f"http://{addr if ':' in addr else f'127.0.0.1:{addr}'}/"
            self.stdout.write(gettext("打开 %(url)s 登录；按 Ctrl+C 停止服务。") % {"url": url})
            management.call_command("runserver", addr, "--noreload", "--insecure")

    def _load(self, *, today: date, seed: int, reset: bool) -> None:
        state, name = company_state()
        if state == CompanyState.DEMO and not reset:
            self.stdout.write(
                gettext("数据库中已有演示公司“%(name)s”，保持不变；加 --reset 可重新生成。")
                % {"name": name}
            )
            return
        if state == CompanyState.OTHER and not reset:
            shown = name or gettext("（无公司名称）")
            raise CommandError(
                gettext(
                    "数据库中已有公司“%(name)s”的数据，不是演示公司，未做任何改动。"
                    "如确要删除全部 Pacer 数据并载入演示公司，请加 --reset。"
                )
                % {"name": shown}
            )
        company = generate_demo(seed=seed, today=today)
        with transaction.atomic():
            if reset:
                pacer_data_clear()
            demo_company_load(company=company, password=DEMO_PASSWORD)
        self.stdout.write(self.style.SUCCESS(_loaded_message(company)))

    def _print_logins(self) -> None:
        logins = {slug: username(slug) for slug in SHOWCASE.values()}
        existing = set(
            User.objects.filter(username__in=logins.values()).values_list("username", flat=True)
        )
        people = {
            p.user.username: p
            for p in Person.objects.filter(user__username__in=logins.values()).select_related(
                "user"
            )
            if p.user is not None
        }
        self.stdout.write(
            gettext("登录账号（每个角色一个，密码均为 %(password)s）：")
            % {"password": DEMO_PASSWORD}
        )
        for role, slug in SHOWCASE.items():
            login = logins[slug]
            person = people.get(login)
            if person is not None:
                who = f"{person.name} · {Position(person.position).label}"
            elif role == AccessRole.ADMIN and login in existing:
                who = gettext("超级管理员")
            else:
                continue
            self.stdout.write(f"  {AccessRole(role).label:<6}{login:<16}{DEMO_PASSWORD:<12}{who}")
        self.stdout.write(
            gettext("其他人员的账号同样以 %(prefix)s 开头，密码相同。")
            % {"prefix": USERNAME_PREFIX}
        )


def _loaded_message(company: DemoCompany) -> str:
    open_projects = sum(1 for p in company.projects if p.stage in OPEN_STAGES)
    return gettext(
        "已载入演示公司“%(name)s”：基准日 %(today)s，种子 %(seed)s；"
        "%(people)s 人，%(customers)s 家客户，%(orders)s 笔订单，%(open)s 个在跟项目。"
    ) % {
        "name": company.name,
        "today": company.today.isoformat(),
        "seed": company.seed,
        "people": len(company.people),
        "customers": len(company.customers),
        "orders": len(company.orders),
        "open": open_projects,
    }
