"""Gap attribution through the funnel: which stage explains a node being behind.

Each stage's done count is compared with its planned count up to today. The bottleneck is the
step between two consecutive stages where the ratio of done-to-planned falls the most: "leads
120 % of plan, proposals 60 %: the bottleneck is needs → proposal".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise

STAGE_ORDER = ("lead", "needs", "proposal", "won")


@dataclass(frozen=True)
class StageProgress:
    stage: str
    planned: int
    done: int

    @property
    def ratio(self) -> Decimal | None:
        if self.planned <= 0:
            return None
        return (Decimal(self.done) / Decimal(self.planned)).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )


@dataclass(frozen=True)
class Bottleneck:
    """The step ``from_stage → to_stage`` where the done/planned ratio drops by ``drop``."""

    from_stage: str
    to_stage: str
    from_ratio: Decimal
    to_ratio: Decimal

    @property
    def drop(self) -> Decimal:
        return self.from_ratio - self.to_ratio


def funnel_progress(
    planned: Mapping[str, int], done: Mapping[str, int], stages: Sequence[str] = STAGE_ORDER
) -> list[StageProgress]:
    return [StageProgress(s, planned.get(s, 0), done.get(s, 0)) for s in stages]


def bottleneck(progress: Sequence[StageProgress]) -> Bottleneck | None:
    """The largest drop in done/planned between consecutive stages with a plan, if any drop.

    When the very first stage is already short, the bottleneck is at the top: not enough leads
    (reported as ``"" → first stage``).
    """
    rated = [(p.stage, r) for p in progress if (r := p.ratio) is not None]
    if not rated:
        return None
    best: Bottleneck | None = None
    first_stage, first_ratio = rated[0]
    if first_ratio < 1:
        best = Bottleneck("", first_stage, Decimal(1), first_ratio)
    for (a, ra), (b, rb) in pairwise(rated):
        step = Bottleneck(a, b, ra, rb)
        if step.drop > 0 and (best is None or step.drop > best.drop):
            best = step
    return best
