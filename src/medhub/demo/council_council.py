"""The demo hub's council data (issue 12)."""


def build_demo_council() -> None:
    """Filled in by the council work."""
