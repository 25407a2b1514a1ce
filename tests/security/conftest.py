from tests.cases.conftest import coordinator, inquiry_data  # noqa: F401  (shared fixtures)
