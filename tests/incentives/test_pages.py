"""The incentive pages through real HTTP, role by role."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from pacer.incentives.models import IncentiveStatement, StatementStatus
from pacer.incentives.services import incentives_compute
from pacer.org.models import Person
from tests.incentives.factories import AS_OF, JULY, July, order

TEAM_JULY = reverse("incentives:team") + "?month=2026-07"


def login(client: Client, person: Person) -> Client:
    assert person.user is not None
    client.force_login(person.user)
    return client


def statement_of(person: Person) -> IncentiveStatement:
    return IncentiveStatement.objects.get(person=person, status=StatementStatus.CURRENT)


@pytest.fixture
def computed(july: July) -> July:
    incentives_compute(month=JULY, as_of=AS_OF, user=None)
    return july


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("pacer.web.clock.today", lambda: date(2026, 8, 20))


def test_my_statements_show_every_line_and_the_earlier_version(
    client: Client, computed: July
) -> None:
    w = computed.world
    order(w, "b", "100000.00", date(2026, 7, 30))  # late: rep_b's July is recomputed
    incentives_compute(month=JULY, as_of=date(2026, 8, 20), user=None)
    html = login(client, w.rep_b).get(reverse("incentives:mine")).content.decode()
    assert 'data-month="2026-07"' in html
    assert "提成：加权销售额 40.00万 × 费率 3.0%（当月目标已达成，+1%）= 1.20万" in html
    assert "第 2 版" in html
    assert 'data-version="1"' in html  # the earlier version, with its own lines
    assert (
        "提成：加权销售额 30.00万 × 费率 2.0%（当月目标 40.00万 未达成，完成率 75.0%）= 6,000元"
        in html
    )
    assert "2026-08-05" in html  # the first version's data date
    assert "王小明" not in html


def test_the_statement_page_shows_inputs_scheme_and_versions(
    client: Client, computed: July
) -> None:
    a = statement_of(computed.world.rep_a)
    response = login(client, computed.world.rep_a).get(reverse("incentives:detail", args=[a.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "1.86万" in html
    assert 'data-stage="proposal"' in html
    assert "62.00万" in html
    assert 'id="versions"' in html
    assert "基础提成率" in html


def test_english_readers_get_english_numbers(client: Client, computed: July) -> None:
    rep_a = computed.world.rep_a
    rep_a.language = "en"
    rep_a.save()
    a = statement_of(rep_a)
    html = login(client, rep_a).get(reverse("incentives:detail", args=[a.pk])).content.decode()
    assert "¥18,600.00" in html


def test_a_rep_cannot_open_another_reps_statement(client: Client, computed: July) -> None:
    b = statement_of(computed.world.rep_b)
    response = login(client, computed.world.rep_a).get(reverse("incentives:detail", args=[b.pk]))
    assert response.status_code == 404


def test_a_manager_sees_their_people_only(client: Client, computed: July) -> None:
    w = computed.world
    html = login(client, w.manager_south).get(TEAM_JULY).content.decode()
    assert f'data-person="{w.rep_a.pk}"' in html
    assert f'data-person="{w.rep_b.pk}"' in html
    assert f'data-person="{w.rep_c.pk}"' not in html
    assert 'id="compute-form"' not in html
    c = statement_of(w.rep_c)
    assert client.get(reverse("incentives:detail", args=[c.pk])).status_code == 404
    a = statement_of(w.rep_a)
    assert client.get(reverse("incentives:detail", args=[a.pk])).status_code == 200


def test_a_rep_on_the_team_page_sees_only_themselves(client: Client, computed: July) -> None:
    w = computed.world
    html = login(client, w.rep_a).get(TEAM_JULY).content.decode()
    assert f'data-person="{w.rep_a.pk}"' in html
    assert f'data-person="{w.rep_b.pk}"' not in html


def test_a_director_sees_everyone_and_computes(client: Client, july: July) -> None:
    w = july.world
    login(client, w.director)
    empty = client.get(TEAM_JULY).content.decode()
    assert 'id="no-statements"' in empty
    assert 'id="compute-form"' in empty
    response = client.post(reverse("incentives:compute"), {"month": "2026-07"})
    assert response.status_code == 302
    assert response["Location"] == TEAM_JULY
    assert IncentiveStatement.objects.filter(month=JULY).count() == 3
    html = client.get(TEAM_JULY).content.decode()
    assert "已计算 2026-07：新版本 3 份，未变化 0 份" in html
    for rep in (w.rep_a, w.rep_b, w.rep_c):
        assert f'data-person="{rep.pk}"' in html
    assert statement_of(w.rep_a).as_of == date(2026, 8, 20)  # today, from the page's clock


@pytest.mark.parametrize("who", ["rep_a", "manager_south"])
def test_only_directors_and_admins_may_compute(client: Client, july: July, who: str) -> None:
    response = login(client, getattr(july.world, who)).post(
        reverse("incentives:compute"), {"month": "2026-07"}
    )
    assert response.status_code == 403
    assert not IncentiveStatement.objects.exists()


def test_an_admin_computes_too(client: Client, july: July) -> None:
    login(client, july.world.admin).post(reverse("incentives:compute"), {"month": "2026-07"})
    assert IncentiveStatement.objects.filter(month=JULY).count() == 3


def test_bad_months_are_explained_not_500(client: Client, computed: July) -> None:
    login(client, computed.world.director)
    html = client.get(reverse("incentives:team") + "?month=2026-7x").content.decode()
    assert "“2026-7x”不是 YYYY-MM 格式的月份" in html
    response = client.post(reverse("incentives:compute"), {"month": "13/2026"}, follow=True)
    assert "“13/2026”不是 YYYY-MM 格式的月份" in response.content.decode()
    future = client.post(reverse("incentives:compute"), {"month": "2026-12"}, follow=True)
    assert "2026-12 还没有开始" in future.content.decode()
    assert IncentiveStatement.objects.count() == 3


def test_the_export_holds_the_readers_people(client: Client, computed: July) -> None:
    response = login(client, computed.world.manager_south).get(
        reverse("incentives:export") + "?month=2026-07"
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="incentives-2026-07.xlsx"'
    book = load_workbook(BytesIO(response.content))
    names = {row[0] for row in book["激励汇总"].iter_rows(min_row=2, values_only=True)}
    assert names == {"王小明", "赵小红"}


def test_the_schemes_page_lists_the_schemes(client: Client, july: July) -> None:
    html = login(client, july.world.rep_a).get(reverse("incentives:schemes")).content.decode()
    assert f'data-scheme="{july.scheme.pk}"' in html
    assert "客户经理激励方案" in html
    assert "后台管理" not in html.split('<main class="page">', 1)[1]


def test_an_admin_without_a_person_goes_to_the_team_page(client: Client, july: July) -> None:
    from django.contrib.auth.models import User

    root = User.objects.create_superuser("root", password="x")
    client.force_login(root)
    response = client.get(reverse("incentives:mine"))
    assert response.status_code == 302
    assert response["Location"] == reverse("incentives:team")


def test_anonymous_visitors_are_sent_to_log_in(client: Client) -> None:
    for name in ("mine", "team", "schemes", "export"):
        response = client.get(reverse(f"incentives:{name}"))
        assert response.status_code == 302
        assert "/login/" in response["Location"]


def test_the_admin_edits_schemes_and_only_reads_statements(client: Client, computed: July) -> None:
    login(client, computed.world.admin)
    assert client.get(reverse("admin:incentives_incentivescheme_add")).status_code == 200
    assert client.get(reverse("admin:incentives_mentorship_add")).status_code == 200
    assert client.get(reverse("admin:incentives_incentivestatement_changelist")).status_code == 200
    assert client.get(reverse("admin:incentives_incentivestatement_add")).status_code == 403
