"""Real logins in a real browser: each role's home page in Chinese, a drawn chart, English."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.urls import NoReverseMatch, reverse

from pacer.crm.models import Milestone, Project, Stage
from pacer.org.models import Person
from tests.world import PASSWORD, World

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def log_in(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form[action='/login/'] button[type=submit]").click()
    page.wait_for_url(f"{base_url}/")


def chart_state(page: Page) -> dict[str, Any]:
    """Whether ECharts drew the pipeline chart, and the size of its canvas."""
    page.wait_for_selector("#pipeline-chart canvas")
    return page.evaluate(
        """() => {
            const el = document.getElementById('pipeline-chart');
            const canvas = el.querySelector('canvas');
            const chart = window.echarts && window.echarts.getInstanceByDom(el);
            const option = chart ? chart.getOption() : null;
            return {
                instance: Boolean(chart),
                width: canvas.getBoundingClientRect().width,
                height: canvas.getBoundingClientRect().height,
                stages: option ? option.xAxis[0].data : [],
                amounts: option ? option.series[0].data.map(Number) : [],
            };
        }"""
    )


@pytest.mark.parametrize(
    ("username", "heading", "role_section", "person"),
    [
        ("director", "公司概览", "各团队业绩", "张总"),
        ("admin", "公司概览", "各团队业绩", "管理员"),
        ("manager_south", "团队概览", "团队成员业绩", "李经理"),
        ("rep_a", "我的概览", "我的在手项目", "王小明"),
    ],
)
def test_each_role_logs_in_and_sees_a_chinese_home_with_a_chart(
    page: Page,
    live_server: Any,
    world: World,
    today: date,
    username: str,
    heading: str,
    role_section: str,
    person: str,
) -> None:
    log_in(page, live_server.url, username)
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.locator("h1").inner_text() == heading
    assert page.get_by_role("heading", name=role_section).is_visible()
    assert person in page.locator(".who__name").inner_text()
    assert "Pacer 销售目标拆解与追踪" in page.title()
    state = chart_state(page)
    assert state["instance"]
    assert state["width"] > 100
    assert state["height"] > 100
    assert state["stages"] == ["线索", "需求对接", "方案", "商务谈判"]
    # The world's open projects are all at 方案, 50万 each.
    expected = {"director": 150, "admin": 150, "manager_south": 100, "rep_a": 50}[username]
    assert state["amounts"] == [0, 0, expected, 0]


def test_login_page_is_chinese_for_an_english_browser(
    page: Page, live_server: Any, world: World, results_dir: Path
) -> None:
    page.goto(f"{live_server.url}/login/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.locator("h1").inner_text() == "登录 Pacer"
    assert page.get_by_label("用户名").is_visible()
    page.screenshot(path=str(results_dir / "login.png"))
    page.fill("#id_username", "rep_a")
    page.fill("#id_password", "wrong-password")
    page.locator("form[action='/login/'] button[type=submit]").click()
    assert page.locator(".errors").is_visible()
    assert page.url.startswith(f"{live_server.url}/login/")


def test_switching_to_english_changes_the_page_and_is_saved(
    page: Page, live_server: Any, world: World, today: date, results_dir: Path
) -> None:
    log_in(page, live_server.url, "rep_a")
    assert page.locator("h1").inner_text() == "我的概览"
    page.locator(".langswitch button[value='en']").click()
    page.wait_for_function("document.documentElement.lang === 'en'")
    assert page.locator("h1").inner_text() == "My overview"
    assert page.get_by_role("link", name="Home").is_visible()
    assert page.get_by_role("button", name="Log out").is_visible()
    state = chart_state(page)
    assert state["stages"] == ["Lead", "Needs", "Proposal", "Negotiation"]
    assert state["amounts"] == [0, 0, 500000, 0]
    assert "¥500,000.00" in page.locator("#open-projects").inner_text()
    page.wait_for_timeout(600)
    page.screenshot(path=str(results_dir / "rep-home-en.png"), full_page=True)
    assert Person.objects.get(pk=world.rep_a.pk).language == "en"
    # Logging out keeps the chosen language on the login page.
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(f"{live_server.url}/login/")
    assert page.locator("h1").inner_text() == "Log in to Pacer"


def test_a_rep_cannot_open_another_reps_project(
    page: Page, live_server: Any, world: World, today: date
) -> None:
    log_in(page, live_server.url, "rep_a")
    body = page.locator("body").inner_text()
    assert "项目A" in body
    assert "项目B" not in body
    assert "客户B" not in body
    own = page.goto(f"{live_server.url}/projects/{world.projects['a'].pk}/")
    assert own is not None
    assert own.status == 200
    other = page.goto(f"{live_server.url}/projects/{world.projects['b'].pk}/")
    assert other is not None
    assert other.status == 404
    assert "项目B" not in page.content()
    listing = page.goto(f"{live_server.url}/projects/open/")
    assert listing is not None
    assert "项目B" not in page.content()


def test_show_all_loads_the_full_list_in_place(
    page: Page, live_server: Any, world: World, today: date
) -> None:
    for i in range(11):
        Project.objects.create(name=f"批量{i:02d}", owner=world.rep_a, stage=Stage.LEAD)
    log_in(page, live_server.url, "rep_a")
    rows = page.locator("#open-projects tbody tr")
    assert rows.count() == 10
    page.get_by_role("link", name="查看全部 12 个在手项目").click()
    page.wait_for_function("document.querySelectorAll('#open-projects tbody tr').length === 12")
    assert page.url == f"{live_server.url}/"
    assert "<html" not in page.locator("#open-projects").inner_html()


def test_director_home_screenshot(
    page: Page, live_server: Any, world: World, today: date, results_dir: Path
) -> None:
    for key, name in (("a", "需求调研"), ("c", "技术交流")):
        Milestone.objects.create(project=world.projects[key], name=name, due_date=date(2026, 5, 10))
    for name, stage, amount in (
        ("锂电产线改造", Stage.LEAD, 800000),
        ("包装机升级", Stage.NEEDS, 1200000),
        ("高端PLC试点", Stage.NEGOTIATION, 2600000),
    ):
        Project.objects.create(name=name, stage=stage, amount=amount, owner=world.rep_c)
    log_in(page, live_server.url, "director")
    chart_state(page)
    page.wait_for_timeout(600)  # let ECharts' entry animation finish before the picture
    path = results_dir / "director-home.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 20_000
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(600)
    page.screenshot(path=str(results_dir / "director-home-mobile.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1


def test_director_menu_leads_to_the_data_pages(
    page: Page, live_server: Any, world: World, today: date, results_dir: Path
) -> None:
    try:
        import_url = reverse("exchange:import")
    except NoReverseMatch:
        pytest.skip("the import page is not part of this build")
    log_in(page, live_server.url, "director")
    page.locator(".navmore > summary").click()  # the data pages sit in the "more" menu
    page.get_by_role("link", name="数据导入").click()
    page.wait_for_url(f"{live_server.url}{import_url}")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.locator(".mainnav a[aria-current='page']").text_content() == "数据导入"
    page.screenshot(path=str(results_dir / "director-import.png"), full_page=True)
