"""Every page, as every role: inside the scope it shows the data, outside it shows nothing."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.contrib import messages
from django.contrib.auth.models import User
from django.contrib.messages.storage import default_storage
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpResponse
from django.shortcuts import render
from django.test import Client, RequestFactory
from django.urls import NoReverseMatch, reverse

from pacer.crm.models import Activity, ActivityKind, Milestone
from pacer.org.models import AccessRole, Person, Position
from tests.world import PASSWORD, World

CSRF_VALUE = re.compile(r'(?<="X-CSRFToken": ")[^"]+|(?<=name="csrfmiddlewaretoken" value=")[^"]+')

# Distinct amounts so that a leak of another rep's project shows up as text.
AMOUNTS = {"a": Decimal("1111111.00"), "b": Decimal("2345678.00"), "c": Decimal("4567891.00")}
SHOWN = {"a": "111.11万", "b": "234.57万", "c": "456.79万"}


@pytest.fixture
def marked(world: World, today: date) -> World:
    for key, project in world.projects.items():
        project.amount = AMOUNTS[key]
        project.save()
        Milestone.objects.create(
            project=project, name=f"节点{key.upper()}", due_date=date(2026, 5, 1)
        )
        Activity.objects.create(
            kind=ActivityKind.VISIT,
            date=date(2026, 5, 20),
            person=project.owner,
            project=project,
            customer=project.customer,
            outcome=f"活动{key.upper()}",
        )
    return world


def login(client: Client, person: Person) -> Client:
    assert person.user is not None
    client.force_login(person.user)
    return client


def page_urls(world: World) -> list[str]:
    return [
        reverse("home"),
        reverse("open_projects"),
        *(reverse("project_detail", args=[p.pk]) for p in world.projects.values()),
    ]


def visible_text(client: Client, url: str) -> str:
    response = client.get(url)
    return response.content.decode() if response.status_code == 200 else ""


def test_anonymous_is_sent_to_login(client: Client, marked: World) -> None:
    for url in page_urls(marked):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login") + "?next=")


@pytest.mark.parametrize(
    ("who", "inside", "outside"),
    [
        ("rep_a", {"a"}, {"b", "c"}),
        ("rep_b", {"b"}, {"a", "c"}),
        ("manager_south", {"a", "b"}, {"c"}),
        ("manager_east", {"c"}, {"a", "b"}),
        ("director", {"a", "b", "c"}, set()),
        ("admin", {"a", "b", "c"}, set()),
    ],
)
def test_each_role_sees_inside_and_never_outside(
    client: Client, marked: World, who: str, inside: set[str], outside: set[str]
) -> None:
    login(client, getattr(marked, who))
    for key in inside:
        project = marked.projects[key]
        detail = client.get(reverse("project_detail", args=[project.pk]))
        assert detail.status_code == 200
        text = detail.content.decode()
        for expected in (project.name, SHOWN[key], f"节点{key.upper()}", f"活动{key.upper()}"):
            assert expected in text
        assert project.name in visible_text(client, reverse("home"))
        assert project.name in visible_text(client, reverse("open_projects"))
    for key in outside:
        project = marked.projects[key]
        assert client.get(reverse("project_detail", args=[project.pk])).status_code == 404
    pages = "".join(visible_text(client, url) for url in page_urls(marked))
    for key in outside:
        for leaked in (
            marked.projects[key].name,
            marked.customers[key].name,
            SHOWN[key],
            f"节点{key.upper()}",
            f"活动{key.upper()}",
        ):
            assert leaked not in pages, (who, leaked)


def test_unknown_project_is_not_found(client: Client, marked: World) -> None:
    login(client, marked.director)
    response = client.get(reverse("project_detail", args=[999999]))
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_out_of_scope_looks_exactly_like_absent(client: Client, marked: World) -> None:
    login(client, marked.rep_a)
    hidden = client.get(reverse("project_detail", args=[marked.projects["b"].pk]))
    absent = client.get(reverse("project_detail", args=[999999]))
    assert hidden.status_code == absent.status_code == 404
    assert _comparable(hidden.content, marked.projects["b"].pk) == _comparable(
        absent.content, 999999
    )


def _comparable(body: bytes, pk: object) -> str:
    """A page without its CSRF tokens (masked afresh per response) and with the id blanked."""
    text = CSRF_VALUE.sub("", body.decode())
    return text.replace(f"/projects/{pk}/", "/projects/ID/")


def test_director_home_is_the_company_view(client: Client, marked: World) -> None:
    text = visible_text(login(client, marked.director), reverse("home"))
    assert "公司概览" in text
    assert "2026 财年 · 截至 2026-06-01" in text  # "today" comes from web.clock
    assert "各团队业绩" in text
    assert "华南组" in text
    assert "华东组" in text
    assert 'data-chart="pipeline-chart-data"' in text
    assert 'id="pipeline-chart-data"' in text
    # Headline numbers: 3 orders of 12万 this year, 3 payments of 6万.
    assert 'data-stat="orders-this-year">36.00万' in text
    assert 'data-stat="payments-this-year">18.00万' in text
    assert "回款率 50%" in text
    # The director's menu: import/export when they exist, API docs; no Django admin (not staff).
    assert "API 文档" in text
    assert "后台管理" not in text
    assert "张总" in text
    assert "总监" in text


def test_manager_home_lists_their_people(client: Client, marked: World) -> None:
    text = visible_text(login(client, marked.manager_south), reverse("home"))
    assert "团队概览" in text
    assert "团队成员业绩" in text
    assert "王小明" in text
    assert "赵小红" in text
    assert "刘小刚" not in text
    assert "各团队业绩" not in text
    assert "API 文档" not in text


def test_rep_home_shows_own_projects_and_overdue_milestones(client: Client, marked: World) -> None:
    text = visible_text(login(client, marked.rep_a), reverse("home"))
    assert "我的概览" in text
    assert "我的在手项目" in text
    assert "逾期关键节点" in text
    assert "节点A" in text
    assert "各团队业绩" not in text
    assert "团队成员业绩" not in text
    assert "API 文档" not in text
    assert "数据导入" not in text


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("admin", True), ("director", True), ("manager_south", False), ("rep_a", False)],
)
def test_data_menus_only_for_directors_and_admins(
    client: Client, marked: World, who: str, allowed: bool
) -> None:
    text = visible_text(login(client, getattr(marked, who)), reverse("home"))
    for name in ("exchange:import", "exchange:export"):
        try:
            url = reverse(name)
        except NoReverseMatch:  # the page is not there: the menu must not break
            continue
        assert (f'href="{url}"' in text) is allowed, (who, name)
    assert ("API 文档" in text) is allowed


def test_admin_gets_the_admin_site_link(client: Client, marked: World) -> None:
    text = visible_text(login(client, marked.admin), reverse("home"))
    assert "后台管理" in text
    assert reverse("admin:index") in text


def test_a_person_without_data_sees_a_friendly_empty_state(client: Client, world: World) -> None:
    user = User.objects.create_user(username="newbie", password=PASSWORD)
    Person.objects.create(
        name="新人", user=user, access_role=AccessRole.REP, position=Position.ACCOUNT_EXECUTIVE
    )
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "这里还没有数据" in text
    assert 'data-chart="pipeline-chart-data"' not in text
    assert client.get(reverse("open_projects")).status_code == 200


def test_a_login_without_a_person_is_told_to_ask_an_administrator(
    client: Client, world: World
) -> None:
    user = User.objects.create_user(username="stranger", password=PASSWORD)
    client.force_login(user)
    for url in (reverse("home"), reverse("open_projects")):
        response = client.get(url)
        assert response.status_code == 200
        text = response.content.decode()
        assert "您的登录账号尚未关联到人员" in text
        assert "stranger" in text
        assert "项目A" not in text
    assert client.get(reverse("project_detail", args=[world.projects["a"].pk])).status_code == 404


def test_a_superuser_without_a_person_sees_the_company(client: Client, world: World) -> None:
    root = User.objects.create_superuser(username="root", password=PASSWORD)
    client.force_login(root)
    text = visible_text(client, reverse("home"))
    assert "公司概览" in text
    assert "项目C" in text
    assert "后台管理" in text


def test_show_all_projects_returns_the_table_to_htmx(client: Client, marked: World) -> None:
    login(client, marked.director)
    fragment = client.get(reverse("open_projects"), headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    text = fragment.content.decode()
    assert text.lstrip().startswith('<section class="card section" id="open-projects">')
    assert "<html" not in text
    assert all(p.name in text for p in marked.projects.values())
    page = visible_text(client, reverse("open_projects"))
    assert "<html" in page
    assert "项目储备" in page


def test_home_offers_show_all_beyond_ten_projects(client: Client, marked: World) -> None:
    from pacer.crm.models import Project, Stage

    for i in range(11):
        Project.objects.create(name=f"批量{i:02d}", owner=marked.rep_a, stage=Stage.LEAD)
    text = visible_text(login(client, marked.rep_a), reverse("home"))
    assert "查看全部 12 个在手项目" in text
    assert f'hx-get="{reverse("open_projects")}"' in text
    assert text.count('href="/projects/') >= 10


def test_pages_answer_only_get(client: Client, marked: World) -> None:
    login(client, marked.rep_a)
    assert client.post(reverse("home")).status_code == 405
    assert client.post(reverse("open_projects")).status_code == 405


def test_login_page_is_chinese_even_for_an_english_browser(client: Client, world: World) -> None:
    response = client.get(reverse("login"), headers={"Accept-Language": "en-US,en;q=0.9"})
    assert response.status_code == 200
    text = response.content.decode()
    assert '<html lang="zh-hans">' in text
    assert "登录 Pacer" in text
    assert "销售目标拆解与追踪" in text


def test_login_through_the_form_and_logout(client: Client, world: World) -> None:
    response = client.post(reverse("login"), {"username": "rep_a", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert "王小明" in visible_text(client, reverse("home"))
    bad = Client().post(reverse("login"), {"username": "rep_a", "password": "wrong"})
    assert bad.status_code == 200
    assert "errors" in bad.content.decode()
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_flash_messages_show_in_the_shell(rf: RequestFactory, world: World) -> None:
    request = rf.get("/")
    SessionMiddleware(lambda r: HttpResponse()).process_request(request)
    request.user = world.rep_a.user
    request._messages = default_storage(request)
    messages.success(request, "导入完成：新建 3")
    messages.error(request, "第 2 行：金额不能为负数")
    text = render(request, "web/open_projects.html", {"projects": []}).content.decode()
    assert (
        '<li class="flash__item flash__item--success" role="status">导入完成：新建 3</li>' in text
    )
    assert '<li class="flash__item flash__item--error" role="status">' in text
