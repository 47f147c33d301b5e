"""Writes made from the pages."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from pacer.org.models import Person


def person_set_language(*, person: Person, language: str) -> Person:
    """Save ``language`` (a code from ``settings.LANGUAGES``) as the person's interface language."""
    if language not in {code for code, _name in settings.LANGUAGES}:
        msg = f"unsupported language {language!r}"
        raise ValueError(msg)
    with transaction.atomic():
        person.language = language
        person.save(update_fields=["language"])
    return person
