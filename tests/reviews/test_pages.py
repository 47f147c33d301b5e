"""Review pages through real HTTP: who sees which review, generating, filling in, printing,
exporting."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from django.test import Client
from openpyxl import load_workbook

from pacer.crm.models import Lead
from pacer.reviews.models import Review
from pacer.reviews.services import review_generate
from tests.reviews.conftest import make_plan
from tests.world import PASSWORD, World

WEEK = date(2026, 6, 8)


def _client(login: str) -> Client:
    client = Client()
    assert client.login(username=login, password=PASSWORD)
    return client


@pytest.fixture
def reviews(world: World) -> dict[str, Review]:
    make_plan([(world.rep_a, "lead", 3, date(2026, 6, 10))])
    Lead.objects.create(source="online", date=date(2026, 6, 9), person=world.rep_a)
    made = {
        key: review_generate(kind="weekly", person=person, period_start=WEEK)
        for key, person in (
            ("rep_a", world.rep_a),
            ("rep_b", world.rep_b),
            ("rep_c", world.rep_c),
            ("manager_south", world.manager_south),
        )
    }
    made["south"] = review_generate(kind="weekly", team=world.south, period_start=WEEK)
    made["east"] = review_generate(kind="monthly", team=world.east, period_start=WEEK)
    made["root"] = review_generate(kind="monthly", team=world.root, period_start=WEEK)
    return made


@pytest.mark.parametrize(
    ("login", "visible"),
    [
        ("rep_a", {"rep_a"}),
        ("manager_south", {"rep_a", "rep_b", "manager_south", "south"}),
        ("manager_east", {"rep_c", "east"}),
        ("director", {"rep_a", "rep_b", "rep_c", "manager_south", "south", "east", "root"}),
        ("admin", {"rep_a", "rep_b", "rep_c", "manager_south", "south", "east", "root"}),
    ],
)
def test_each_role_sees_exactly_its_reviews(
    reviews: dict[str, Review], login: str, visible: set[str]
) -> None:
    client = _client(login)
    page = client.get("/reviews/").content.decode()
    for key, review in reviews.items():
        listed = f'data-review="{review.pk}"' in page
        assert listed is (key in visible), key
        for suffix in ("", "print/", "export.xlsx"):
            status = client.get(f"/reviews/{review.pk}/{suffix}").status_code
            assert status == (200 if key in visible else 404), (key, suffix)


def test_anonymous_is_sent_to_login(reviews: dict[str, Review]) -> None:
    response = Client().get(f"/reviews/{reviews['rep_a'].pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_generate_from_the_page(world: World) -> None:
    manager = _client("manager_south")
    response = manager.post(
        "/reviews/generate/",
        {"kind": "weekly", "subject": f"team:{world.south.pk}", "period": "2026-W24"},
    )
    review = Review.objects.get(team=world.south)
    assert response.status_code == 302
    assert response["Location"] == f"/reviews/{review.pk}/"
    assert review.period_start == WEEK
    assert review.author is not None
    assert review.author.get_username() == "manager_south"

    # A rep cannot generate a team's review, nor another rep's.
    rep = _client("rep_a")
    refused = rep.post(
        "/reviews/generate/",
        {"kind": "weekly", "subject": f"team:{world.south.pk}", "period": "2026-W24"},
    )
    assert refused.status_code == 400
    other = rep.post(
        "/reviews/generate/",
        {"kind": "weekly", "subject": f"person:{world.rep_b.pk}", "period": "2026-W24"},
    )
    assert other.status_code == 400
    assert not Review.objects.filter(person=world.rep_b).exists()

    bad = rep.post(
        "/reviews/generate/",
        {"kind": "monthly", "subject": f"person:{world.rep_a.pk}", "period": "2026-W24"},
    )
    assert bad.status_code == 400
    assert "“2026-W24”不是月复盘的期间，应写成 YYYY-MM" in bad.content.decode()


def test_fill_in_regenerate_print_and_export(world: World, reviews: dict[str, Review]) -> None:
    review = reviews["rep_a"]
    (missed,) = [a for a in review.data["actions"] if not a["met"]]
    client = _client("rep_a")
    page = client.get(f"/reviews/{review.pk}/").content.decode()
    assert f'name="reason:{missed["key"]}"' in page
    saved = client.post(
        f"/reviews/{review.pk}/",
        {
            f"reason:{missed['key']}": "展会延期到七月",
            "next_week": "补两场线上推介会",
            "comments": "",
        },
    )
    assert saved.status_code == 302
    again = client.post(f"/reviews/{review.pk}/regenerate/")
    assert again.status_code == 302
    review.refresh_from_db()
    assert review.reasons == {missed["key"]: "展会延期到七月"}
    assert review.next_week == "补两场线上推介会"
    assert review.updated_by is not None

    printed = client.get(f"/reviews/{review.pk}/print/").content.decode()
    assert "reviews/reviews.css" in printed
    assert "展会延期到七月" in printed
    assert "补两场线上推介会" in printed

    exported = client.get(f"/reviews/{review.pk}/export.xlsx")
    assert exported["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "review-weekly-person" in exported["Content-Disposition"]
    book = load_workbook(BytesIO(exported.content))
    actions = list(book["动作"].iter_rows(min_row=2, values_only=True))
    assert actions == [
        (
            world.rep_a.name,
            "线索",
            3,
            1,
            2,
            actions[0][5],
            actions[0][6],
            actions[0][7],
            "否",
            "展会延期到七月",
        )
    ]
    assert actions[0][5].date() == date(2026, 6, 10)


def test_overlong_text_is_a_form_error_not_a_crash(reviews: dict[str, Review]) -> None:
    review = reviews["rep_a"]
    client = _client("rep_a")
    response = client.post(f"/reviews/{review.pk}/", {"next_week": "长" * 5001})
    assert response.status_code == 400
    review.refresh_from_db()
    assert review.next_week == ""
