"""The schedule part of a case page, drawn by scheduling itself: the case pages include it with
``{% case_schedule case %}`` and so never import scheduling (scheduling sits above cases)."""

from django import template

from medhub.cases.models import CaseState
from medhub.cases.selectors import accepted_institution_id
from medhub.scheduling import ical, selectors

register = template.Library()


@register.inclusion_tag("scheduling/_case_schedule.html", takes_context=True)
def case_schedule(context, case):
    request = context["request"]
    institution_id = accepted_institution_id(case)
    open_slots = list(selectors.open_slots(institution_id)[:30]) if institution_id and case.state == CaseState.ACCEPTED else []
    return {
        "case": case,
        "csrf_token": context.get("csrf_token"),
        "open_slots": open_slots,
        "appointments": list(selectors.appointments_for_case(case)),
        "case_feed_url": request.build_absolute_uri(f"/ical/{ical.feed_token('case', case.id)}.ics"),
    }
