"""The demo hub's registry data (issue 11)."""


def build_demo_registry() -> None:
    """Filled in by the registry work."""
