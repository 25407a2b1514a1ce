"""The demo hub's complaints data (issue 11)."""


def build_demo_complaints() -> None:
    """Filled in by the complaints work."""
