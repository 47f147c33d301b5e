"""``pacer plan export|validate``, and the plan JSON: the CLI's equals the API's, as documented."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from pacer.org.models import AccessRole, Person
from pacer.plans.models import Plan
from tests.api.conftest import token_client
from tests.json_docs import at, documented_keys
from tests.plans.excel.handmade import write_handmade

DOC = Path(__file__).resolve().parents[2] / "docs" / "plan-json.md"


def run(*args: str) -> str:
    out = StringIO()
    call_command("plan", *args, stdout=out)
    return out.getvalue()


def test_export_then_validate_the_demo_plan(demo_plan: Plan, tmp_path: Path) -> None:
    path = tmp_path / "计划.xlsx"
    said = run("export", "--plan", str(demo_plan.pk), str(path))
    assert str(path) in said
    assert path.stat().st_size > 10_000
    said = run("validate", str(path))
    assert "校验通过" in said
    assert "50,000,000.00" in said
    english = tmp_path / "plan-en.xlsx"
    run("export", "--plan", str(demo_plan.pk), str(english), "--lang", "en")
    assert "校验通过" in run("validate", str(english))
    assert run("show", "--plan", str(demo_plan.pk)).startswith("计划")  # show still works


def test_validate_prints_every_problem_with_its_cells_and_fails(tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        wb["月度"]["N5"] = 11_000  # October of 新产品销售: the months no longer make the year
        wb["个人"]["C3"] = 200_001

    path = write_handmade(tmp_path / "手工计划.xlsx", edit=edit)
    out = StringIO()
    with pytest.raises(CommandError, match=r"手工计划\.xlsx 未通过校验：5 个问题"):
        call_command("plan", "validate", str(path), stdout=out)
    lines = out.getvalue().splitlines()
    # In the workbook's order: sheet by sheet, row by row.
    assert [line.split(": ")[0] for line in lines] == [
        "总览!B3",
        "月度!Q5",
        "月度!U5",
        "月度!Q7",
        "个人!C3",
    ]
    assert lines[1] == (
        "月度!Q5: 「新产品销售」的全年(元)为 100,000.00，"
        "但各月（月度!E5:P5）合计 101,000.00，相差 +1,000.00"
    )


def test_validate_a_file_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    path.write_text("not a workbook")
    out = StringIO()
    with pytest.raises(CommandError, match="1 个问题"):
        call_command("plan", "validate", str(path), stdout=out)
    assert out.getvalue().startswith("plan.xlsx: ")


@pytest.mark.django_db
def test_export_refuses_what_it_cannot_do(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="没有编号为 424242 的计划"):
        run("export", "--plan", "424242", str(tmp_path / "plan.xlsx"))
    plan = Plan.objects.create(name="空计划", year=2026, target=1, as_of="2026-01-01")
    with pytest.raises(CommandError, match=r"\.xlsx"):
        run("export", "--plan", str(plan.pk), str(tmp_path / "plan.csv"))
    with pytest.raises(CommandError, match="无法写入"):
        run("export", "--plan", str(plan.pk), str(tmp_path / "no-such-folder" / "plan.xlsx"))


# -- the JSON -----------------------------------------------------------------------------------


def test_cli_json_equals_api_json_for_a_director_and_every_key_is_documented(
    demo_plan: Plan,
) -> None:
    cli = json.loads(run("show", "--plan", str(demo_plan.pk), "--format", "json"))
    director = Person.objects.filter(access_role=AccessRole.DIRECTOR).first()
    assert director is not None
    response = token_client(director).get(f"/api/v1/plans/{demo_plan.pk}")
    assert response.status_code == 200
    assert response.json() == cli

    sections = documented_keys(DOC)
    assert len(sections) >= 15
    for path, keys in sections.items():
        value = at(cli, path)
        assert isinstance(value, dict), path
        assert keys == set(value), path
    # A node's children and the org tree have the node's keys; months and quarters too.
    node = sections["tree"]
    assert set(cli["org_tree"]) == node
    assert set(cli["tree"]["children"][0]["children"][0]) == node
    assert set(cli["org_tree"]["periods"][0]) == sections["tree.periods[0]"]
    assert set(cli["periods"][0]) == sections["tree.periods[0]"]
    assert set(cli["quarters"][0]) == sections["tree.quarters[0]"]
    assert set(cli["levels"]) == set(cli["tree"]["levels"])
