"""The director drills down the progress tree and opens a person's page with its chart drawn."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from pacer.plans.models import Plan, PlanNode
from pacer.web import clock
from tests.plans.conftest import DEMO_DAY, demo, demo_plan  # noqa: F401

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "x"  # the password the ``demo`` fixture gives every login


def log_in(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("form[action='/login/'] button[type=submit]").click()
    page.wait_for_url(f"{base_url}/")


def chart_state(page: Page, element_id: str) -> dict[str, Any]:
    page.wait_for_selector(f"#{element_id} canvas")
    return page.evaluate(
        """(id) => {
            const el = document.getElementById(id);
            const canvas = el.querySelector('canvas');
            const chart = window.echarts && window.echarts.getInstanceByDom(el);
            const option = chart ? chart.getOption() : null;
            return {
                instance: Boolean(chart),
                width: canvas.getBoundingClientRect().width,
                height: canvas.getBoundingClientRect().height,
                categories: option ? option.xAxis[0].data : [],
                series: option ? option.series.map((s) => s.data) : [],
            };
        }""",
        element_id,
    )


def test_director_drills_down_to_a_person_with_the_monthly_chart(
    page: Page,
    live_server: Any,
    demo_plan: Plan,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    results_dir: Path,
) -> None:
    monkeypatch.setattr(clock, "today", lambda: DEMO_DAY)
    log_in(page, live_server.url, "demo-director")
    page.goto(f"{live_server.url}/track/")
    assert page.locator("h1").inner_text() == "进度追踪"
    team = PlanNode.objects.get(plan=demo_plan, tree="org", label="珠三角一区（深莞惠）")
    people = list(PlanNode.objects.filter(parent=team).order_by("position"))
    team_row = page.locator(f"tr[data-node='{team.pk}']")
    person_rows = [page.locator(f"tr[data-node='{p.pk}']") for p in people]
    assert team_row.is_visible()
    assert not any(row.is_visible() for row in person_rows)

    # Open the team: its people appear, each with a pace signal and a bar.
    team_row.locator("[data-toggle]").click()
    assert all(row.is_visible() for row in person_rows)
    assert team_row.locator("[data-toggle]").get_attribute("aria-expanded") == "true"
    assert {row.get_attribute("data-signal") for row in person_rows} <= {"green", "yellow", "red"}
    page.screenshot(path=str(results_dir / "progress-overview.png"), full_page=True)
    # Close it again: the people are hidden.
    team_row.locator("[data-toggle]").click()
    assert not any(row.is_visible() for row in person_rows)
    team_row.locator("[data-toggle]").click()

    person = people[0]
    page.locator(f"[data-node-link='{person.pk}']").click()
    page.wait_for_url(f"{live_server.url}/track/nodes/{person.pk}/")
    assert page.locator("h1").inner_text() == person.label
    state = chart_state(page, "node-chart")
    assert state["instance"]
    assert state["width"] > 300
    assert state["height"] > 200
    assert state["categories"] == [f"{m}月" for m in range(1, 13)]
    targets, actuals, _cumulative_target, cumulative_actual = state["series"]
    assert len(targets) == 12
    # Months from July on have not begun: no actual drawn.
    assert actuals[6:] == [None] * 6
    assert cumulative_actual[5] is not None
    assert page.locator("#gap").is_visible()
    page.wait_for_timeout(500)
    page.screenshot(path=str(results_dir / "progress-node.png"), full_page=True)

    # The breadcrumb leads back up; the sources page draws its chart too.
    page.locator(f"[data-crumb='{team.pk}']").click()
    page.wait_for_url(f"{live_server.url}/track/nodes/{team.pk}/")
    page.goto(f"{live_server.url}/track/sources/")
    sources = chart_state(page, "sources-chart")
    assert sources["categories"][:3] == ["展会", "转介绍", "线上"]
    assert page.locator("[data-recommendation]").count() >= 1
    page.wait_for_timeout(500)
    page.screenshot(path=str(results_dir / "progress-sources.png"), full_page=True)


def test_opening_a_node_of_a_large_tree_loads_its_rows(
    page: Page,
    live_server: Any,
    demo_plan: Plan,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pacer.progress import pages

    monkeypatch.setattr(clock, "today", lambda: DEMO_DAY)
    monkeypatch.setattr(pages, "FULL_TREE_ROWS", 3)  # the demo's tree counts as large
    log_in(page, live_server.url, "demo-director")
    page.goto(f"{live_server.url}/track/")
    team = PlanNode.objects.get(plan=demo_plan, tree="org", label="珠三角一区（深莞惠）")
    people = list(PlanNode.objects.filter(parent=team).order_by("position"))
    assert page.locator("#tree[data-partial]").count() == 1
    assert page.locator(f"tr[data-node='{people[0].pk}']").count() == 0

    page.locator(f"tr[data-node='{team.pk}'] [data-toggle]").click()
    page.wait_for_url(f"{live_server.url}/track/?*open=*")
    assert all(page.locator(f"tr[data-node='{p.pk}']").is_visible() for p in people)
    toggle = page.locator(f"tr[data-node='{team.pk}'] [data-toggle]")
    assert toggle.get_attribute("aria-expanded") == "true"
    # Its rows are on the page now: closing it again needs no request.
    toggle.click()
    assert not any(page.locator(f"tr[data-node='{p.pk}']").is_visible() for p in people)
