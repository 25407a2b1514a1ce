from tests.cases.conftest import coordinator, coordinator_client  # noqa: F401 - shared fixtures
