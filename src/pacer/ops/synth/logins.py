"""A few logins for the generated people, so the pages can be opened as them."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db import transaction

from pacer.ops.synth.writer import USERNAME_PREFIX
from pacer.org.models import Person


@transaction.atomic
def logins_create(*, count: int, password: str) -> list[str]:
    """Logins ``synth-<person id>`` for the director and the first managers, and the last
    person (a rep); all with ``password``. Returns the usernames."""
    if count <= 0:
        return []
    first = list(Person.objects.order_by("pk").values_list("pk", flat=True)[: count - 1])
    last = Person.objects.order_by("-pk").values_list("pk", flat=True).first()
    chosen = sorted({*first, *([last] if last is not None else [])})
    hashed = make_password(password)
    users = User.objects.bulk_create(
        User(username=f"{USERNAME_PREFIX}{pk:05d}", password=hashed) for pk in chosen
    )
    by_name = {u.username: u for u in User.objects.filter(username__in=[u.username for u in users])}
    people = list(Person.objects.filter(pk__in=chosen).order_by("pk"))
    for person in people:
        person.user = by_name[f"{USERNAME_PREFIX}{person.pk:05d}"]
    Person.objects.bulk_update(people, ["user"])
    return sorted(by_name)
