from __future__ import annotations

import os

import pytest
from hypothesis import settings as hypothesis_settings
from pytest_django.fixtures import Settings as SettingsWrapper

from tests.world import World, build_world

# No deadlines: a busy machine makes an example slow, not wrong. In CI the examples are the
# same on every run (``derandomize``), so a red run can always be reproduced; elsewhere each
# run explores new ones.
hypothesis_settings.register_profile("dev", deadline=None)
hypothesis_settings.register_profile("ci", deadline=None, derandomize=True)
hypothesis_settings.load_profile(os.environ.get("PACER_HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: SettingsWrapper) -> None:
    # The production hasher is slow on purpose; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _login_rate_limit_off(settings: SettingsWrapper) -> None:
    # Django's test client logs in without a request, which the lockout backend needs;
    # tests/audit/test_login_rate_limit.py turns the limit back on.
    settings.AXES_ENABLED = False


@pytest.fixture
def world(db: None) -> World:
    return build_world()
