"""``pacer review weekly|monthly`` on the demo company: text, .xlsx, and clear refusals."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from pacer.org.models import AccessRole, Person, Team
from pacer.plans.models import Plan
from pacer.reviews.models import Review


def _run(*args: str) -> str:
    out = StringIO()
    call_command("review", *args, stdout=out)
    return out.getvalue()


def test_weekly_and_monthly_as_text_and_xlsx(demo_plan: Plan, tmp_path: Path) -> None:
    rep = Person.objects.filter(access_role=AccessRole.REP).order_by("pk").first()
    assert rep is not None
    text = _run("weekly", "--person", str(rep.pk), "--period", "2026-W24")
    review = Review.objects.get(kind="weekly", person=rep)
    assert text.splitlines()[0] == f"{rep.name} 周复盘 2026-W24"
    assert "2026-W24（2026-06-08 至 2026-06-14）" in text
    summary = review.data["actions_summary"]
    assert (
        f"动作：计划 {summary['planned']} 项，完成 {summary['met']} 项，"
        f"未完成 {summary['missed']} 项"
    ) in text
    assert f"本周活动 {review.data['activities']['total']} 次" in text

    team = Team.objects.filter(parent__isnull=False).order_by("pk").first()
    assert team is not None
    out = tmp_path / "team.xlsx"
    said = _run("monthly", "--team", str(team.pk), "--period", "2026-06", "--out", str(out))
    assert str(out) in said
    book = load_workbook(out)
    assert "目标进度" in book.sheetnames
    monthly = Review.objects.get(kind="monthly", team=team)
    first = next(book["概要"].iter_rows(min_row=2, values_only=True))
    assert first == ("复盘", f"{team.name} 月复盘 2026-06")
    assert monthly.data["period"]["label"] == "2026-06"

    monthly_text = _run("monthly", "--team", str(team.pk), "--period", "2026-06")
    assert "目标进度：" in monthly_text
    assert Review.objects.filter(kind="monthly", team=team).count() == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("weekly", "--person", "{rep}", "--period", "2026-24"), "不是周复盘的期间（格式 YYYY-Www"),
        (("weekly", "--person", "{rep}", "--period", "2026-W60"), "例如 2026-W24"),
        (("monthly", "--person", "{rep}", "--period", "2026-13"), "不是月复盘的期间（格式 YYYY-MM"),
        (("monthly", "--person", "{rep}", "--period", "2026-W24"), "例如 2026-06"),
        (("monthly", "--person", "999999", "--period", "2026-06"), "没有编号为 999999 的人员"),
        (("monthly", "--team", "999999", "--period", "2026-06"), "没有编号为 999999 的团队"),
        (("weekly", "--person", "{rep}", "--period", "2026-W24", "--out", "x.csv"), ".xlsx"),
    ],
)
def test_bad_input_is_a_clear_error(world: object, args: tuple[str, ...], message: str) -> None:
    rep = Person.objects.get(name="王小明")
    filled = [a.format(rep=rep.pk) for a in args]
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(".", r"\.")):
        _run(*filled)
    assert not Review.objects.exists()


def test_an_unwritable_out_file_is_a_clear_error(world: object, tmp_path: Path) -> None:
    rep = Person.objects.get(name="王小明")
    target = tmp_path / "missing-dir" / "w.xlsx"
    with pytest.raises(CommandError, match="无法写入"):
        _run("weekly", "--person", str(rep.pk), "--period", "2026-W24", "--out", str(target))
