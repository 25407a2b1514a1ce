"""The demo hub's partners data (issue 11)."""


def build_demo_partners() -> None:
    """Filled in by the partners work."""
