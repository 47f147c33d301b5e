from tests.plans.conftest import demo, demo_plan  # noqa: F401
