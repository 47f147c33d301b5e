from __future__ import annotations

import pytest

from tests.incentives.factories import July, build_july
from tests.world import World


@pytest.fixture
def july(world: World) -> July:
    return build_july(world)
