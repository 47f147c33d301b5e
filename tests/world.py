"""A small shared test world: one company, two teams, a director, two managers, three reps.

Reporting lines: director ← manager_south ← (rep_a, rep_b); director ← manager_east ← rep_c.
Each rep owns one customer with one open project, one order and one payment.
Every person with a login has the password ``PASSWORD``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import User

from pacer.crm.models import (
    Customer,
    Industry,
    Order,
    Payment,
    ProductLine,
    Project,
    Region,
    Stage,
)
from pacer.org.models import AccessRole, Company, Person, Position, Team

PASSWORD = "pacer-test-pw-2026"


@dataclass
class World:
    company: Company
    root: Team
    south: Team
    east: Team
    admin: Person
    director: Person
    manager_south: Person
    manager_east: Person
    rep_a: Person
    rep_b: Person
    rep_c: Person
    customers: dict[str, Customer]
    projects: dict[str, Project]
    orders: dict[str, Order]
    payments: dict[str, Payment]


def make_person(
    name: str,
    *,
    login: str,
    role: str,
    position: str,
    team: Team | None,
    manager: Person | None = None,
    language: str = "zh-hans",
) -> Person:
    user = User.objects.create_user(username=login, password=PASSWORD)
    if role == AccessRole.ADMIN:
        user.is_staff = True
        user.is_superuser = True
        user.save()
    return Person.objects.create(
        name=name,
        external_id=f"P-{login}",
        user=user,
        team=team,
        manager=manager,
        access_role=role,
        position=position,
        hire_date=date(2020, 1, 1),
        language=language,
    )


def build_world() -> World:
    company = Company.objects.create(name="测试工业")
    root = Team.objects.create(name="销售部", external_id="T-root")
    south = Team.objects.create(name="华南组", parent=root, external_id="T-south")
    east = Team.objects.create(name="华东组", parent=root, external_id="T-east")
    admin = make_person(
        "管理员", login="admin", role=AccessRole.ADMIN, position=Position.DIRECTOR, team=root
    )
    director = make_person(
        "张总", login="director", role=AccessRole.DIRECTOR, position=Position.DIRECTOR, team=root
    )
    manager_south = make_person(
        "李经理",
        login="manager_south",
        role=AccessRole.MANAGER,
        position=Position.REGION_MANAGER,
        team=south,
        manager=director,
    )
    manager_east = make_person(
        "陈经理",
        login="manager_east",
        role=AccessRole.MANAGER,
        position=Position.REGION_MANAGER,
        team=east,
        manager=director,
    )
    rep_a = make_person(
        "王小明",
        login="rep_a",
        role=AccessRole.REP,
        position=Position.ACCOUNT_EXECUTIVE,
        team=south,
        manager=manager_south,
    )
    rep_b = make_person(
        "赵小红",
        login="rep_b",
        role=AccessRole.REP,
        position=Position.ACCOUNT_EXECUTIVE,
        team=south,
        manager=manager_south,
    )
    rep_c = make_person(
        "刘小刚",
        login="rep_c",
        role=AccessRole.REP,
        position=Position.ACCOUNT_EXECUTIVE,
        team=east,
        manager=manager_east,
    )
    south.leader = manager_south
    south.save()
    east.leader = manager_east
    east.save()

    industry = Industry.objects.create(code="3c", name="3C电子", strategic=True)
    region = Region.objects.create(code="prd", name="珠三角")
    line = ProductLine.objects.create(code="plc-std", name="标准PLC")

    customers: dict[str, Customer] = {}
    projects: dict[str, Project] = {}
    orders: dict[str, Order] = {}
    payments: dict[str, Payment] = {}
    for key, rep in (("a", rep_a), ("b", rep_b), ("c", rep_c)):
        customer = Customer.objects.create(
            external_id=f"C-{key}",
            name=f"客户{key.upper()}",
            industry=industry,
            region=region,
            owner=rep,
        )
        customers[key] = customer
        projects[key] = Project.objects.create(
            external_id=f"PJ-{key}",
            name=f"项目{key.upper()}",
            customer=customer,
            owner=rep,
            product_line=line,
            amount=Decimal("500000.00"),
            stage=Stage.PROPOSAL,
            probability=50,
            expected_sign_date=date(2026, 9, 15),
        )
        orders[key] = Order.objects.create(
            external_id=f"O-{key}",
            customer=customer,
            person=rep,
            product_line=line,
            amount=Decimal("120000.00"),
            signed_date=date(2026, 3, 10),
        )
        payments[key] = Payment.objects.create(
            external_id=f"PAY-{key}",
            order=orders[key],
            amount=Decimal("60000.00"),
            date=date(2026, 4, 10),
        )
    return World(
        company=company,
        root=root,
        south=south,
        east=east,
        admin=admin,
        director=director,
        manager_south=manager_south,
        manager_east=manager_east,
        rep_a=rep_a,
        rep_b=rep_b,
        rep_c=rep_c,
        customers=customers,
        projects=projects,
        orders=orders,
        payments=payments,
    )
