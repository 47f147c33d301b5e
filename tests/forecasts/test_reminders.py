"""Who has not submitted is reminded once per cycle, in the app and by e-mail."""

from __future__ import annotations

from datetime import date
from io import StringIO

from django.core import mail
from django.core.management import call_command

from pacer.access import actor_for_person
from pacer.forecasts.models import ForecastReminder
from pacer.forecasts.reminders import reminders_send
from pacer.forecasts.selectors import SYSTEM
from tests.forecasts.helpers import CYCLE_B, moment, submit
from tests.world import World

DAY = date(2026, 6, 10)


def test_reminders_go_once_per_cycle(world: World) -> None:
    world.rep_b.email = "rep_b@example.com"
    world.rep_b.save()
    submit(world.rep_a, DAY, "1000", "原因")
    sent = reminders_send(actor=actor_for_person(world.manager_south), today=DAY, at=moment(DAY))
    # manager_south's scope: himself and rep_b have not submitted; rep_a has.
    assert {r.person_id for r in sent} == {world.manager_south.pk, world.rep_b.pk}
    assert len(mail.outbox) == 1  # only rep_b has an address
    message = mail.outbox[0]
    assert message.to == ["rep_b@example.com"]
    assert message.subject == "请提交本期滚动预测"
    assert "2026-06-22 至 2026-08-02" in message.body
    # The same day or later in the cycle: nobody is reminded twice.
    later = reminders_send(actor=SYSTEM, today=date(2026, 6, 20), at=moment(date(2026, 6, 20)))
    assert {r.person_id for r in later} == {world.manager_east.pk, world.rep_c.pk}
    assert reminders_send(actor=SYSTEM, today=date(2026, 6, 21), at=moment(date(2026, 6, 21))) == []
    assert ForecastReminder.objects.filter(cycle_start=CYCLE_B).count() == 4
    assert len(mail.outbox) == 1
    # The next cycle starts over.
    nxt = reminders_send(actor=SYSTEM, today=date(2026, 6, 22), at=moment(date(2026, 6, 22)))
    assert len(nxt) == 5
    assert len(mail.outbox) == 2


def test_remind_command_reminds_everyone_missing(world: World) -> None:
    world.rep_c.language = "en"
    world.rep_c.email = "rep_c@example.com"
    world.rep_c.save()
    out = StringIO()
    call_command("forecast", "remind", "--as-of", "2026-06-10", stdout=out)
    assert "5" in out.getvalue()
    assert ForecastReminder.objects.count() == 5
    call_command("forecast", "remind", "--as-of", "2026-06-11", stdout=StringIO())
    assert ForecastReminder.objects.count() == 5
    assert [m.to for m in mail.outbox] == [["rep_c@example.com"]]
