"""Emails about interpreter bookings. Tasks take ids, never model instances, and render in the
recipient's language."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

# Who hears of what: the interpreter of a new or cancelled booking, the case's coordinator of
# the interpreter's answer.
TO_INTERPRETER = {"booked", "cancelled"}
TO_COORDINATOR = {"accepted", "declined"}


@shared_task
def send_booking_notification(booking_id: int, kind: str) -> int:
    """Emails the person a booking event concerns, in their preferred language, with a link to
    the page where they act on it. Returns how many messages were sent."""
    from django.urls import reverse

    from medhub.core.i18n import pick
    from medhub.core.selectors import hub_settings
    from medhub.interpreting.models import InterpreterBooking

    booking = InterpreterBooking.objects.select_related(
        "interpreter__user", "appointment__case__owner", "appointment__slot__institution", "booked_by"
    ).get(pk=booking_id)
    case = booking.appointment.case
    if kind in TO_INTERPRETER:
        recipient = booking.interpreter.user
        url_name, kwargs = "interpreter-home", {}
    elif kind in TO_COORDINATOR:
        recipient = case.owner or booking.booked_by
        url_name, kwargs = "case-interpreters", {"reference": case.reference}
    else:
        raise ValueError(f"unknown booking notification {kind!r}")
    if recipient is None or not recipient.email:
        return 0
    language = recipient.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "booking": booking,
            "case": case,
            "institution": pick(booking.appointment.slot.institution.name, language),
            "hub_name": pick(hub_settings().name, language) or "medhub",
            "hub_zone": settings.TIME_ZONE,
            "url": f"{settings.MEDHUB_BASE_URL}{reverse(url_name, kwargs=kwargs)}",
        }
        subject = render_to_string(f"interpreting/email/booking_{kind}_subject.txt", context).strip()
        body = render_to_string(f"interpreting/email/booking_{kind}.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient.email])
    return 1
