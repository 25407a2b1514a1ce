"""The demo hub's evaluation data (issue 12)."""


def build_demo_evaluation() -> None:
    """Filled in by the evaluation work."""
