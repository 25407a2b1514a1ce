"""Pages offer only the moves a status's declared workflow allows (``core/workflow.py``):
``{% if stay|can_become:"cancelled" %}…{% endif %}``."""

from django import template

from medhub.core.workflow import governing

register = template.Library()


@register.filter
def can_become(obj, to_state: str) -> bool:
    """Whether ``obj.status`` may move to ``to_state`` under the workflow governing it."""
    if not hasattr(obj, "_meta"):
        return False
    workflow = governing(type(obj), "status")
    return workflow is not None and workflow.allowed(obj.status, to_state)
