"""The schedule part of a case page, drawn by scheduling itself: the case pages include it with
``{% case_schedule case %}`` and so never import scheduling (scheduling sits above cases)."""

from django import template
from django.utils import timezone

from medhub.accounts import permissions
from medhub.cases import access
from medhub.cases.models import CaseState
from medhub.cases.selectors import accepted_institution_id
from medhub.scheduling import ical, selectors, services
from medhub.scheduling.models import ConsultNote

register = template.Library()

SCHEDULE_MESSAGE = "schedule"


@register.inclusion_tag("scheduling/_case_schedule.html", takes_context=True)
def case_schedule(context, case):
    request = context["request"]
    user = request.user
    books = permissions.may_follow_trip(user, case)
    institution_id = accepted_institution_id(case) if books else None
    open_slots = list(selectors.open_slots(institution_id)[:30]) if institution_id and case.state == CaseState.ACCEPTED else []
    appointments = list(selectors.appointments_for_case(case))
    if appointments:
        rights = access.rights_for(user, case)
        now = timezone.now()
        for appointment in appointments:
            slot_institution = appointment.slot.institution_id
            appointment.note = _note(appointment)
            appointment.note_readable = selectors.consult_note_readable(rights, slot_institution)
            appointment.note_writable = (
                permissions.may_write_consult_note(user, slot_institution)
                and appointment.slot.starts_at <= now
                and services.note_editable(appointment.note)
            )
        # The institution sees its own appointments only; the patient and the hub all of them.
        appointments = [a for a in appointments if books or a.note_readable]
    # The booking's own outcome ("Someone has just booked this slot") is shown here, next to
    # the slots (``SCHEDULE_MESSAGE`` tags it in the book view); the rest of the page (the
    # thread, drawn later) is left the other messages only.
    pending = list(context.get("messages") or ())
    schedule_messages = [m for m in pending if SCHEDULE_MESSAGE in (m.extra_tags or "").split()]
    if schedule_messages:
        context["messages"] = [m for m in pending if m not in schedule_messages]
    return {
        "case": case,
        "csrf_token": context.get("csrf_token"),
        "schedule_messages": schedule_messages,
        "open_slots": open_slots,
        "appointments": appointments,
        "books": books,
        "case_feed_url": request.build_absolute_uri(f"/ical/{ical.feed_token('case', case.id)}.ics"),
    }


def _note(appointment):
    try:
        return appointment.consult_note
    except ConsultNote.DoesNotExist:
        return None
