"""Say it once, safely: actions that cannot be undone, or that affect someone else, are confirmed
on a second page before they happen (decision 0014).

A page's button posts the action as usual; the view asks ``confirmed(request)`` and, while the
confirmation is missing, answers with ``confirm_page``: what will happen, who is told, a reason
field where someone else is affected (kept as typed), and a button that posts the same action
again with the confirmation. It needs no JavaScript, and a post without the confirmation never
acts. The reason itself is the service's rule (it refuses an empty one at every door)."""

from dataclasses import dataclass

from django.shortcuts import render

CONFIRM_FIELD = "confirmed"


def confirmed(request) -> bool:
    return request.POST.get(CONFIRM_FIELD) == "yes"


@dataclass(frozen=True)
class Reason:
    name: str  # the form field the view reads
    label: str
    value: str = ""
    max_length: int = 300


def confirm_page(
    request,
    *,
    title: str,
    consequence: str,
    button: str,
    back: str,
    fields: dict,
    reason: Reason | None = None,
    told: str = "",
    danger: bool = False,
    error: str = "",
    status: int = 200,
):
    """The "are you sure?" page: ``fields`` are posted again as they came (hidden), with the
    confirmation and, if asked, the reason."""
    context = {
        "title": title,
        "consequence": consequence,
        "button": button,
        "back": back,
        "fields": [
            (name, value)
            for name, value in fields.items()
            if name not in (CONFIRM_FIELD, "csrfmiddlewaretoken") and (reason is None or name != reason.name)
        ],
        "reason": reason,
        "told": told,
        "danger": danger,
        "error": error,
        "confirm_field": CONFIRM_FIELD,
        "action": request.get_full_path(),
    }
    response = render(request, "core/confirm.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response
