"""The demo hub's verification data (issue 11)."""


def build_demo_verification() -> None:
    """Filled in by the verification work."""
