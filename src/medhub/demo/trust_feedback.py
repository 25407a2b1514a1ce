"""The demo hub's feedback data (issue 11)."""


def build_demo_feedback() -> None:
    """Filled in by the feedback work."""
