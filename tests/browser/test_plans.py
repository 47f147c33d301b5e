"""The plan pages in a real browser: build a plan, drill down, see the math, a person's page."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from pacer.crm.models import Order
from pacer.plans.models import Plan
from tests.world import PASSWORD, World

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

# Last year's orders, so that the monthly chart has a line to compare with (yuan).
LAST_YEAR = {2: 80_000, 5: 150_000, 9: 420_000, 12: 260_000}


def log_in(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form[action='/login/'] button[type=submit]").click()
    page.wait_for_url(f"{base_url}/")


def chart_series(page: Page, element_id: str) -> list[dict[str, Any]]:
    """The series ECharts drew in ``element_id`` (after its canvas exists)."""
    page.wait_for_selector(f"#{element_id} canvas")
    return page.evaluate(
        """(id) => {
            const chart = window.echarts.getInstanceByDom(document.getElementById(id));
            return chart ? chart.getOption().series.map(s => ({type: s.type, data: s.data})) : [];
        }""",
        element_id,
    )


def no_horizontal_overflow(page: Page) -> bool:
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(300)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    page.set_viewport_size({"width": 1366, "height": 900})
    return overflow <= 1


def test_a_director_builds_a_plan_and_reads_it(
    page: Page, live_server: Any, world: World, today: date, results_dir: Path
) -> None:
    for month, amount in LAST_YEAR.items():
        Order.objects.create(
            customer=world.customers["a"],
            person=world.rep_a,
            amount=Decimal(amount),
            signed_date=date(2025, month, 15),
        )
    base = live_server.url
    log_in(page, base, "director")
    page.locator(".mainnav").get_by_role("link", name="目标计划").click()
    page.wait_for_url(f"{base}/plans/")
    page.get_by_role("link", name="目标设定与新建计划").click()
    page.wait_for_url(f"{base}/plans/target/")
    assert page.locator("h1").inner_text() == "目标设定"

    # A wrong amount first: the form says so and keeps what was typed.
    page.fill("#id_target", "三百万")
    page.locator("#build-submit").click()
    page.wait_for_selector(".field--error")
    assert "不是金额" in page.locator(".field--error").inner_text()
    assert page.input_value("#id_target") == "三百万"

    page.fill("#id_year", "2026")
    page.fill("#id_target", "300万")
    page.fill("#id_growth", "20%")
    page.fill("#id_name", "浏览器里的计划")
    page.screenshot(path=str(results_dir / "plans-target-form.png"), full_page=True)
    page.locator("#build-submit").click()
    page.wait_for_url(re.compile(rf"{re.escape(base)}/plans/\d+/$"))
    plan = Plan.objects.get(name="浏览器里的计划")
    assert plan.target == Decimal(3_000_000)
    assert page.locator("h1").inner_text() == "浏览器里的计划"
    assert "已生成计划草稿" in page.locator(".flash").inner_text()

    # Expand a business type: its industries come in below it; collapse and expand again.
    row = page.locator("tr.plan-row", has_text="新客户开发")
    toggle = row.locator(".tree-toggle")
    toggle.click()
    industries = page.locator("tr.plan-row[data-dimension='industry']")
    industries.first.wait_for()
    assert industries.count() == 1
    assert toggle.get_attribute("aria-expanded") == "true"
    assert "3C电子" in industries.first.inner_text()
    toggle.click()
    page.wait_for_function(
        "document.querySelectorAll(\"tr.plan-row[data-dimension='industry']\").length === 0"
    )
    toggle.click()
    industries.first.wait_for()
    assert page.url.endswith(f"/plans/{plan.pk}/")  # drilled down in place

    # Months, then the math of September for the whole company.
    page.locator("a[data-grain='month']").click()
    page.wait_for_url(re.compile(r"grain=month"))
    root = page.locator("tr.plan-row[data-depth='0']")
    root.locator("td[data-period='2026-09'] a").click()
    page.wait_for_selector("#math-panel #math[data-period='2026-09']")
    panel = page.locator("#math-panel").inner_text()
    assert "项目支撑" in panel
    for name in ("项目A", "项目B", "项目C"):
        assert name in panel
    assert "覆盖倍数" in panel
    september = root.locator("td[data-period='2026-09']")
    assert "cell--selected" in (september.get_attribute("class") or "")

    series = chart_series(page, "monthly-chart")
    assert [s["type"] for s in series] == ["bar", "bar", "line"]
    assert [float(v) for v in series[2]["data"]] == [
        LAST_YEAR.get(m, 0) / 10_000 for m in range(1, 13)
    ]
    chart_series(page, "tier-chart")
    chart_series(page, "funnel-chart")
    page.wait_for_timeout(700)  # let the charts' entry animation finish before the picture
    page.screenshot(path=str(results_dir / "plans-grid-math.png"), full_page=True)
    assert no_horizontal_overflow(page)


def test_a_rep_opens_their_own_page(
    page: Page, live_server: Any, world: World, today: date, results_dir: Path
) -> None:
    from pacer.plans.services import plan_build

    plan = plan_build(year=2026, target=Decimal(3_000_000), as_of=today, name="全年计划")
    base = live_server.url
    log_in(page, base, "rep_a")
    page.goto(f"{base}/plans/{plan.pk}/?tree=org")
    # The rep's own line opens by itself: company → sales department → their team → them.
    people = page.locator("tr.plan-row[data-dimension='person']")
    assert people.count() == 1
    assert "王小明" in people.first.inner_text()
    page.get_by_role("link", name="我的目标与动作").click()
    page.wait_for_url(f"{base}/plans/{plan.pk}/people/{world.rep_a.pk}/")
    assert page.locator("h1").inner_text() == "王小明的目标与动作"
    assert "项目A" in page.locator("#person-months").inner_text()
    assert page.locator("#person-actions tbody tr").count() > 0
    chart_series(page, "person-monthly-chart")
    page.wait_for_timeout(700)
    page.screenshot(path=str(results_dir / "plans-person.png"), full_page=True)
    assert no_horizontal_overflow(page)
    other = page.goto(f"{base}/plans/{plan.pk}/people/{world.rep_b.pk}/")
    assert other is not None
    assert other.status == 404
