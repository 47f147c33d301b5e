"""Template helpers of reviews and the action list: ``{% load reviews %}``."""

from __future__ import annotations

from django import template

from pacer.reviews.present import stage_label as _stage_label

register = template.Library()


@register.simple_tag
def stage_label(stage: str) -> str:
    """A funnel stage's name in the reader's language (``lead`` → 线索)."""
    return _stage_label(stage)
